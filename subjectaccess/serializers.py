"""Shapes of the subject access and Board bundle API (names unique project-wide)."""

from __future__ import annotations

from rest_framework import serializers

from .models import BundleDocument, SubjectAccessExport, SubjectAccessMatch, SubjectAccessRequest


class SubjectAccessRequestBodySerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    email = serializers.CharField(required=False, allow_blank=True, max_length=254, default="")
    student_id = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                       default="")
    receipt = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                    default="", help_text="An anonymous report's receipt, "
                                    "only if the person gives it.")
    received_on = serializers.DateField()


class SubjectAccessRequestRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectAccessRequest
        fields = ["id", "reference", "received_on", "due_on", "status", "handled_by"]


class SubjectAccessMatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectAccessMatch
        fields = ["id", "kind", "object_id", "label", "matched_on", "confirmed"]


class SubjectAccessExportSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectAccessExport
        fields = ["id", "status", "requested_at", "ready_at", "expires_at", "downloaded_at",
                  "sha256", "size"]


class SubjectAccessRequestDetailSerializer(serializers.ModelSerializer):
    matches = SubjectAccessMatchSerializer(many=True, read_only=True)
    exports = SubjectAccessExportSerializer(many=True, read_only=True)
    has_receipt = serializers.SerializerMethodField()

    class Meta:
        model = SubjectAccessRequest
        fields = ["id", "reference", "name", "email", "student_id", "has_receipt",
                  "received_on", "due_on", "status", "handled_by", "matches", "exports"]

    def get_has_receipt(self, obj) -> bool:
        return bool(obj.receipt_hmac)


class SubjectAccessRequestPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SubjectAccessRequestRowSerializer(many=True)


class SubjectAccessConfirmBodySerializer(serializers.Serializer):
    confirmed = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class BoardBundleDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = BundleDocument
        fields = ["id", "source", "source_id", "status", "redacted_text", "withheld_reason",
                  "withheld_parties", "sha256", "prepared_at"]


class BoardBundleEntrySerializer(serializers.Serializer):
    source = serializers.CharField()
    id = serializers.IntegerField()
    taken_on = serializers.DateField()
    original_text = serializers.CharField(allow_null=True, help_text="Only for the decision "
                                          "maker and the clerk; null for Board members.")
    bundle = BoardBundleDocumentSerializer(allow_null=True)


class BoardBundleSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    sees_originals = serializers.BooleanField()
    entries = BoardBundleEntrySerializer(many=True)


class BoardBundlePrepareBodySerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=BundleDocument.Source.choices)
    source_id = serializers.IntegerField(min_value=1)
    withheld_parties = serializers.ListField(child=serializers.IntegerField(), required=False,
                                             allow_null=True, default=None)
