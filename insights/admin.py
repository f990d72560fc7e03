"""Admin for each institution's insights settings (on the institution's page)."""

from institutions.admin import InstitutionSettingsInline, register_settings_inline

from .models import InsightsSettings
from .services.settings import insights_settings_set


@register_settings_inline
class InsightsSettingsInline(InstitutionSettingsInline):
    model = InsightsSettings
    setter = staticmethod(insights_settings_set)
