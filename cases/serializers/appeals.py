"""Appeals (§33-36, §65-71)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import (
    Appeal,
)
from ..services.appeals import AppealResult
from .decisions import CasePenaltyInputSerializer


class AppealLodgeSerializer(serializers.Serializer):
    """The appeal form (002 Appendix B), recorded by staff for the student."""

    received_on = serializers.DateField()
    decision_received_on = serializers.DateField()
    grounds = serializers.ListField(child=serializers.CharField(), allow_empty=True,
                                    help_text="Codes of the institution's grounds of appeal.")
    summary = serializers.CharField(allow_blank=True)
    contact = serializers.CharField(allow_blank=True, max_length=300)
    telephone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    late_reason = serializers.CharField(required=False, allow_blank=True)


class LateDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class AppealDecisionSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=AppealResult.ALL)
    reasons = serializers.CharField(allow_blank=True)
    penalties = CasePenaltyInputSerializer(many=True, required=False)
    criminal_conviction = serializers.BooleanField(required=False, default=False)


class CaseAppealSerializer(serializers.ModelSerializer):
    grounds = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "against", "status", "received_on", "decision_received_on",
                  "window_due", "is_late", "late_reason", "late_decision_reason", "grounds",
                  "summary", "contact", "telephone", "outcome"]
