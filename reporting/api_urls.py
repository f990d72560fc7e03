"""Report + Support API, under /api/v1/<institution_slug>/ (reporting/api_public.py: no
account; reporting/api.py: staff)."""

from django.urls import path

from . import api, api_public

REPORT = "reports/<int:report_id>/"

urlpatterns = [
    # public: no account
    path("public/work/", api_public.PublicWorkView.as_view(), name="api-report-public-work"),
    path("public/categories/", api_public.PublicCategoriesView.as_view(),
         name="api-report-public-categories"),
    path("public/support-services/", api_public.PublicSupportServicesView.as_view(),
         name="api-report-public-support-services"),
    path("public/reports/", api_public.PublicReportSubmitView.as_view(),
         name="api-report-public-submit"),
    path("public/follow-up/", api_public.FollowUpView.as_view(), name="api-report-follow-up"),
    path("public/follow-up/reply/", api_public.FollowUpReplyView.as_view(),
         name="api-report-follow-up-reply"),
    path("public/follow-up/files/", api_public.FollowUpFilesView.as_view(),
         name="api-report-follow-up-files"),
    path("public/follow-up/identity/", api_public.FollowUpIdentityView.as_view(),
         name="api-report-follow-up-identity"),
    # staff: need-to-know
    path("reports/", api.ReportQueueView.as_view(), name="api-reports"),
    path(REPORT, api.ReportDetailView.as_view(), name="api-report"),
    path(REPORT + "assign/", api.ReportAssignView.as_view(), name="api-report-assign"),
    path(REPORT + "status/", api.ReportStatusView.as_view(), name="api-report-status"),
    path(REPORT + "tags/", api.ReportTagsView.as_view(), name="api-report-tags"),
    path(REPORT + "appointments/", api.ReportAppointmentView.as_view(),
         name="api-report-appointments"),
    path(REPORT + "support-actions/", api.ReportSupportActionView.as_view(),
         name="api-report-support-actions"),
    path(REPORT + "messages/", api.ReportMessageView.as_view(), name="api-report-messages"),
    path(REPORT + "notes/", api.ReportNoteView.as_view(), name="api-report-notes"),
    path(REPORT + "refer-hr/", api.ReportReferHRView.as_view(), name="api-report-refer-hr"),
    path(REPORT + "refer-risk/", api.ReportReferRiskView.as_view(),
         name="api-report-refer-risk"),
    path(REPORT + "escalate/", api.ReportEscalateView.as_view(), name="api-report-escalate"),
    path(REPORT + "close/", api.ReportCloseView.as_view(), name="api-report-close"),
    path(REPORT + "evidence/<int:evidence_id>/download/",
         api.ReportEvidenceDownloadView.as_view(), name="api-report-evidence-download"),
]
