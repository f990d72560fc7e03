"""Case API, under /api/v1/<institution_slug>/cases/. Each transition's endpoint is routed
from its declaration in cases/transitions.py."""

from django.urls import path

from . import api
from .api import delivery
from .api import investigation as inv
from .transitions import TRANSITIONS

CASE = "<int:case_id>/"

urlpatterns = [
    path("", api.CaseListView.as_view(), name="api-cases"),
    path(CASE, api.CaseDetailView.as_view(), name="api-case"),
    *(path(CASE + t.api_path, api.ENDPOINTS[t.key].as_view(), name=t.api_name)
      for t in TRANSITIONS.values() if t.routed),
    path(CASE + "evidence/<int:doc_id>/download/", api.EvidenceDownloadView.as_view(),
         name="api-case-evidence-download"),
    path(CASE + "letters/", api.LetterListView.as_view(), name="api-case-letters"),
    path(CASE + "timeline/", api.CaseTimelineView.as_view(), name="api-case-timeline"),
    path(CASE + "letters/<int:letter_id>/download/", api.LetterDownloadView.as_view(),
         name="api-case-letter-download"),
    path(CASE + "letters/<int:letter_id>/correct/", api.LetterCorrectView.as_view(),
         name="api-case-letter-correct"),
    # The investigation file (§28, §39-44).
    path(CASE + "investigation/", inv.InvestigationFileView.as_view(),
         name="api-case-investigation"),
    path(CASE + "investigation/meetings/", inv.MeetingRecordView.as_view(),
         name="api-case-investigation-meetings"),
    path(CASE + "investigation/statements/", inv.StatementRecordView.as_view(),
         name="api-case-investigation-statements"),
    path(CASE + "investigation/statements/<int:statement_id>/agreement/",
         inv.StatementAgreementView.as_view(), name="api-case-investigation-statement-agreement"),
    path(CASE + "investigation/evidence-requests/", inv.EvidenceRequestView.as_view(),
         name="api-case-investigation-evidence-requests"),
    path(CASE + "investigation/evidence-requests/<int:request_id>/answer/",
         inv.EvidenceRequestAnswerView.as_view(),
         name="api-case-investigation-evidence-request-answer"),
    path(CASE + "investigation/reports/", inv.ReportSubmitView.as_view(),
         name="api-case-investigation-reports"),
    path(CASE + "allegation-notice/", inv.AllegationNoticeView.as_view(),
         name="api-case-allegation-notice"),
    path(CASE + "contact-preferences/", delivery.ContactPreferencesView.as_view(),
         name="api-case-contact-preferences"),
    path(CASE + "letters/<int:letter_id>/resend-link/", delivery.LetterResendLinkView.as_view(),
         name="api-case-letter-resend-link"),
    path(CASE + "letters/<int:letter_id>/handover/", delivery.LetterHandoverView.as_view(),
         name="api-case-letter-handover"),
]
