"""Insights' settings for an institution: the suppression threshold. Only the institution's
admin changes it, each change audited."""

from __future__ import annotations

from institutions.services.settings import app_settings_set

from ..models import InsightsSettings

AUDIT_EVENTS = ("insights.settings_changed",)


def insights_settings_set(*, institution, actor, **values) -> InsightsSettings:
    """``values``: threshold."""
    return app_settings_set(InsightsSettings, institution=institution, actor=actor,
                            action="insights.settings_changed", values=values)
