from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied

from web.admin import (
    ServiceCheckedForm,
    ServiceWrites,
    TenantModelAdmin,
    TenantTabularInline,
    administered_institution_ids,
)

from . import services
from .lockout import account_unlock
from .models import Membership, MembershipRole, User
from .selectors import users_an_admin_may_add


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"],
                             "fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal: list[str] = []
    list_filter = ["is_active", "is_staff"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def get_queryset(self, request):
        """Every account for a superuser; for anyone else (and a superuser's single sign-on
        session) the people of the institutions they administer, so another institution's
        person is, to them, an id that does not exist, not one they are refused (issue 15
        item 2)."""
        qs = super().get_queryset(request)
        ids = administered_institution_ids(request)
        if ids is None:
            return qs
        members = (Membership.objects.across_institutions(reason="the admin's own people")
                   .filter(institution_id__in=ids).values("user_id"))
        return qs.filter(pk__in=members)

    def has_delete_permission(self, request, obj=None):
        return False  # people are deactivated, never deleted: the audit trail names them


def _role_change(actor, row, stored):
    # A row whose role is changed is one role revoked and another granted.
    services.role_revoke(membership=stored.membership, role=stored.role, actor=actor)
    return services.role_grant(membership=row.membership, role=row.role, actor=actor)


class MembershipRoleInline(TenantTabularInline):
    """Roles decide who may act on a case: granted and revoked through accounts.services."""

    model = MembershipRole
    exclude = ["institution"]
    writes = ServiceWrites(
        add=lambda actor, row: services.role_grant(
            membership=row.membership, role=row.role, actor=actor),
        change=_role_change,
        remove=lambda actor, stored: services.role_revoke(
            membership=stored.membership, role=stored.role, actor=actor),
    )


class MembershipForm(ServiceCheckedForm):
    reason = forms.CharField(
        required=False, label="Why the membership ends",
        help_text="Needed when you untick 'is active': it is kept in the audit trail.")

    class Meta:
        model = Membership
        fields = ["institution", "user", "is_active", "job_title", "department"]

    def clean(self):
        cleaned = super().clean()
        self.instance.reason = cleaned.get("reason", "")
        return cleaned


def _membership_check(row):
    if row.pk is not None and not row.is_active and Membership.objects.for_institution(
            row.institution_id).filter(pk=row.pk, is_active=True).exists():
        services.membership_end_check(reason=row.reason)


def _membership_change(actor, row, stored):
    if stored.is_active and not row.is_active:
        services.membership_end(membership=stored, actor=actor, reason=row.reason)
    elif row.is_active and not stored.is_active:
        services.membership_reinstate(membership=stored, actor=actor)
    return services.membership_update(membership=stored, actor=actor,
                                      job_title=row.job_title, department=row.department)


@admin.register(Membership)
class MembershipAdmin(TenantModelAdmin):
    form = MembershipForm
    list_display = ["user", "institution", "is_active", "job_title"]
    list_filter = ["is_active"]
    search_fields = ["user__email", "user__full_name"]
    inlines = [MembershipRoleInline]
    list_select_related = ["user", "institution"]
    actions = ["unlock_sign_in"]
    autocomplete_fields: list[str] = []
    writes = ServiceWrites(
        add=lambda actor, row: services.membership_add(
            institution=row.institution, user=row.user, actor=actor, job_title=row.job_title,
            department=row.department),
        change=_membership_change,
        remove=lambda actor, stored: services.membership_remove(membership=stored, actor=actor),
        check=_membership_check,
    )

    @admin.action(description="Unlock sign-in (after too many wrong passwords)")
    def unlock_sign_in(self, request, queryset):
        """Lift a member's sign-in lockout before its cool-off ends (accounts/lockout.py)."""
        unlocked = 0
        for membership in queryset:
            try:
                unlocked += bool(account_unlock(membership=membership, actor=request.user))
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
        self.message_user(request, f"{unlocked} of {len(queryset)} accounts were locked and "
                                   "are now unlocked.", messages.SUCCESS)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:  # a new membership starts active; it has nothing to end
            fields = [f for f in fields if f not in ("is_active", "reason")]
        return fields

    def get_readonly_fields(self, request, obj=None):
        # Moving a membership to another institution would leave its roles behind in the old
        # one (they carry their own institution); end it and add a new one instead.
        return ["institution", "user"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # An institution admin picks among their own institutions' people and accounts not
            # yet in any institution, never among another institution's staff.
            kwargs["queryset"] = users_an_admin_may_add(actor=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        ids = administered_institution_ids(request)
        if ids is not None and "institution" in form.base_fields:
            form.base_fields["institution"].queryset = form.base_fields[
                "institution"].queryset.filter(pk__in=ids)
        return form
