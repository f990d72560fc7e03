"""Admin for institution admins: each sees and edits only the institutions they administer.
Superusers see every institution."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from accounts.roles import Role
from institutions.scoping import tenant_cascade


def administered_institution_ids(request) -> list[int] | None:
    """Institutions the user administers; None means all (a superuser)."""
    if request.user.is_superuser:
        return None
    cached = getattr(request, "_administered_institution_ids", None)
    if cached is None:
        from accounts.models import MembershipRole

        cached = list(
            MembershipRole.objects.across_institutions(reason="the admin's own roles")
            .filter(membership__user=request.user, membership__is_active=True,
                    role=Role.INSTITUTION_ADMIN)
            .values_list("institution_id", flat=True)
        )
        request._administered_institution_ids = cached
    return cached


class InstitutionAdminPermissions:
    """Permissions for anyone who administers at least one institution."""

    def _allowed(self, request) -> bool:
        ids = administered_institution_ids(request)
        return ids is None or bool(ids)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReadOnlyAdminMixin:
    """For records nobody edits by hand (the audit trail, the access log, the outbox): shown to
    whoever may see them, never added, changed or deleted in the admin."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """Every write made in the admin is recorded in the institution's audit chain, in the
    admin's own transaction (Django wraps each add, change and delete view in one): saving an
    object, each inline row added, changed or deleted, and deletions (one by one or in bulk).
    Who may act on a case (roles, qualifications, relationship declarations), its time limits
    and penalty authorities are all edited here, so none of it may change unrecorded."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or form.changed_data:
            _admin_record(request, obj, "changed" if change else "created", form.changed_data)

    def save_formset(self, request, form, formset, change):
        # Deleted rows are recorded first, while they still have their ids.
        for inline_form in getattr(formset, "deleted_forms", ()):
            if inline_form.instance.pk is not None:
                _admin_record(request, inline_form.instance, "deleted", [])
        super().save_formset(request, form, formset, change)
        for obj in getattr(formset, "new_objects", ()):
            _admin_record(request, obj, "created", [])
        for obj, fields in getattr(formset, "changed_objects", ()):
            _admin_record(request, obj, "changed", fields)

    def delete_model(self, request, obj):
        _admin_record(request, obj, "deleted", [])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _admin_record(request, obj, "deleted", [])
        super().delete_queryset(request, queryset)


def _admin_record(request, obj, change: str, fields) -> None:
    from audit.services import audit_admin_write

    audit_admin_write(actor=request.user, obj=obj, change=change, fields=fields)


class TenantAdminMixin(AuditedAdminMixin, InstitutionAdminPermissions):
    """For tenant-owned models (and their inlines)."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = administered_institution_ids(request)
        if ids is None:
            return qs.across_institutions(reason="superuser in the admin")
        return qs.for_institutions(ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "institution":
            from institutions.models import Institution

            ids = administered_institution_ids(request)
            qs = Institution.objects.all()
            kwargs["queryset"] = qs if ids is None else qs.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_deleted_objects(self, objs, request):
        with tenant_cascade():
            return super().get_deleted_objects(objs, request)


class TenantModelAdmin(TenantAdminMixin, admin.ModelAdmin):
    pass


class TenantInlineFormSet(BaseInlineFormSet):
    @classmethod
    def get_default_prefix(cls):
        # TenantModel.institution has related_name="+", which leaves every inline of an
        # Institution with an empty prefix (the admin then numbers them "-1", "-2" ...).
        return super().get_default_prefix() or cls.model._meta.model_name

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django finds an edited row through the model's default manager, which has no
        # institution and so refuses to run; find it among the rows this formset may edit
        # (another institution's row id is then "not a valid choice").
        pk_field = form.fields.get(self._pk_field.name)
        if pk_field is not None and hasattr(pk_field, "queryset"):
            pk_field.queryset = self.get_queryset()

    def clean(self):
        super().clean()
        # Django leaves the inline's foreign key out of model-constraint validation, so a
        # UniqueConstraint that includes it (institution + date, membership + role) would only
        # fail in the database, as a server error. Check those constraints with the parent set.
        for form in self.forms:
            if (not form.has_changed() or self._should_delete_form(form)
                    or not hasattr(form, "cleaned_data")):
                continue
            exclude = form._get_validation_exclusions()
            exclude.discard(self.fk.name)
            try:
                form.instance.validate_constraints(exclude=exclude)
            except ValidationError as error:
                form.add_error(None, error)


class TenantTabularInline(TenantAdminMixin, admin.TabularInline):
    formset = TenantInlineFormSet
    extra = 0
