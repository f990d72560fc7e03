"""Staff pages for cases, under /<institution_slug>/staff/cases/ (namespace staff:cases).
Each transition's page is routed from its declaration in cases/transitions.py."""

from django.urls import path

from . import views as v
from .transitions import TRANSITIONS
from .views.base import PAGES

app_name = "cases"

case = "<int:case_id>/"

urlpatterns = [
    path("", v.queue, name="queue"),
    path("new/", v.case_open_view, name="open"),
    path("letter-templates/", v.letter_template_list, name="letter_templates"),
    path("letter-templates/<slug:kind>/", v.letter_template_edit, name="letter_template_edit"),
    path(case, v.case_detail, name="detail"),
    *(path(case + t.page_path, PAGES[t.key].as_view(), name=t.page_name)
      for t in TRANSITIONS.values()),
    path(case + "evidence/<int:document_id>/", v.evidence_download, name="evidence_download"),
    path(case + "letters/<int:letter_id>/pdf/", v.letter_download, name="letter_download"),
]
