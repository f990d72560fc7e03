"""Admin for each institution's precautionary settings (on the institution's page). Matters
change only through their services, so they are not editable here."""

from institutions.admin import InstitutionSettingsInline, register_settings_inline

from .models import PrecautionarySettings
from .services.settings import precautionary_settings_set


@register_settings_inline
class PrecautionarySettingsInline(InstitutionSettingsInline):
    model = PrecautionarySettings
    setter = staticmethod(precautionary_settings_set)
