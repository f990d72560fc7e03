"""Insights (000 §2-3). Each part of the app keeps its models in its own module: the settings
here; the reports and their publication in ``reports.py``; the external figures shown beside
them in ``external.py``."""

from .external import ExternalFigure, ExternalImport, Source
from .reports import CoversPeriod, InsightReport
from .settings import InsightsSettings

__all__ = ["CoversPeriod", "ExternalFigure", "ExternalImport", "InsightReport",
           "InsightsSettings", "Source"]
