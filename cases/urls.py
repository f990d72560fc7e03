"""Staff pages for cases, under /<institution_slug>/staff/cases/ (namespace staff:cases).
Each transition's page is routed from its declaration in cases/transitions.py."""

from django.urls import path
from django.views.generic import RedirectView

from . import views as v
from .transitions import TRANSITIONS
from .views import delivery
from .views import investigation as inv
from .views.base import PAGES

app_name = "cases"

case = "<int:case_id>/"

urlpatterns = [
    path("", v.queue, name="queue"),
    path("new/", v.case_open_view, name="open"),
    # The editor moved to the letters app (it edits every app's letters); old links still work.
    path("letter-templates/", RedirectView.as_view(
        pattern_name="staff:letters:templates", permanent=True)),
    path("letter-templates/<slug:kind>/", RedirectView.as_view(
        pattern_name="staff:letters:template_edit", permanent=True)),
    path(case, v.case_detail, name="detail"),
    path("letters-to-hand-over/", delivery.handovers_mine, name="handovers"),
    path(case + "contact-preferences/", delivery.contact_preferences_page,
         name="contact_preferences"),
    path(case + "letters/<int:letter_id>/resend-link/", delivery.letter_resend_link,
         name="letter_resend_link"),
    path(case + "letters/<int:letter_id>/handover/", delivery.letter_handover_page,
         name="letter_handover"),
    *(path(case + t.page_path, PAGES[t.key].as_view(), name=t.page_name)
      for t in TRANSITIONS.values() if t.routed),
    path(case + "evidence/<int:document_id>/", v.evidence_download, name="evidence_download"),
    path(case + "letters/<int:letter_id>/pdf/", v.letter_download, name="letter_download"),
    # The investigation file (§28, §39-44).
    path(case + "investigation/", inv.investigation_file, name="investigation"),
    path(case + "investigation/meetings/new/", inv.MeetingView.as_view(),
         name="investigation_meeting"),
    path(case + "investigation/statements/new/", inv.StatementView.as_view(),
         name="investigation_statement"),
    path(case + "investigation/statements/<int:statement_id>/agreement/",
         inv.StatementAgreementView.as_view(), name="investigation_statement_agreement"),
    path(case + "investigation/evidence-requests/new/", inv.EvidenceRequestView.as_view(),
         name="investigation_evidence_request"),
    path(case + "investigation/evidence-requests/<int:request_id>/answer/",
         inv.EvidenceRequestAnswerView.as_view(), name="investigation_evidence_answer"),
    path(case + "investigation/report/", inv.ReportView.as_view(),
         name="investigation_report"),
    path(case + "investigation/allegation-notice/", inv.AllegationNoticeView.as_view(),
         name="allegation_notice"),
]
