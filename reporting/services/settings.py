"""Report + Support's settings for an institution (``ReportingSettings``): who may see a named
reporter's identity, and the team address told of each new disclosure. Only the institution's
admin changes them, each change audited (issue 8 §4)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from accounts.roles import role_keys
from institutions.services.settings import app_settings_set

from ..models import ReportingSettings

AUDIT_EVENTS = ("reporting.settings_changed",)


def reporting_settings_check(*, identity_custodian_roles) -> None:
    unknown = [r for r in identity_custodian_roles or [] if r not in role_keys()]
    if not isinstance(identity_custodian_roles, list) or unknown:
        raise ValidationError({"identity_custodian_roles": [
            "Give a list of role keys, e.g. [\"support_caseworker\"]"
            + (f"; not roles: {', '.join(map(str, unknown))}." if unknown else ".")]})


def reporting_settings_set(*, institution, actor, **values) -> ReportingSettings:
    """``values``: any of identity_custodian_roles, first_contact_email."""
    if "identity_custodian_roles" in values:
        reporting_settings_check(identity_custodian_roles=values["identity_custodian_roles"])
    return app_settings_set(ReportingSettings, institution=institution, actor=actor,
                            action="reporting.settings_changed", values=values)
