"""Admin for each institution's retention schedule (on the institution's page), through the
audited service."""

from institutions.admin import InstitutionSettingsInline, register_settings_inline

from .models import RetentionSettings
from .services import retention_settings_set


@register_settings_inline
class RetentionSettingsInline(InstitutionSettingsInline):
    model = RetentionSettings
    setter = staticmethod(retention_settings_set)
