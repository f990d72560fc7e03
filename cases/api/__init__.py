"""The case API, under /api/v1/<institution_slug>/cases/, one module per sub-domain. Importing
the package registers every transition's endpoint in ``ENDPOINTS`` (cases/api_urls.py)."""

from . import appeals, board, decisions, delays, files, queue
from .base import ENDPOINTS
from .files import EvidenceDownloadView, LetterCorrectView, LetterDownloadView, LetterListView
from .queue import CaseDetailView, CaseListView
from .timeline import CaseTimelineView

__all__ = [
    "ENDPOINTS", "CaseDetailView", "CaseListView", "CaseTimelineView", "EvidenceDownloadView",
    "LetterCorrectView", "LetterDownloadView", "LetterListView", "appeals", "board",
    "decisions", "delays", "files", "queue",
]
