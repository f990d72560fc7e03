from django.contrib import admin

from core.admin import (
    AuditedAdminMixin,
    InstitutionAdminPermissions,
    TenantModelAdmin,
    TenantTabularInline,
    administered_institution_ids,
)

from .models import AcademicTerm, ClosureDay, Deadline, Institution, RoleLabel, TimeLimit


class ClosureDayInline(TenantTabularInline):
    model = ClosureDay


class AcademicTermInline(TenantTabularInline):
    model = AcademicTerm


class RoleLabelInline(TenantTabularInline):
    model = RoleLabel


class TimeLimitInline(TenantTabularInline):
    model = TimeLimit


@admin.register(Institution)
class InstitutionAdmin(AuditedAdminMixin, InstitutionAdminPermissions, admin.ModelAdmin):
    list_display = ["name", "slug", "region", "is_active"]
    search_fields = ["name", "slug"]
    inlines = [RoleLabelInline, TimeLimitInline, ClosureDayInline, AcademicTermInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "region", "is_active"]}),
        ("Procedure", {"fields": ["board_label", "appeal_body_label"]}),
        ("Public pages", {"fields": ["urgent_help", "quick_exit_url"]}),
        ("Letters and branding", {"fields": ["letter_name", "address_block", "logo",
                                             "primary_colour", "accent_colour"]}),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = administered_institution_ids(request)
        return qs if ids is None else qs.filter(pk__in=ids)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # institutions are deactivated, never deleted: their records must stay

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["slug", "is_active"]


@admin.register(Deadline)
class DeadlineAdmin(TenantModelAdmin):
    list_display = ["purpose", "institution", "due_date", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Deadline._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # deadlines change only through their services

    def has_delete_permission(self, request, obj=None):
        return False
