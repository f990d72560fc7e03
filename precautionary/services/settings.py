"""Precautionary measures' settings for an institution: automatic referral of conduct cases,
the review interval, the institution's words for the group and the appeal body. Only the
institution's admin changes them, each change audited."""

from __future__ import annotations

from institutions.services.settings import app_settings_set

from ..models import PrecautionarySettings

AUDIT_EVENTS = ("precautionary.settings_changed",)


def precautionary_settings_set(*, institution, actor, **values) -> PrecautionarySettings:
    """``values``: any of refer_every_conduct_case, group_label,
    appeal_body_label."""
    return app_settings_set(PrecautionarySettings, institution=institution, actor=actor,
                            action="precautionary.settings_changed", values=values)
