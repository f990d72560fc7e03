"""Case API, under /api/v1/<institution_slug>/cases/. Each transition's endpoint is routed
from its declaration in cases/transitions.py."""

from django.urls import path

from . import api
from .transitions import TRANSITIONS

CASE = "<int:case_id>/"

urlpatterns = [
    path("", api.CaseListView.as_view(), name="api-cases"),
    path(CASE, api.CaseDetailView.as_view(), name="api-case"),
    *(path(CASE + t.api_path, api.ENDPOINTS[t.key].as_view(), name=t.api_name)
      for t in TRANSITIONS.values()),
    path(CASE + "evidence/<int:doc_id>/download/", api.EvidenceDownloadView.as_view(),
         name="api-case-evidence-download"),
    path(CASE + "letters/", api.LetterListView.as_view(), name="api-case-letters"),
    path(CASE + "timeline/", api.CaseTimelineView.as_view(), name="api-case-timeline"),
    path(CASE + "letters/<int:letter_id>/download/", api.LetterDownloadView.as_view(),
         name="api-case-letter-download"),
    path(CASE + "letters/<int:letter_id>/correct/", api.LetterCorrectView.as_view(),
         name="api-case-letter-correct"),
]
