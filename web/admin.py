"""Admin for institution admins: each sees and edits only the institutions they administer.
Superusers see every institution."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect

from accounts.permissions import institutions_administered_by, session_institution_id
from audit.services import audit_admin_write
from core.tenancy.scoping import tenant_cascade
from institutions.models import Institution


def view_on_site_none(request, content_type_id, object_id):
    """The admin's "view on site" address (``admin:view_on_site``, /admin/r/<type>/<id>/):
    404 for every object. No model here has a page on the site (none defines
    ``get_absolute_url``), and Django's view reads the object through the unscoped base
    manager, which the tenancy layer refuses: a server error for a tenant model, whoever asks
    and whichever institution's id (issue 15 item 2)."""
    raise Http404("Not found.")


def administered_institution_ids(request) -> list[int] | None:
    """Institutions the user administers; None means all (a superuser). Decided once, in
    ``accounts.permissions.institutions_administered_by``, which the services also use. A
    session opened by single sign-on administers at most the institution that signed it in
    (``accounts.permissions.session_institution_id``, issue 14 §1), a superuser's too."""
    if not hasattr(request, "_administered_institution_ids"):
        ids = institutions_administered_by(request.user)
        bound = session_institution_id(request)
        if bound is not None:
            ids = [bound] if ids is None or bound in ids else []
        request._administered_institution_ids = ids
    return request._administered_institution_ids


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


@dataclass(frozen=True)
class ServiceWrites:
    """How the admin writes one model: through its services, which check the actor, validate,
    write and record one audit event in the domain's words (issue 8 §4). Each callable adapts
    the admin's object to a service call:

    * ``add(actor, row)``: ``row`` is unsaved and carries the form's values (and its parent);
    * ``change(actor, row, stored)``: ``row`` carries the new values, ``stored`` is as saved;
    * ``remove(actor, stored)``;
    * ``check(row)`` (optional): the service's own rules, run while the form validates, so
      their errors appear on the form's fields with what was typed kept.
    """

    add: Callable[[Any, Any], Any]
    change: Callable[[Any, Any, Any], Any]
    remove: Callable[[Any, Any], None]
    check: Callable[[Any], None] | None = None


class ServiceRefused(Exception):
    """A service refused an admin write; the admin shows why and writes nothing."""

    def __init__(self, error: ValidationError | PermissionDenied):
        self.message = " ".join(error.messages) if isinstance(error, ValidationError) \
            else str(error)
        super().__init__(self.message)


def _refusals(write):
    def call(*args):
        try:
            return write(*args)
        except (ValidationError, PermissionDenied) as error:
            raise ServiceRefused(error) from error
    return call


def _adopt(obj, saved) -> None:
    """Give the admin's object the identity and values of the row a service saved, so the
    admin carries on with it (inlines, the change message, the redirect)."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


class ServiceCheckedForm(forms.ModelForm):
    """A model form that also applies the service's own rules (``ServiceWrites.check``)."""

    service_check: Callable[[Any], None] | None = None

    def _post_clean(self):
        super()._post_clean()
        check = type(self).service_check
        if check is not None and not self.errors:
            try:
                check(self.instance)
            except ValidationError as error:
                for field, errors in getattr(error, "error_dict", {None: error}).items():
                    self.add_error(field if field in self.fields else None, errors)


def _with_check(form_class, writes: ServiceWrites | None):
    """``form_class`` is the admin's own subclass made for this request (modelform_factory)."""
    if writes is not None and issubclass(form_class, ServiceCheckedForm):
        form_class.service_check = staticmethod(writes.check) if writes.check else None
    return form_class


