from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from core.admin import TenantModelAdmin, TenantTabularInline, administered_institution_ids

from .models import Membership, MembershipRole, User


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
    inlines = [MembershipRoleInline]
    list_select_related = ["user", "institution"]
    autocomplete_fields: list[str] = []

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance.institution_id = form.instance.institution_id
        super().save_formset(request, form, formset, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        ids = administered_institution_ids(request)
        if ids is not None and "institution" in form.base_fields:
            form.base_fields["institution"].queryset = form.base_fields[
                "institution"].queryset.filter(pk__in=ids)
        return form
