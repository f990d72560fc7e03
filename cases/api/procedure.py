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
            "role_labels": RoleLabel.objects.for_institution(inst),
            "time_limits": time_limits_in_order(institution=inst),
        }
        return Response(ProcedureSerializer(data).data)
