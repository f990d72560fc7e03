"""Training in the Django admin, for institution admins and superusers. Every write goes
through the training services (which check the actor and record the audit event); records
nobody edits by hand (imports, reminders) are shown read-only."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError

from core.tenancy.scoping import TenantModel
from web.admin import (
    ReadOnlyAdminMixin,
    ServiceWrites,
    TenantModelAdmin,
    TenantTabularInline,
    administered_institution_ids,
)

from .models import (
    Attendance,
    Campaign,
    Completion,
    ExpiryReminder,
    ImportMapping,
    ImportRowError,
    ImportRun,
    Learner,
    Module,
    TrainingSession,
)
from .services import completions, imports, modules, roster, sessions


class TrainingAdmin(TenantModelAdmin):
    """A choice of another training row (a module, a learner) lists only the rows of the
    institutions the admin administers."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if db_field.name != "institution" and issubclass(model, TenantModel):
            ids = administered_institution_ids(request)
            kwargs["queryset"] = (
                model.objects.across_institutions(reason="superuser in the admin")
                if ids is None else model.objects.for_institutions(ids))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _module_values(row) -> dict:
    return {name: getattr(row, name) for name in modules.MODULE_FIELDS}


def _refuse_delete(kind: str):
    def remove(actor, stored):
        raise ValidationError(f"{kind} are not deleted: make them inactive instead.")
    return remove


@admin.register(Module)
class ModuleAdmin(TrainingAdmin):
    list_display = ["title", "key", "institution", "audience", "delivery", "validity_years",
                    "is_active"]
    list_filter = ["is_active", "audience", "delivery"]
    search_fields = ["title", "key"]
    writes = ServiceWrites(
        add=lambda actor, row: modules.module_create(institution=row.institution, actor=actor,
                                                     key=row.key, **_module_values(row)),
        change=lambda actor, row, stored: modules.module_update(module=stored, actor=actor,
                                                                **_module_values(row)),
        remove=_refuse_delete("Modules"),
        check=lambda row: modules.module_check(
            audience=row.audience, audience_role=row.audience_role,
            allows_opt_out=row.allows_opt_out, validity_years=row.validity_years,
            duration_hours=row.duration_hours),
    )

    def get_readonly_fields(self, request, obj=None):
        return ["institution", "key"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(TrainingAdmin):
    list_display = ["name", "module", "opens_on", "deadline", "cohort", "institution"]
    list_select_related = ["module", "institution"]
    search_fields = ["name"]
    writes = ServiceWrites(
        add=lambda actor, row: modules.campaign_create(
            institution=row.institution, actor=actor, module=row.module, name=row.name,
            opens_on=row.opens_on, deadline=row.deadline, cohort=row.cohort),
        change=lambda actor, row, stored: modules.campaign_update(
            campaign=stored, actor=actor, module=row.module, name=row.name,
            opens_on=row.opens_on, deadline=row.deadline, cohort=row.cohort),
        remove=_refuse_delete("Campaigns"),
        check=lambda row: modules.campaign_check(opens_on=row.opens_on, deadline=row.deadline),
    )

    def get_readonly_fields(self, request, obj=None):
        return ["institution"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


def _learner_values(row) -> dict:
    return {name: getattr(row, name) for name in roster.LEARNER_FIELDS}


@admin.register(Learner)
class LearnerAdmin(TrainingAdmin):
    list_display = ["email", "full_name", "kind", "external_id", "department", "is_active",
                    "institution"]
    list_filter = ["kind", "is_active"]
    search_fields = ["email", "full_name", "external_id"]
    exclude = ["membership"]
    writes = ServiceWrites(
        add=lambda actor, row: roster.learner_create(institution=row.institution, actor=actor,
                                                     **_learner_values(row)),
        change=lambda actor, row, stored: roster.learner_update(learner=stored, actor=actor,
                                                                **_learner_values(row)),
        remove=_refuse_delete("Roster entries"),
    )

    def get_readonly_fields(self, request, obj=None):
        return ["institution"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Completion)
class CompletionAdmin(TrainingAdmin):
    """Completions are added by hand (as on the roster page) or removed when recorded in
    error; they are never edited (record the right one and remove the wrong one)."""

    list_display = ["learner", "module", "completed_on", "expires_on", "source"]
    list_filter = ["source"]
    list_select_related = ["learner", "module"]
    search_fields = ["learner__email", "learner__full_name", "module__title"]
    fields = ["institution", "learner", "module", "completed_on"]
    writes = ServiceWrites(
        add=lambda actor, row: completions.completion_enter(
            learner=row.learner, module=row.module, completed_on=row.completed_on,
            actor=actor)[0],
        change=lambda actor, row, stored: stored,
        remove=lambda actor, stored: completions.completion_remove(
            completion=stored, actor=actor, reason="Removed in the admin as recorded in error"),
    )

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)



class AttendanceInline(ReadOnlyAdminMixin, TenantTabularInline):
    """The register is kept on the session's page (its rules mark completions)."""

    model = Attendance
    fields = ["learner", "attended", "completion", "marked_by", "marked_at"]
    readonly_fields = fields


@admin.register(TrainingSession)
class TrainingSessionAdmin(TrainingAdmin):
    list_display = ["module", "held_on", "location", "facilitator", "institution"]
    list_select_related = ["module", "institution"]
    fields = ["institution", "module", "held_on", "location", "facilitator"]
    inlines = [AttendanceInline]
    writes = ServiceWrites(
        add=lambda actor, row: sessions.session_create(
            institution=row.institution, actor=actor, module=row.module, held_on=row.held_on,
            location=row.location, facilitator=row.facilitator),
        change=lambda actor, row, stored: sessions.session_update(
            session=stored, actor=actor, module=row.module, held_on=row.held_on,
            location=row.location, facilitator=row.facilitator),
        remove=_refuse_delete("Sessions"),
    )

    def get_readonly_fields(self, request, obj=None):
        return ["institution"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportMapping)
class ImportMappingAdmin(TrainingAdmin):
    list_display = ["institution", "email_column", "module_column", "completed_on_column",
                    "date_format", "updated_at"]
    exclude = ["updated_by"]
    writes = ServiceWrites(
        add=lambda actor, row: imports.import_mapping_save(
            institution=row.institution, actor=actor, columns=_columns(row)),
        change=lambda actor, row, stored: imports.import_mapping_save(
            institution=stored.institution, actor=actor, columns=_columns(row)),
        remove=_refuse_delete("Saved columns"),
    )

    def has_delete_permission(self, request, obj=None):
        return False


def _columns(row) -> imports.Columns:
    return imports.Columns(values=row.columns(), module_match=row.module_match,
                           date_format=row.date_format)


class ImportRowErrorInline(ReadOnlyAdminMixin, TenantTabularInline):
    model = ImportRowError
    fields = ["row_number", "email", "problem"]
    readonly_fields = fields


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdminMixin, TenantModelAdmin):
    list_display = ["filename", "institution", "status", "rows_total", "created_count",
                    "unchanged_count", "error_count", "created_at"]
    list_filter = ["status"]
    exclude = ["content"]
    inlines = [ImportRowErrorInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(ReadOnlyAdminMixin, TenantModelAdmin):
    list_display = ["completion", "days_before", "sent_on", "emailed", "institution"]
