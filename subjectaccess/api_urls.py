"""The data protection API, under /api/v1/<institution_slug>/data-protection/."""

from django.urls import path

from . import api

urlpatterns = [
    path("requests/", api.RequestListView.as_view(), name="api-subject-access-requests"),
    path("requests/<int:request_id>/", api.RequestDetailView.as_view(),
         name="api-subject-access-request"),
    path("requests/<int:request_id>/find/", api.RequestFindView.as_view(),
         name="api-subject-access-find"),
    path("requests/<int:request_id>/confirm/", api.RequestConfirmView.as_view(),
         name="api-subject-access-confirm"),
    path("requests/<int:request_id>/exports/", api.RequestExportView.as_view(),
         name="api-subject-access-export"),
    path("requests/<int:request_id>/close/", api.RequestCloseView.as_view(),
         name="api-subject-access-close"),
    path("exports/<int:export_id>/download/", api.ExportDownloadView.as_view(),
         name="api-subject-access-export-download"),
    path("cases/<int:case_id>/bundle/", api.BundleView.as_view(), name="api-board-bundle"),
    path("cases/<int:case_id>/bundle/<int:document_id>/pdf/", api.BundlePdfView.as_view(),
         name="api-board-bundle-pdf"),
]
