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
    path(MATTER, api.MatterDetailView.as_view(), name="api-precautionary-matter"),
    *(path(MATTER + t.api_path, api.ENDPOINTS[t.key].as_view(), name=t.api_name)
      for t in TRANSITIONS.values()),
]