class AuditedAdminMixin:
    """Every write made in the admin is recorded in the institution's audit chain, in the
    admin's own transaction (Django wraps each add, change and delete view in one).

    A model with ``writes`` (a :class:`ServiceWrites`) is written only through its services,
    which record one specific event ("accounts.role_granted", "institutions.time_limit_changed"
    ...); a refusal is shown as an error and nothing is written. Any other model (the
    institution's own fields) is recorded generically ("admin.<model>.changed"), so nothing
    changes unrecorded and nothing is recorded twice."""

    writes: ServiceWrites | None = None
    form = ServiceCheckedForm

    # -- forms carry the services' rules -----------------------------------------------------
    def get_form(self, request, obj=None, **kwargs):
        return _with_check(super().get_form(request, obj, **kwargs), self.writes)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_check(formset.form, self.writes)
        formset.writes = self.writes
        return formset

    # -- writes ------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        if self.writes is None:
            super().save_model(request, obj, form, change)
            if not change or form.changed_data:
                _admin_record(request, obj, "changed" if change else "created",
                              form.changed_data)
        elif not change:
            _adopt(obj, _refusals(self.writes.add)(request.user, obj))
        elif form.has_changed():
            stored = type(obj).objects.for_institution(obj.institution_id).get(pk=obj.pk)
            _refusals(self.writes.change)(request.user, obj, stored)

    def save_formset(self, request, form, formset, change):
        writes = getattr(formset, "writes", None)
        if writes is None:
            # Deleted rows are recorded first, while they still have their ids.
            for inline_form in getattr(formset, "deleted_forms", ()):
                if inline_form.instance.pk is not None:
                    _admin_record(request, inline_form.instance, "deleted", [])
            super().save_formset(request, form, formset, change)
            for obj in getattr(formset, "new_objects", ()):
                _admin_record(request, obj, "created", [])
            for obj, fields in getattr(formset, "changed_objects", ()):
                _admin_record(request, obj, "changed", fields)
            return
        _save_formset_through(writes, request.user, formset)

    def delete_model(self, request, obj):
        if self.writes is None:
            _admin_record(request, obj, "deleted", [])
            super().delete_model(request, obj)
        else:
            _refusals(self.writes.remove)(request.user, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    # -- a refusal is an error message, not a server error -------------------------------------
    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except ServiceRefused as refusal:
            return _refused(self, request, refusal)

    def delete_view(self, request, *args, **kwargs):
        try:
            return super().delete_view(request, *args, **kwargs)
        except ServiceRefused as refusal:
            return _refused(self, request, refusal)

    def changelist_view(self, request, *args, **kwargs):
        try:
            return super().changelist_view(request, *args, **kwargs)
        except ServiceRefused as refusal:
            return _refused(self, request, refusal)


def _save_formset_through(writes: ServiceWrites, actor, formset) -> None:
    """Save an inline formset row by row through the services: removals first (so a row can
    be replaced by another with the same key), then changes, then additions."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def stored(pk):
        return formset.get_queryset().filter(pk=pk).get()

    for inline_form in formset.deleted_forms:
        if inline_form.instance.pk is not None:
            row = stored(inline_form.instance.pk)
            _refusals(writes.remove)(actor, row)
            formset.deleted_objects.append(row)
    deleted = set(formset.deleted_forms)
    for inline_form in formset.initial_forms:
        if inline_form not in deleted and inline_form.has_changed():
            _refusals(writes.change)(actor, inline_form.instance,
                                     stored(inline_form.instance.pk))
            formset.changed_objects.append((inline_form.instance, inline_form.changed_data))
    for inline_form in formset.extra_forms:
        if inline_form not in deleted and inline_form.has_changed():
            row = inline_form.instance
            setattr(row, formset.fk.name, formset.instance)
            _adopt(row, _refusals(writes.add)(actor, row))
            formset.new_objects.append(row)


def _refused(model_admin, request, refusal: ServiceRefused):
    model_admin.message_user(request, f"Nothing was saved: {refusal.message}", messages.ERROR)
    return HttpResponseRedirect(request.get_full_path())


def _admin_record(request, obj, change: str, fields) -> None:
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


class TenantStackedInline(TenantAdminMixin, admin.StackedInline):
    formset = TenantInlineFormSet
    extra = 0
