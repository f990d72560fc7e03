"""The training API, under /api/v1/<institution_slug>/training/."""

from .catalogue import CampaignDetailView, CampaignListView, ModuleDetailView, ModuleListView
from .imports import (
    ImportDetailView,
    ImportDiscardView,
    ImportErrorsCSVView,
    ImportErrorsView,
    ImportListView,
    ImportMappingView,
    ImportStartView,
)
from .roster import LearnerCompletionsView, LearnerDetailView, LearnerListView
from .sessions import SessionDetailView, SessionListView, SessionRegisterView

__all__ = ["CampaignDetailView", "CampaignListView", "ImportDetailView", "ImportDiscardView",
           "ImportErrorsCSVView", "ImportErrorsView", "ImportListView", "ImportMappingView",
           "ImportStartView", "LearnerCompletionsView", "LearnerDetailView", "LearnerListView",
           "ModuleDetailView", "ModuleListView", "SessionDetailView", "SessionListView",
           "SessionRegisterView"]
