from django.contrib import admin
from django.core.exceptions import PermissionDenied

from web.admin import (
    AuditedAdminMixin,
    InstitutionAdminPermissions,
    ServiceWrites,
    TenantModelAdmin,
    TenantStackedInline,
    TenantTabularInline,
    administered_institution_ids,
)

from .models import AcademicTerm, ClosureDay, Deadline, Institution, RoleLabel, TimeLimit
from .services import settings

#: The inlines other apps add to an institution's page for their own settings.
_SETTINGS_INLINES: list[type] = []


def register_settings_inline(inline: type) -> type:
    """Show an app's :class:`~institutions.models.InstitutionSettings` on the institution's
    admin page (a class decorator, used in the app's own admin module)."""
    _SETTINGS_INLINES.append(inline)
    return inline


class InstitutionSettingsInline(TenantStackedInline):
    """One app's settings of the institution, written through ``setter`` (the app's audited
    service: ``setter(institution=, actor=, **values)``)."""

    extra = 1
    max_num = 1
    can_delete = False
    setter = None  # a staticmethod in the subclass
    check = None  # optional: the service's own rules, ``check(row)``

    @property
    def writes(self) -> ServiceWrites:
        fields = settings.setting_fields(self.model)

        def put(actor, row, stored=None):
            return type(self).setter(institution=row.institution, actor=actor,
                                     **{name: getattr(row, name) for name in fields})

        def remove(actor, stored):
            raise PermissionDenied("An institution's settings are changed, never removed.")

        return ServiceWrites(add=put, change=put, remove=remove, check=type(self).check)



def _replacing(key: tuple[str, ...], remove, put):
    """A ``change`` for a row kept by its key (rule and cohort, role): the same key is set
    anew; a row moved to another key is removed and the other key set."""
    def change(actor, row, stored):
        if any(getattr(row, k) != getattr(stored, k) for k in key):
            remove(actor, stored)
        return put(actor, row)
    return change


def _time_limit_set(actor, row):
    return settings.time_limit_set(institution=row.institution, actor=actor, rule=row.rule,
                                   cohort=row.cohort, amount=row.amount, unit=row.unit,
                                   reference=row.reference)


def _time_limit_remove(actor, stored):
    settings.time_limit_remove(time_limit=stored, actor=actor)


def _role_label_set(actor, row):
    return settings.role_label_set(institution=row.institution, actor=actor, role=row.role,
                                   label=row.label)


def _role_label_remove(actor, stored):
    settings.role_label_remove(role_label=stored, actor=actor)


class ClosureDayInline(TenantTabularInline):
    model = ClosureDay
    writes = ServiceWrites(
        add=lambda actor, row: settings.closure_day_add(
            institution=row.institution, actor=actor, date=row.date, reason=row.reason),
        change=lambda actor, row, stored: settings.closure_day_change(
            closure_day=stored, actor=actor, date=row.date, reason=row.reason),
        remove=lambda actor, stored: settings.closure_day_remove(
            closure_day=stored, actor=actor),
    )


class AcademicTermInline(TenantTabularInline):
    model = AcademicTerm
    writes = ServiceWrites(
        add=lambda actor, row: settings.academic_term_add(
            institution=row.institution, actor=actor, name=row.name, start=row.start,
            end=row.end),
        change=lambda actor, row, stored: settings.academic_term_update(
            term=stored, actor=actor, name=row.name, start=row.start, end=row.end),
        remove=lambda actor, stored: settings.academic_term_remove(term=stored, actor=actor),
        check=lambda row: settings.academic_term_check(start=row.start, end=row.end),
    )


class RoleLabelInline(TenantTabularInline):
    model = RoleLabel
    writes = ServiceWrites(
        add=_role_label_set,
        change=_replacing(("role",), _role_label_remove, _role_label_set),
        remove=_role_label_remove,
    )


class TimeLimitInline(TenantTabularInline):
    model = TimeLimit
    writes = ServiceWrites(
        add=_time_limit_set,
        change=_replacing(("rule", "cohort"), _time_limit_remove, _time_limit_set),
        remove=_time_limit_remove,
        check=lambda row: settings.time_limit_check(amount=row.amount),
    )


@admin.register(Institution)
class InstitutionAdmin(AuditedAdminMixin, InstitutionAdminPermissions, admin.ModelAdmin):
    list_display = ["name", "slug", "region", "is_active"]
    search_fields = ["name", "slug"]
    inlines = [RoleLabelInline, TimeLimitInline, ClosureDayInline, AcademicTermInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "region", "is_active"]}),
        ("Public pages", {"fields": ["urgent_help", "quick_exit_url"]}),
        ("Letters and branding", {"fields": ["letter_name", "address_block", "logo",
                                             "primary_colour", "accent_colour"]}),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = administered_institution_ids(request)
        return qs if ids is None else qs.filter(pk__in=ids)

    def get_inlines(self, request, obj):
        return [*_SETTINGS_INLINES, *self.inlines]

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
