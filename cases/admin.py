"""Admin for each institution's disciplinary catalogue: penalties with authority limits,
grounds of appeal, letter templates (also editable with a preview on the staff pages).
Cases themselves change only through their services, so they are not editable here."""

from django import forms
from django.contrib import admin

from core.admin import TenantModelAdmin, TenantTabularInline

from .models import AppealGround, LetterTemplate, PenaltyAuthority, PenaltyType
from .services.letters import letter_template_check


class PenaltyAuthorityInline(TenantTabularInline):
    model = PenaltyAuthority
    exclude = ["institution"]


@admin.register(PenaltyType)
class PenaltyTypeAdmin(TenantModelAdmin):
    list_display = ["name", "institution", "reference", "is_fine", "recorded_on_file"]
    list_filter = ["is_fine"]
    inlines = [PenaltyAuthorityInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance.institution_id = form.instance.institution_id
        super().save_formset(request, form, formset, change)


@admin.register(AppealGround)
class AppealGroundAdmin(TenantModelAdmin):
    list_display = ["text", "institution", "reference", "position"]


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["institution", "kind", "subject", "body"]

    def clean(self):
        cleaned = super().clean()
        institution = cleaned.get("institution") or getattr(self.instance, "institution", None)
        if institution and cleaned.get("body") and cleaned.get("kind"):
            letter_template_check(institution=institution, kind=cleaned["kind"],
                                  body=cleaned["body"])
        return cleaned


@admin.register(LetterTemplate)
class LetterTemplateAdmin(TenantModelAdmin):
    form = LetterTemplateForm
    list_display = ["kind", "institution", "subject", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
