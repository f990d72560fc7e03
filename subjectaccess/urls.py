"""Staff pages under /<institution_slug>/staff/data-protection/ (namespace
staff:subjectaccess)."""

from django.urls import path

from . import views as v

app_name = "subjectaccess"

urlpatterns = [
    path("requests/", v.requests_view, name="requests"),
    path("requests/<int:request_id>/", v.request_detail, name="request"),
    path("requests/<int:request_id>/find/", v.request_find, name="request_find"),
    path("requests/<int:request_id>/confirm/", v.request_confirm, name="request_confirm"),
    path("requests/<int:request_id>/export/", v.request_export, name="request_export"),
    path("requests/<int:request_id>/close/", v.request_close, name="request_close"),
    path("exports/<int:export_id>/download/", v.export_download, name="export_download"),
    path("cases/<int:case_id>/bundle/", v.bundle_view, name="bundle"),
    path("cases/<int:case_id>/bundle/<int:document_id>/pdf/", v.bundle_document_download,
         name="bundle_pdf"),
]
