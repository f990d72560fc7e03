"""Staff pages for cases, under /<institution_slug>/staff/cases/ (namespace staff:cases).
Each transition's page is routed from its declaration in cases/transitions.py."""

from django.urls import path
from django.views.generic import RedirectView

from . import views as v
from .transitions import TRANSITIONS
from .views import delivery
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
      for t in TRANSITIONS.values()),
    path(case + "evidence/<int:document_id>/", v.evidence_download, name="evidence_download"),
    path(case + "letters/<int:letter_id>/pdf/", v.letter_download, name="letter_download"),
]
