from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin

from .calendar import OutOfRange, WorkingCalendar
from .forms import WorkingDaysForm


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


class WorkingDaysResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    add = serializers.IntegerField()
    skipped = SkippedDaySerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        return fields


class WorkingDaysView(InstitutionScopedMixin, APIView):
    """Deadline calculator: the date N working days after ``from`` for this institution."""

    @extend_schema(
        operation_id="calendar_working_days",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True,
                             description="Start date, YYYY-MM-DD. It never counts itself."),
            OpenApiParameter("add", OpenApiTypes.INT, required=True,
                             description="Working days to add (negative counts back)."),
        ],
        responses={200: WorkingDaysResultSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        examples=[OpenApiExample(
            "Over Christmas in England",
            value={"from": "2026-12-18", "add": 10, "date": "2027-01-06", "skipped": [
                {"date": "2026-12-25", "reason": "Bank holiday: Christmas Day"},
                {"date": "2026-12-28", "reason": "Bank holiday: Boxing Day (observed)"},
                {"date": "2027-01-01", "reason": "Bank holiday: New Year's Day"}]},
            response_only=True)],
    )
    def get(self, request, institution_slug: str):
        form = WorkingDaysForm({"start": request.query_params.get("from"),
                                "add": request.query_params.get("add")})
        if not form.is_valid():
            errors = {("from" if k == "start" else k): v for k, v in form.errors.items()}
            raise serializers.ValidationError(errors)
        start, add = form.cleaned_data["start"], form.cleaned_data["add"]
        try:
            result = WorkingCalendar(self.institution).add_working_days(start, add)
        except OutOfRange as exc:
            raise serializers.ValidationError({"from": [str(exc)]}) from None
        return Response({
            "from": start.isoformat(),
            "add": add,
            "date": result.date.isoformat(),
            "skipped": [s.as_dict() for s in result.skipped],
        })
