"""Evidence and letters."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from letters.models import LetterDelivery

from ..models import (
    EvidenceDocument,
    Letter,
)
from ..templatetags.case_words import letter_kind


class CaseEvidenceUploadSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, max_length=200)
    file = serializers.FileField()


def _download_url(name: str, obj, key: str) -> str:
    return reverse(name, kwargs={"institution_slug": obj.case.institution.slug,
                                 "case_id": obj.case_id, key: obj.pk})


class LetterDeliverySerializer(serializers.ModelSerializer):
    """One sending of an issued letter."""

    recorded_by = serializers.CharField(source="recorded_by.__str__", allow_null=True)

    class Meta:
        model = LetterDelivery
        fields = ["id", "channel", "to", "sent_on", "recorded_by", "recorded_at", "link"]


class LetterDeliveryInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=LetterDelivery.Channel.choices)
    sent_on = serializers.DateField()
    to = serializers.CharField(required=False, allow_blank=True, max_length=400, help_text=(
        "The email or postal address; empty: the one on the letter."))


class CaseLetterSerializer(serializers.ModelSerializer):
    """A letter's metadata and how it was sent; the PDF itself is at ``download`` once
    issued."""

    kind_label = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()
    deliveries = LetterDeliverySerializer(many=True, source="deliveries.all")

    class Meta:
        model = Letter
        fields = ["id", "kind", "kind_label", "version", "recipient_key", "recipient",
                  "subject", "status", "issued_on", "issued_at", "corrects", "sha256",
                  "download", "deliveries", "first_opened_at", "open_count"]

    def get_kind_label(self, obj) -> str:
        """The kind in the institution's words (its letter kind's ``label_at``)."""
        return letter_kind(obj, obj.case.institution)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, obj) -> str | None:
        if obj.status != Letter.Status.ISSUED:
            return None
        return _download_url("api-case-letter-download", obj, "letter_id")


class CaseEvidenceSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.__str__")
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceDocument
        fields = ["id", "title", "original_name", "content_type", "size", "sha256",
                  "uploaded_by", "uploaded_at", "download"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_download(self, obj) -> str:
        return _download_url("api-case-evidence-download", obj, "doc_id")
