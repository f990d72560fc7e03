"""The disciplinary procedure's settings for an institution (``CaseSettings``): its names for
the Board and the appeal body, and whether a short-programme Board may sit as two (002 §54).
Only the institution's admin changes them, each change audited (issue 8 §4)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from institutions.services.settings import app_settings_set

from ..models import CaseSettings

AUDIT_EVENTS = ("cases.settings_changed",)


def case_settings_set(*, institution, actor, **values) -> CaseSettings:
    """``values``: any of board_label, appeal_body_label, short_programme_board_of_two,
    appeal_route, reporting_party_review, informal_authority, procedure_shape, wording
    (``{key: reference}``, cases/procedure_text.py)."""
    wording = values.get("wording")
    if wording is not None and not (isinstance(wording, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in wording.items())):
        raise ValidationError({"wording": 'Give the wording as {"key": "reference"}, each a '
                                          "text (an empty text hides the reference)."})
    return app_settings_set(CaseSettings, institution=institution, actor=actor,
                            action="cases.settings_changed", values=values)
