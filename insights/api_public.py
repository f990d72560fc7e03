"""The public "Information & Insights" through the API, at
/api/v1/<institution_slug>/public/insights/: read-only, no account. Published versions only:
the latest of each report with its earlier versions and their notes, one version with its
figures (hidden cells without a value), and its PDF and CSV."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.downloads import attachment
from web.api import ErrorSerializer, FileDownloadMixin, QueuePagination

from . import serializers as s
from .selectors import earlier_versions, public_report, public_reports, published_pdf
from .views import csv_response

TAGS = ["public"]


class PublicAPIView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


class PublicReportListView(PublicAPIView):
    @extend_schema(operation_id="insights_public_reports", tags=TAGS,
                   summary="The published insight reports (latest version of each)",
                   responses={200: s.PublicInsightReportPageSerializer})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(public_reports(institution=request.institution),
                                           request, view=self)
        earlier = earlier_versions(institution=request.institution,
                                   series=[r.series for r in page])
        return paginator.get_paginated_response(
            s.PublicInsightReportSerializer(page, many=True, context={"earlier": earlier}).data)


class PublicReportView(PublicAPIView):
    @extend_schema(operation_id="insights_public_report", tags=TAGS,
                   summary="One published version with its figures",
                   responses={200: s.PublicInsightReportDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int):
        report = public_report(institution=request.institution, report_id=report_id)
        earlier = earlier_versions(institution=request.institution, series=[report.series])
        return Response(s.PublicInsightReportDetailSerializer(
            report, context={"earlier": earlier}).data)


class PublicPdfView(FileDownloadMixin, PublicAPIView):
    @extend_schema(operation_id="insights_public_pdf", tags=TAGS,
                   responses={(200, "application/pdf"): bytes, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int):
        report = public_report(institution=request.institution, report_id=report_id)
        pdf = published_pdf(report)
        if pdf is None:
            raise Http404("The PDF is still being prepared.")
        return attachment(pdf, "application/pdf",
                          f"{report.institution.slug}-insights-{report.reference}.pdf")


class PublicCsvView(FileDownloadMixin, PublicAPIView):
    @extend_schema(operation_id="insights_public_csv", tags=TAGS,
                   responses={(200, "text/csv"): bytes, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int):
        report = public_report(institution=request.institution, report_id=report_id)
        return csv_response(report)
