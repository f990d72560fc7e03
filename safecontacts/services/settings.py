"""The Safe Contact scheme's settings for an institution: how the public reaches the EDI
office. Only the institution's admin changes them, each change audited."""

from __future__ import annotations

from institutions.services.settings import app_settings_set

from ..models import SafeContactSettings

AUDIT_EVENTS = ("safecontacts.settings_changed",)


def safe_contact_settings_set(*, institution, actor, **values) -> SafeContactSettings:
    """``values``: any of edi_office_email, edi_office_text."""
    return app_settings_set(SafeContactSettings, institution=institution, actor=actor,
                            action="safecontacts.settings_changed", values=values)
