"""Precautionary API, under /api/v1/<institution_slug>/precautionary/. Each transition's
endpoint is routed from its declaration in precautionary/api/offers.py."""

from django.urls import path

from . import api
from .api.offers import TRANSITIONS

MATTER = "<int:matter_id>/"

urlpatterns = [
    path("", api.MatterListView.as_view(), name="api-precautionary-matters"),
    path("active-measures/", api.SecurityMeasuresView.as_view(),
         name="api-precautionary-active-measures"),
    path("risk-requests/", api.RiskRequestListView.as_view(),
         name="api-precautionary-risk-requests"),
    path(MATTER, api.MatterDetailView.as_view(), name="api-precautionary-matter"),
    path(MATTER + "history/", api.HistoryView.as_view(), name="api-precautionary-history"),
    path(MATTER + "letters/<int:letter_id>/pdf/", api.LetterDownloadView.as_view(),
         name="api-precautionary-letter-download"),
    *(path(MATTER + t.api_path, api.ENDPOINTS[t.key].as_view(), name=t.api_name)
      for t in TRANSITIONS.values()),
]
