from django.contrib import admin

from core.admin import TenantModelAdmin

from .models import ReportCategory, ReportTag, SupportService


@admin.register(ReportCategory)
class ReportCategoryAdmin(TenantModelAdmin):
    """What the reporting form offers under "what happened", mapped to §24 / Appendix C."""

    list_display = ["label", "institution", "misconduct_type", "category", "position",
                    "is_active"]
    list_filter = ["is_active"]


@admin.register(SupportService)
class SupportServiceAdmin(TenantModelAdmin):
    """The public support directory."""

    list_display = ["name", "institution", "kind", "phone", "hours", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(ReportTag)
class ReportTagAdmin(TenantModelAdmin):
    list_display = ["label", "institution"]
