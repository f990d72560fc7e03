"""Admin for each institution's Safe Contact scheme settings (on the institution's page). The
records of the scheme change only through their services, so they are not editable here."""

from institutions.admin import InstitutionSettingsInline, register_settings_inline

from .models import SafeContactSettings
from .services.settings import safe_contact_settings_set


@register_settings_inline
class SafeContactSettingsInline(InstitutionSettingsInline):
    model = SafeContactSettings
    setter = staticmethod(safe_contact_settings_set)
