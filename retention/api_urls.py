"""The retention API, under /api/v1/<institution_slug>/retention/."""

from django.urls import path

from .api import DueView, HoldListView, HoldReleaseView

urlpatterns = [
    path("due/", DueView.as_view(), name="api-retention-due"),
    path("holds/", HoldListView.as_view(), name="api-retention-holds"),
    path("holds/<int:hold_id>/release/", HoldReleaseView.as_view(),
         name="api-retention-hold-release"),
]
