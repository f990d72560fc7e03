from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q

from core.admin import TenantModelAdmin, TenantTabularInline, administered_institution_ids

from .models import Membership, MembershipRole, Qualification, User


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

    def has_delete_permission(self, request, obj=None):
        return False  # people are deactivated, never deleted: the audit trail names them


class MembershipRoleInline(TenantTabularInline):
    model = MembershipRole
    exclude = ["institution"]


class QualificationInline(TenantTabularInline):
    """Until the training app keeps records, qualifications are entered here (000 §1b)."""

    model = Qualification
    exclude = ["institution", "recorded_by"]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["institution", "user", "is_active", "job_title", "department"]


@admin.register(Membership)
class MembershipAdmin(TenantModelAdmin):
    form = MembershipForm
    list_display = ["user", "institution", "is_active", "job_title"]
    list_filter = ["is_active"]
    search_fields = ["user__email", "user__full_name"]
    inlines = [MembershipRoleInline, QualificationInline]
    list_select_related = ["user", "institution"]
    autocomplete_fields: list[str] = []

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance.institution_id = form.instance.institution_id
            if isinstance(inline_form.instance, Qualification) and \
                    not inline_form.instance.recorded_by_id:
                inline_form.instance.recorded_by = request.user
        super().save_formset(request, form, formset, change)

    def get_readonly_fields(self, request, obj=None):
        # Moving a membership to another institution would leave its roles behind in the old
        # one (they carry their own institution); end it and add a new one instead.
        return ["institution"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = administered_institution_ids(request)
        if db_field.name == "user" and ids is not None:
            # An institution admin picks among their own institutions' people and accounts not
            # yet in any institution, never among another institution's staff.
            member_ids = (
                Membership.objects.across_institutions(reason="people an admin may add")
                .filter(institution_id__in=ids).values("user_id")
            )
            anywhere = (
                Membership.objects.across_institutions(reason="accounts with no institution")
                .values("user_id")
            )
            kwargs["queryset"] = User.objects.filter(
                Q(pk__in=member_ids) | ~Q(pk__in=anywhere), is_active=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        ids = administered_institution_ids(request)
        if ids is not None and "institution" in form.base_fields:
            form.base_fields["institution"].queryset = form.base_fields[
                "institution"].queryset.filter(pk__in=ids)
        return form
