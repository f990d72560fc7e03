"""The precautionary API, under /api/v1/<institution_slug>/precautionary/. Importing the
package registers every transition's endpoint in ``ENDPOINTS`` (precautionary/api_urls.py)."""

from . import actions
from .base import ENDPOINTS
from .matters import MatterDetailView, MatterListView, SecurityMeasuresView

__all__ = ["ENDPOINTS", "MatterDetailView", "MatterListView", "SecurityMeasuresView", "actions"]
