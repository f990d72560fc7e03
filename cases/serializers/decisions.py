"""Informal and formal decisions, penalties, pauses and extensions."""

from __future__ import annotations

from rest_framework import serializers

from web.api import RowIdField

from ..models import (
    CasePause,
    ImposedPenalty,
    Outcome,
    PauseNotice,
)
from ..services.outcomes import FormalResult


class CasePenaltyInputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A code from the institution's penalty catalogue.")
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, required=False,
                                      allow_null=True, help_text="For fines only.")
    details = serializers.CharField(required=False, allow_blank=True, max_length=300)


class InformalOutcomeSerializer(serializers.Serializer):
    misconduct_found = serializers.BooleanField()
    reasons = serializers.CharField(allow_blank=True)
    actions_taken = serializers.CharField(allow_blank=True)
    penalties = CasePenaltyInputSerializer(many=True, required=False)


class FormalDecisionSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=FormalResult.ALL)
    reasons = serializers.CharField(allow_blank=True)
    penalties = CasePenaltyInputSerializer(many=True, required=False)
    referred_to = serializers.CharField(required=False, allow_blank=True, max_length=200)
    considered_previous_record = serializers.BooleanField(required=False, default=False)
    admitted = serializers.BooleanField(required=False, default=False)
    mitigation = serializers.CharField(required=False, allow_blank=True)
    criminal_conviction = serializers.BooleanField(required=False, default=False)


class PauseInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CasePause.Reason.choices)
    detail = serializers.CharField(allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True)
    student_told_on = serializers.DateField(required=False, allow_null=True)
    reporting_parties_told_on = serializers.DateField(required=False, allow_null=True)


class CaseResumeSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True)


class CaseExtendDeadlineSerializer(serializers.Serializer):
    deadline = RowIdField(help_text="The id of one of the case's deadlines.")
    new_due = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)
    student_told_on = serializers.DateField(allow_null=True, default=None)


class ImposedPenaltySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="penalty_type.code")
    name = serializers.CharField(source="penalty_type.name")

    class Meta:
        model = ImposedPenalty
        fields = ["code", "name", "amount", "details"]


class CaseOutcomeSerializer(serializers.ModelSerializer):
    result_label = serializers.CharField(source="get_result_display")
    decided_by = serializers.CharField(source="decided_by.__str__")
    penalties = ImposedPenaltySerializer(many=True, source="penalties.all")

    class Meta:
        model = Outcome
        fields = ["id", "kind", "result", "result_label", "reasons", "decided_by",
                  "authority", "decided_on", "on_student_record", "considered_previous_record",
                  "admitted", "mitigation", "is_current", "penalties"]


class PreviousMisconductSerializer(serializers.ModelSerializer):
    """Another case's proven misconduct on the student's record (§47-48)."""

    case = serializers.IntegerField(source="case_id")
    case_reference = serializers.CharField(source="case.reference")
    result_label = serializers.CharField(source="get_result_display")
    penalties = ImposedPenaltySerializer(many=True, source="penalties.all")

    class Meta:
        model = Outcome
        fields = ["id", "case", "case_reference", "kind", "result", "result_label",
                  "decided_on", "penalties"]


class PauseNoticeSerializer(serializers.ModelSerializer):
    """When one party was told of the pause (§44); ``party`` is empty for the student."""

    class Meta:
        model = PauseNotice
        fields = ["party", "told_on"]


class CasePauseSerializer(serializers.ModelSerializer):
    notices = PauseNoticeSerializer(many=True, source="notices.all", read_only=True)

    class Meta:
        model = CasePause
        fields = ["id", "reason", "detail", "started_on", "ended_on", "student_told_on",
                  "reporting_parties_told_on", "notices"]
