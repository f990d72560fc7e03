"""The insights API's bodies and answers. Bodies check shapes only; the services decide. Every
figure is a published cell: a hidden one has no value, only what the report prints."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from web.api import AvailableActionSerializer

from .models import ExternalImport, InsightReport
from .rendering import printed, shown_tables, source_of


# -- bodies -------------------------------------------------------------------------------------
class InsightsGenerateSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="'term-<term id>' or 'year-<start year>' (see "
                                   "periods/).")


class InsightsSummarySerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)


class InsightsReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class InsightsCorrectionSerializer(serializers.Serializer):
    change_note = serializers.CharField(help_text="What the correction changes (published).")


class InsightsImportBodySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    period = serializers.CharField(help_text="'term-<term id>' or 'year-<start year>'.")
    file = serializers.FileField(help_text="CSV or XLSX: source, measure, category, period, "
                                 "value.")


# -- answers ------------------------------------------------------------------------------------
class InsightsPeriodChoiceSerializer(serializers.Serializer):
    period = serializers.CharField(source="series")
    kind = serializers.CharField()
    label = serializers.CharField(source="period.label")
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")


class InsightsCellSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text="Empty when hidden.")
    hidden = serializers.BooleanField()
    shown = serializers.CharField(help_text="What the report prints.")


class InsightsRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.BooleanField()
    cells = InsightsCellSerializer(many=True)


class InsightsTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    dimension = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = InsightsRowSerializer(many=True)
    note = serializers.CharField()
    source = serializers.CharField(help_text="'Own records', or the external source.")


def tables_of(report: InsightReport) -> list[dict]:
    return [{"key": t.key, "title": t.title, "dimension": t.dimension, "columns": t.columns,
             "note": t.note, "source": source_of(t),
             "rows": [{"label": r.label, "total": r.is_total,
                       "cells": [{"value": None if c is None or c.hidden else c.value,
                                  "hidden": bool(c is not None and c.hidden),
                                  "shown": printed(c)}
                                 for c in r.cells]} for r in t.rows]}
            for t in shown_tables(report.data, charts=False)]


class InsightsPeriodSerializer(serializers.Serializer):
    label = serializers.CharField(source="period_label")
    start = serializers.DateField(source="period_start")
    end = serializers.DateField(source="period_end")


def _email(user) -> str:
    return user.email if user is not None else ""


class InsightReportSummarySerializer(serializers.ModelSerializer):
    period = InsightsPeriodSerializer(source="*")
    status_label = serializers.CharField(source="get_status_display")
    generated_by = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()
    published_by = serializers.SerializerMethodField()

    class Meta:
        model = InsightReport
        fields = ["id", "kind", "title", "series", "period", "version", "status",
                  "status_label", "generated_at", "generated_by", "approved_at", "approved_by",
                  "published_at", "published_by"]

    def get_generated_by(self, obj) -> str:
        return _email(obj.generated_by) or "system"

    def get_approved_by(self, obj) -> str:
        return _email(obj.approved_by)

    def get_published_by(self, obj) -> str:
        return _email(obj.published_by)


class InsightReportVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = InsightReport
        fields = ["id", "version", "status", "change_note", "published_at"]


class InsightReportDetailSerializer(InsightReportSummarySerializer):
    tables = serializers.SerializerMethodField()
    supersedes = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()

    class Meta(InsightReportSummarySerializer.Meta):
        fields = [*InsightReportSummarySerializer.Meta.fields, "summary", "change_note",
                  "supersedes",
                  "threshold", "status_reason", "preparers", "tables", "versions",
                  "available_actions", "pdf_url", "csv_url"]

    @extend_schema_field(InsightsTableSerializer(many=True))
    def get_tables(self, obj):
        return tables_of(obj)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_supersedes(self, obj):
        return obj.supersedes_id

    @extend_schema_field(InsightReportVersionSerializer(many=True))
    def get_versions(self, obj):
        return InsightReportVersionSerializer(self.context.get("versions", []), many=True).data

    @extend_schema_field(AvailableActionSerializer(many=True))
    def get_available_actions(self, obj):
        return AvailableActionSerializer(self.context.get("offers", []), many=True).data

    def _url(self, obj, what: str) -> str:
        return reverse(f"api-insights-report-{what}", kwargs={
            "institution_slug": obj.institution.slug, "report_id": obj.pk})

    def get_pdf_url(self, obj) -> str:
        return self._url(obj, "pdf")

    def get_csv_url(self, obj) -> str:
        return self._url(obj, "csv")


class InsightsImportSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")
    rows_refused = serializers.IntegerField()

    class Meta:
        model = ExternalImport
        fields = ["id", "title", "series", "period_label", "period_start", "period_end",
                  "file_name", "sha256", "rows_read", "rows_imported", "rows_refused",
                  "problems", "status", "status_label", "uploaded_at", "uploaded_by",
                  "withdrawn_at", "withdrawn_reason"]

    def get_uploaded_by(self, obj) -> str:
        return _email(obj.uploaded_by)


# -- the public side ----------------------------------------------------------------------------
class PublicInsightVersionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = InsightReport
        fields = ["id", "version", "change_note", "published_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("api-insights-public-report", kwargs={
            "institution_slug": obj.institution.slug, "report_id": obj.pk})


class PublicInsightReportSerializer(serializers.ModelSerializer):
    period = InsightsPeriodSerializer(source="*")
    superseded = serializers.SerializerMethodField()
    earlier_versions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()

    class Meta:
        model = InsightReport
        fields = ["id", "kind", "title", "period", "version", "published_at", "change_note",
                  "superseded", "earlier_versions", "url", "pdf_url", "csv_url"]

    def get_superseded(self, obj) -> bool:
        return obj.status == InsightReport.Status.SUPERSEDED

    @extend_schema_field(PublicInsightVersionSerializer(many=True))
    def get_earlier_versions(self, obj):
        earlier = self.context.get("earlier", {}).get(obj.series, [])
        return PublicInsightVersionSerializer([r for r in earlier if r.pk != obj.pk],
                                              many=True).data

    def _url(self, obj, name: str) -> str:
        return reverse(name, kwargs={"institution_slug": obj.institution.slug,
                                     "report_id": obj.pk})

    def get_url(self, obj) -> str:
        return self._url(obj, "api-insights-public-report")

    def get_pdf_url(self, obj) -> str:
        return self._url(obj, "api-insights-public-pdf")

    def get_csv_url(self, obj) -> str:
        return self._url(obj, "api-insights-public-csv")


class PublicInsightReportDetailSerializer(PublicInsightReportSerializer):
    summary = serializers.CharField()
    threshold = serializers.IntegerField()
    tables = serializers.SerializerMethodField()

    class Meta(PublicInsightReportSerializer.Meta):
        fields = [*PublicInsightReportSerializer.Meta.fields, "summary", "threshold", "tables"]

    @extend_schema_field(InsightsTableSerializer(many=True))
    def get_tables(self, obj):
        return tables_of(obj)


def page_of(serializer: type[serializers.Serializer], name: str) -> type:
    """The schema of a page of ``serializer`` (web.api.QueuePagination's answer)."""
    return type(name, (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer(many=True),
    })


InsightReportPageSerializer = page_of(InsightReportSummarySerializer,
                                      "InsightReportPageSerializer")
InsightsImportPageSerializer = page_of(InsightsImportSerializer, "InsightsImportPageSerializer")
PublicInsightReportPageSerializer = page_of(PublicInsightReportSerializer,
                                            "PublicInsightReportPageSerializer")
