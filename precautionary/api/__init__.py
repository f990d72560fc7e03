"""The precautionary API, under /api/v1/<institution_slug>/precautionary/. Importing the
package registers every transition's endpoint in ``ENDPOINTS`` (precautionary/api_urls.py)."""

from . import actions
from .base import ENDPOINTS
from .files import HistoryView, LetterDownloadView, RiskRequestListView
from .matters import MatterDetailView, MatterListView, SecurityMeasuresView

__all__ = ["ENDPOINTS", "HistoryView", "LetterDownloadView", "MatterDetailView",
           "MatterListView", "RiskRequestListView", "SecurityMeasuresView", "actions"]
