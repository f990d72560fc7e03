"""The insights API, under /api/v1/<institution_slug>/: the staff endpoints under insights/,
the public ones under public/insights/. Each report action's endpoint is routed from its
declaration in insights/actions.py."""

from django.urls import path

from . import api, api_public
from .actions import ACTIONS

REPORT = "insights/reports/<int:report_id>/"
PUBLIC = "public/insights/"

urlpatterns = [
    path(PUBLIC, api_public.PublicReportListView.as_view(), name="api-insights-public"),
    path(PUBLIC + "<int:report_id>/", api_public.PublicReportView.as_view(),
         name="api-insights-public-report"),
    path(PUBLIC + "<int:report_id>/pdf/", api_public.PublicPdfView.as_view(),
         name="api-insights-public-pdf"),
    path(PUBLIC + "<int:report_id>/csv/", api_public.PublicCsvView.as_view(),
         name="api-insights-public-csv"),
    path("insights/reports/", api.ReportListView.as_view(), name="api-insights-reports"),
    path("insights/periods/", api.PeriodListView.as_view(), name="api-insights-periods"),
    path(REPORT, api.ReportDetailView.as_view(), name="api-insights-report"),
    path(REPORT + "pdf/", api.ReportPdfView.as_view(), name="api-insights-report-pdf"),
    path(REPORT + "csv/", api.ReportCsvView.as_view(), name="api-insights-report-csv"),
    *(path(REPORT + a.path, api.ENDPOINTS[a.key].as_view(), name=a.api_name)
      for a in ACTIONS.values()),
    path("insights/external/", api.ImportListView.as_view(), name="api-insights-imports"),
    path("insights/external/<int:import_id>/", api.ImportDetailView.as_view(),
         name="api-insights-import"),
    path("insights/external/<int:import_id>/withdraw/", api.ImportWithdrawView.as_view(),
         name="api-insights-import-withdraw"),
]
