from django.contrib import admin

from institutions.admin import InstitutionSettingsInline, register_settings_inline
from web.admin import ServiceWrites, TenantModelAdmin

from .models import ReportCategory, ReportingSettings, ReportTag, SupportService
from .services import catalogue
from .services.settings import reporting_settings_check, reporting_settings_set


@register_settings_inline
class ReportingSettingsInline(InstitutionSettingsInline):
    """Who may see a named reporter, and the team address told of new disclosures."""

    model = ReportingSettings
    setter = staticmethod(reporting_settings_set)
    check = staticmethod(lambda row: reporting_settings_check(
        identity_custodian_roles=row.identity_custodian_roles))


def _values(row) -> dict:
    return {name: getattr(row, name) for name in catalogue.FIELDS[type(row)]}


@admin.register(ReportCategory)
class ReportCategoryAdmin(TenantModelAdmin):
    """What the reporting form offers under "what happened", mapped to §24 / Appendix C."""

    list_display = ["label", "institution", "misconduct_type", "category", "position",
                    "is_active"]
    list_filter = ["is_active"]
    writes = ServiceWrites(
        add=lambda actor, row: catalogue.report_category_add(
            institution=row.institution, actor=actor, **_values(row)),
        change=lambda actor, row, stored: catalogue.report_category_update(
            category=stored, actor=actor, **_values(row)),
        remove=lambda actor, stored: catalogue.report_category_remove(
            category=stored, actor=actor),
    )


@admin.register(SupportService)
class SupportServiceAdmin(TenantModelAdmin):
    """The public support directory."""

    list_display = ["name", "institution", "kind", "phone", "hours", "is_active"]
    list_filter = ["kind", "is_active"]
    writes = ServiceWrites(
        add=lambda actor, row: catalogue.support_service_add(
            institution=row.institution, actor=actor, **_values(row)),
        change=lambda actor, row, stored: catalogue.support_service_update(
            service=stored, actor=actor, **_values(row)),
        remove=lambda actor, stored: catalogue.support_service_remove(
            service=stored, actor=actor),
    )


@admin.register(ReportTag)
class ReportTagAdmin(TenantModelAdmin):
    list_display = ["label", "institution"]
    writes = ServiceWrites(
        add=lambda actor, row: catalogue.report_tag_add(
            institution=row.institution, actor=actor, label=row.label),
        change=lambda actor, row, stored: catalogue.report_tag_update(
            tag=stored, actor=actor, label=row.label),
        remove=lambda actor, stored: catalogue.report_tag_remove(tag=stored, actor=actor),
    )
