"""The insights dashboard's API, under /api/v1/<institution_slug>/insights/ (insights
publishers and institution admins; anyone else 403, another institution 404):

* ``dashboard/``: the live figures (this term so far against the previous term to the same
  day): each table with its raw counts, and for each count whether a published report hides
  it (``hidden``: ``small``, ``secondary`` or empty), as on the page;
* ``dashboard/published/``: the same figures as published (suppressed with the institution's
  threshold), in the shape of :func:`insights.figures.to_json`: what the CSV export holds.
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin

from .dashboard import ROLES, dashboard_figures, marked_rows, marked_totals
from .figures import to_json

TAGS = ["insights"]
ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}


class DashboardPeriodSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["term", "year"])
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class DashboardCountSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True)
    hidden = serializers.ChoiceField(
        choices=["", "small", "secondary"], allow_blank=True,
        help_text="What a published report does with this count: 'small' (from 1 to the "
        "threshold less one, shown 'fewer than N'), 'secondary' (hidden so that a small one "
        "cannot be worked out), or '' (shown).")


class DashboardRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    values = DashboardCountSerializer(many=True)


class DashboardTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    dimension = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = DashboardRowSerializer(many=True)
    totals = DashboardCountSerializer(
        many=True, help_text="The Total row; empty if the table has none.")
    note = serializers.CharField()
    chart = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    period = DashboardPeriodSerializer()
    comparison = DashboardPeriodSerializer(allow_null=True)
    threshold = serializers.IntegerField()
    tables = DashboardTableSerializer(many=True)


class DashboardAPIView(InstitutionScopedMixin, APIView):
    required_roles = ROLES


def _period(p) -> dict | None:
    if p is None:
        return None
    return {"kind": p.kind, "label": p.label, "start": p.start, "end": p.end}


def _count(c) -> dict:
    return {"value": c.value, "hidden": c.hidden}


class DashboardView(DashboardAPIView):
    @extend_schema(operation_id="insights_dashboard", tags=TAGS,
                   summary="Live figures: this term so far against the previous term",
                   responses={200: DashboardSerializer, **ERRORS})
    def get(self, request, institution_slug: str):
        board = dashboard_figures(institution=self.institution, today=timezone.localdate())
        tables = []
        for raw, published in board.tables():
            tables.append({
                "key": raw.key, "title": raw.title, "dimension": raw.dimension,
                "columns": raw.columns, "note": raw.note, "chart": raw.chart,
                "rows": [{"label": label, "values": [_count(c) for c in cells]}
                         for label, cells in marked_rows(raw, published)],
                "totals": [_count(c) for c in marked_totals(raw, published)]})
        return Response({"period": _period(board.period),
                         "comparison": _period(board.comparison),
                         "threshold": board.threshold, "tables": tables})


class PublishedView(DashboardAPIView):
    @extend_schema(operation_id="insights_dashboard_published", tags=TAGS,
                   summary="The live figures as published (suppressed)",
                   responses={200: OpenApiTypes.OBJECT, **ERRORS})
    def get(self, request, institution_slug: str):
        board = dashboard_figures(institution=self.institution, today=timezone.localdate())
        return Response(to_json(board.published))


urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="api-insights-dashboard"),
    path("dashboard/published/", PublishedView.as_view(), name="api-insights-published"),
]
