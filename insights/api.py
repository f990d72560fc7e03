"""The insights API for staff, under /api/v1/<institution_slug>/insights/ (insights publishers
and the institution admin): the reports (list, generate one, one with its figures and
``available_actions``, one endpoint per action declared in insights/actions.py, its PDF and
CSV), the periods a report may cover, and the external imports (list, upload, one, withdraw).
A report or import of another institution answers 404, a member without the role 403 (404 on
one report or import); the services' refusals map as everywhere (web/api.py): 400 with field
errors, 403, 409."""

from __future__ import annotations

import inspect

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import refuse
from web.api import ErrorSerializer, FileDownloadMixin, InstitutionScopedMixin, QueuePagination

from . import serializers as s
from .actions import ACTIONS, report_offers
from .policies import state_for
from .rendering import draft_pdf
from .selectors import (
    ReportFilters,
    access_import,
    access_report,
    import_queue,
    published_pdf,
    report_queue,
    require_publisher,
    versions_of,
)
from .services import reports as services
from .services.external import external_import, external_withdraw
from .services.generate import period_choices
from .views import csv_response

TAGS = ["insights"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}


class PublisherMixin(InstitutionScopedMixin):
    """A publisher's endpoint: 403 for another member, or 404 on one report or import
    (``accounts.permissions.refuse``)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            self.membership = require_publisher(user=request.user, institution=self.institution,
                                                membership=self.membership)
        except PermissionDenied as refusal:
            refuse(str(refusal), kwargs)


def report_answer(request, report, membership) -> dict:
    state = state_for(institution=report.institution, actor=request.user, report=report,
                      membership=membership)
    return s.InsightReportDetailSerializer(report, context={
        "offers": report_offers(state), "versions": versions_of(report)}).data


class ReportListView(PublisherMixin, APIView):
    @extend_schema(operation_id="insights_reports", tags=TAGS,
                   summary="Every version of every insight report",
                   parameters=[OpenApiParameter("status", str, required=False),
                               OpenApiParameter("kind", str, required=False)],
                   responses={200: s.InsightReportPageSerializer,
                              403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        q = request.query_params
        filters = ReportFilters(status=q.get("status", ""), kind=q.get("kind", ""))
        paginator = QueuePagination()
        page = paginator.paginate_queryset(
            report_queue(institution=self.institution, filters=filters), request, view=self)
        return paginator.get_paginated_response(
            s.InsightReportSummarySerializer(page, many=True).data)

    @extend_schema(operation_id="insights_generate", tags=TAGS,
                   summary="Generate a draft report on a term or academic year that is over",
                   description=inspect.getdoc(services.report_generate),
                   request=s.InsightsGenerateSerializer,
                   responses={201: s.InsightReportDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        body = s.InsightsGenerateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_generate(institution=self.institution, actor=request.user,
                                          period=body.validated_data["period"])
        return Response(report_answer(request, report, self.membership),
                        status=status.HTTP_201_CREATED)


class PeriodListView(PublisherMixin, APIView):
    @extend_schema(operation_id="insights_periods", tags=TAGS,
                   summary="The terms and academic years a report may cover (those over)",
                   responses={200: s.InsightsPeriodChoiceSerializer(many=True),
                              403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        choices = period_choices(institution=self.institution, today=timezone.localdate())
        return Response(s.InsightsPeriodChoiceSerializer(choices, many=True).data)


class ReportDetailView(PublisherMixin, APIView):
    @extend_schema(operation_id="insights_report", tags=TAGS,
                   responses={200: s.InsightReportDetailSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int):
        report, membership = access_report(user=request.user, institution=self.institution,
                                           report_id=report_id, membership=self.membership)
        return Response(report_answer(request, report, membership))


class ReportActionView(PublisherMixin, APIView):
    """POST one action: check the body's shape, call one service, answer the report (for a
    correction, the new version)."""

    action = ""
    body: type | None = None

    def post(self, request, institution_slug: str, report_id: int):
        report, membership = access_report(user=request.user, institution=self.institution,
                                           report_id=report_id, membership=self.membership)
        data = {}
        if self.body is not None:
            body = self.body(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        report = self.perform(report, request.user, data)
        return Response(report_answer(request, report, membership))

    def perform(self, report, actor, data):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook


def _endpoint(key: str, service, body=None):
    def perform(self, report, actor, data):
        return service(report=report, actor=actor, **data)

    view = type(f"{key.title().replace('_', '')}View", (ReportActionView,),
                {"action": key, "body": body, "perform": perform})
    return extend_schema_view(post=extend_schema(
        operation_id=f"insights_{key}", tags=TAGS, summary=ACTIONS[key].label,
        description=inspect.getdoc(service), request=body,
        responses={200: s.InsightReportDetailSerializer, **ERRORS}))(view)


#: The endpoint of each action, by policy key; insights/api_urls.py routes them.
ENDPOINTS: dict[str, type] = {
    "edit": _endpoint("edit", services.report_edit, s.InsightsSummarySerializer),
    "regenerate": _endpoint("regenerate", services.report_regenerate),
    "approve": _endpoint("approve", services.report_approve),
    "send_back": _endpoint("send_back", services.report_send_back, s.InsightsReasonSerializer),
    "publish": _endpoint("publish", services.report_publish),
    "correct": _endpoint("correct", services.report_correct, s.InsightsCorrectionSerializer),
    "discard": _endpoint("discard", services.report_discard, s.InsightsReasonSerializer),
}


class ReportPdfView(FileDownloadMixin, PublisherMixin, APIView):
    @extend_schema(operation_id="insights_report_pdf", tags=TAGS,
                   summary="The PDF (a published version's as issued; a draft's preview)",
                   responses={(200, "application/pdf"): bytes, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int):
        from core.downloads import attachment

        report, _m = access_report(user=request.user, institution=self.institution,
                                   report_id=report_id, membership=self.membership)
        pdf = published_pdf(report) if report.is_public else draft_pdf(report)
        if pdf is None:
            raise Http404("The PDF is still being prepared.")
        return attachment(pdf, "application/pdf",
                          f"{report.institution.slug}-insights-{report.reference}.pdf")


class ReportCsvView(FileDownloadMixin, PublisherMixin, APIView):
    @extend_schema(operation_id="insights_report_csv", tags=TAGS,
                   summary="The published figures as CSV",
                   responses={(200, "text/csv"): bytes, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int):
        report, _m = access_report(user=request.user, institution=self.institution,
                                   report_id=report_id, membership=self.membership)
        return csv_response(report)


# -- external figures ---------------------------------------------------------------------------
class ImportListView(PublisherMixin, APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="insights_imports", tags=TAGS,
                   summary="Imports of external figures, newest first",
                   responses={200: s.InsightsImportPageSerializer, 403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(import_queue(institution=self.institution),
                                           request, view=self)
        return paginator.get_paginated_response(s.InsightsImportSerializer(page, many=True).data)

    @extend_schema(operation_id="insights_import", tags=TAGS,
                   summary="Import a file of external figures (multipart)",
                   description=inspect.getdoc(external_import),
                   request={"multipart/form-data": s.InsightsImportBodySerializer},
                   responses={201: s.InsightsImportSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        body = s.InsightsImportBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        upload = external_import(institution=self.institution, actor=request.user,
                                 title=d["title"], period=d["period"],
                                 file_name=d["file"].name, data=d["file"].read())
        return Response(s.InsightsImportSerializer(upload).data, status=status.HTTP_201_CREATED)


class ImportDetailView(PublisherMixin, APIView):
    @extend_schema(operation_id="insights_import_detail", tags=TAGS,
                   responses={200: s.InsightsImportSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, import_id: int):
        upload, _m = access_import(user=request.user, institution=self.institution,
                                   import_id=import_id, membership=self.membership)
        return Response(s.InsightsImportSerializer(upload).data)


class ImportWithdrawView(PublisherMixin, APIView):
    @extend_schema(operation_id="insights_import_withdraw", tags=TAGS,
                   summary="Withdraw an import from reports generated from now on",
                   description=inspect.getdoc(external_withdraw),
                   request=s.InsightsReasonSerializer,
                   responses={200: s.InsightsImportSerializer, **ERRORS})
    def post(self, request, institution_slug: str, import_id: int):
        upload, _m = access_import(user=request.user, institution=self.institution,
                                   import_id=import_id, membership=self.membership)
        body = s.InsightsReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = external_withdraw(upload=upload, actor=request.user,
                                   reason=body.validated_data["reason"])
        return Response(s.InsightsImportSerializer(upload).data)
