"""Admin for each institution's disciplinary catalogue: penalties with authority limits,
grounds of appeal, letter templates (also editable with a preview on the staff pages).
Cases themselves change only through their services, so they are not editable here."""

from django.contrib import admin

from institutions.admin import InstitutionSettingsInline, register_settings_inline
from web.admin import ServiceCheckedForm, ServiceWrites, TenantModelAdmin, TenantTabularInline

from .models import AppealGround, CaseSettings, LetterTemplate, PenaltyAuthority, PenaltyType
from .services import appeal_grounds, penalties
from .services.letter_templates import letter_template_update
from .services.letters import letter_template_check
from .services.settings import case_settings_set


@register_settings_inline
class CaseSettingsInline(InstitutionSettingsInline):
    """The disciplinary procedure's names for its bodies, on the institution's page."""

    model = CaseSettings
    setter = staticmethod(case_settings_set)


def _authority_set(actor, row):
    return penalties.penalty_authority_set(
        penalty_type=row.penalty_type, authority=row.authority, actor=actor,
        maximum_fine=row.maximum_fine,
        only_on_criminal_conviction=row.only_on_criminal_conviction)


def _authority_change(actor, row, stored):
    if row.authority != stored.authority:
        penalties.penalty_authority_remove(penalty_authority=stored, actor=actor)
    return _authority_set(actor, row)


class PenaltyAuthorityInline(TenantTabularInline):
    model = PenaltyAuthority
    exclude = ["institution"]
    writes = ServiceWrites(
        add=_authority_set,
        change=_authority_change,
        remove=lambda actor, stored: penalties.penalty_authority_remove(
            penalty_authority=stored, actor=actor),
        check=lambda row: penalties.penalty_authority_check(
            penalty_type=row.penalty_type, maximum_fine=row.maximum_fine)
        if row.penalty_type_id else None,
    )


def _penalty_values(row) -> dict:
    return {name: getattr(row, name) for name in penalties.PENALTY_FIELDS}


@admin.register(PenaltyType)
class PenaltyTypeAdmin(TenantModelAdmin):
    list_display = ["name", "institution", "reference", "is_fine", "recorded_on_file"]
    list_filter = ["is_fine"]
    inlines = [PenaltyAuthorityInline]
    writes = ServiceWrites(
        add=lambda actor, row: penalties.penalty_type_add(
            institution=row.institution, actor=actor, **_penalty_values(row)),
        change=lambda actor, row, stored: penalties.penalty_type_update(
            penalty_type=stored, actor=actor, **_penalty_values(row)),
        remove=lambda actor, stored: penalties.penalty_type_remove(
            penalty_type=stored, actor=actor),
        check=lambda row: penalties.penalty_type_check(
            is_fine=row.is_fine, fine_minimum=row.fine_minimum, fine_maximum=row.fine_maximum),
    )


@admin.register(AppealGround)
class AppealGroundAdmin(TenantModelAdmin):
    list_display = ["text", "institution", "reference", "position"]
    writes = ServiceWrites(
        add=lambda actor, row: appeal_grounds.appeal_ground_add(
            institution=row.institution, actor=actor, code=row.code, text=row.text,
            reference=row.reference, position=row.position),
        change=lambda actor, row, stored: appeal_grounds.appeal_ground_update(
            ground=stored, actor=actor, code=row.code, text=row.text, reference=row.reference,
            position=row.position),
        remove=lambda actor, stored: appeal_grounds.appeal_ground_remove(
            ground=stored, actor=actor),
    )


class LetterTemplateForm(ServiceCheckedForm):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body"):
            letter_template_check(institution=self.instance.institution,
                                  kind=self.instance.kind, body=cleaned["body"])
        return cleaned


def _not_here(*args):
    raise AssertionError("letter templates are neither added nor removed in the admin")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(TenantModelAdmin):
    """Every kind of letter has one template per institution, made from the defaults when
    first needed: here, as on the staff pages, only its subject and body change, through
    ``letter_template_update`` (which audits the change)."""

    form = LetterTemplateForm
    list_display = ["kind", "institution", "subject", "updated_at"]
    readonly_fields = ["institution", "kind"]
    writes = ServiceWrites(
        add=_not_here,
        change=lambda actor, row, stored: letter_template_update(
            template=stored, actor=actor, subject=row.subject, body=row.body),
        remove=_not_here,
    )

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
