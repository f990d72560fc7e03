"""The institution's procedure as an API client needs it to speak the institution's words."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from institutions.models import RoleLabel, TimeLimit
from institutions.selectors import time_limits_in_order
from web.api import ErrorSerializer, InstitutionScopedMixin

from ..models import CaseSettings


class TimeLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimeLimit
        fields = ["rule", "cohort", "amount", "unit", "reference"]


class RoleLabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleLabel
        fields = ["role", "label"]


class ProcedureSerializer(serializers.Serializer):
    institution = serializers.CharField()
    board_label = serializers.CharField()
    appeal_body_label = serializers.CharField()
    delay_aim_rule = serializers.CharField(
        help_text="The time limit that is the aim to complete a case (§44; 004's 90 days).")
    delay_warning_working_days = serializers.IntegerField(
        help_text="How many working days before the aim the case file warns.")
    role_labels = RoleLabelSerializer(many=True)
    time_limits = TimeLimitSerializer(many=True)


class ProcedureView(InstitutionScopedMixin, APIView):
    """The institution's disciplinary procedure: its names for the Board and the appeal body,
    its role labels and every time limit per cohort."""

    @extend_schema(operation_id="procedure_settings",
                   responses={200: ProcedureSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str):
        inst = self.institution
        procedure = CaseSettings.of(inst)
        data = {
            "institution": inst.name,
            "board_label": procedure.board_label,
            "appeal_body_label": procedure.appeal_body_label,
            "delay_aim_rule": procedure.delay_aim_rule,
            "delay_warning_working_days": procedure.delay_warning_working_days,
            "role_labels": RoleLabel.objects.for_institution(inst),
            "time_limits": time_limits_in_order(institution=inst),
        }
        return Response(ProcedureSerializer(data).data)
