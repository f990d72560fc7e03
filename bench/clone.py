"""Copying an institution's configuration (not its casework) to new institutions.

:data:`CONFIG_MODELS` is the one list of configuration models: every row of each, for the template
institution, is copied to each clone, with foreign keys between configuration rows (a penalty
authority's penalty type) pointing at the clone's own copies. A model in the list that does not
exist (yet) is skipped, so per-app settings models (``cases.CaseSettings``,
``reporting.ReportingSettings``: one-to-one with the institution) are copied as soon as they
exist. :func:`unlisted_tenant_models` names tenant models that are in neither this list nor
:data:`CASEWORK_MODELS`, so a new configuration model is noticed, not silently left out.

Rows are read and written as the database stores them (raw SQL), never through the models, so
nothing is decrypted or re-encrypted on the way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.apps import apps
from django.db import connection, models

from institutions.models import Institution

from .dbcopy import next_id, reset_sequences, write_rows

#: Configuration: copied from the template institution, in this order (a model after the ones
#: its foreign keys point at).
CONFIG_MODELS: list[str] = [
    "institutions.TimeLimit",
    "institutions.RoleLabel",
    "institutions.ClosureDay",
    "institutions.AcademicTerm",
    "cases.PenaltyType",
    "cases.PenaltyAuthority",
    "cases.AppealGround",
    "letters.LetterTemplate",
    "reporting.ReportCategory",
    "reporting.SupportService",
    "reporting.ReportTag",
    "precautionary.MeasureType",
    # Per-app settings, one-to-one with the institution (moving out of Institution, issue 9).
    "cases.CaseSettings",
    "reporting.ReportingSettings",
    "precautionary.PrecautionarySettings",
    "training.Module",
    "safecontacts.SafeContactSettings",
    "insights.InsightsSettings",
]

#: Tenant models that are casework, people or logs, never copied (the generator makes them).
CASEWORK_MODELS: frozenset[str] = frozenset({
    "outbox.OutboxMessage", "institutions.Deadline",
    "accounts.Membership", "accounts.MembershipRole",
    "training.Learner", "training.Completion", "training.Campaign", "training.ImportMapping",
    "training.ImportRun", "training.ImportRowError", "training.TrainingSession",
    "training.Attendance", "training.ExpiryReminder",
    "audit.AuditEvent", "audit.AuditChainHead", "audit.AccessCheckpoint", "audit.AccessEvent",
    "audit.PendingAnonymousEvent",
    "letters.Letter", "letters.LetterDelivery",
    "governance.RelationshipDeclaration", "governance.RiskAssessment",
    "governance.PolicyDocument", "governance.PolicyVersion", "governance.ActionPlan",
    "governance.ActionPlanVersion", "governance.ActionItem",
    "cases.Student", "cases.Case", "cases.CaseUserObjectPermission", "cases.CaseCounter",
    "cases.Party", "cases.Allegation", "cases.EvidenceDocument", "cases.CaseAssignment",
    "cases.CasePause", "cases.Outcome", "cases.ImposedPenalty", "cases.Appeal",
    "cases.BoardNotice", "cases.BoardObjection", "cases.Hearing", "cases.BoardVote",
    "precautionary.RiskAssessmentRequest", "precautionary.Matter", "precautionary.MatterCounter",
    "precautionary.MatterMember", "precautionary.ProtectedPerson",
    "precautionary.RiskAssessment", "precautionary.Decision", "precautionary.Measure",
    "precautionary.Appeal", "precautionary.Review", "precautionary.Share",
    "precautionary.Breach",
    "reporting.Report", "reporting.ReportUserObjectPermission", "reporting.ReportCounter",
    "reporting.InvolvedPerson", "reporting.ReportMessage", "reporting.InternalNote",
    "reporting.Appointment", "reporting.SupportAction", "reporting.ReportEvidence",
    "reporting.ReportDraft", "reporting.ReportDraftFile",
    "training.OptOutLink",
    "safecontacts.SafeContact", "safecontacts.EqualityTally", "safecontacts.Session",
    "safecontacts.Attendance", "safecontacts.ContactLogEntry",
    "insights.InsightReport", "insights.ExternalImport", "insights.ExternalFigure",
})

#: Institution fields a clone does not copy from its template (its own identity).
INSTITUTION_OWN_FIELDS = frozenset({"id", "slug", "name", "letter_name", "created_at", "logo"})


def config_models() -> list[type[models.Model]]:
    found = []
    for label in CONFIG_MODELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue  # not built (yet)
    return found


def _institution_field(model) -> models.Field:
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Institution:
            return field
    raise ValueError(f"{model._meta.label} has no foreign key to Institution")


def unlisted_tenant_models() -> list[str]:
    """Models with a key to Institution that are neither configuration nor casework."""
    listed = set(CONFIG_MODELS) | CASEWORK_MODELS
    unlisted = []
    for model in apps.get_models():
        label = model._meta.label
        if label in listed or model is Institution or model._meta.app_label == "bench":
            continue
        try:
            _institution_field(model)
        except ValueError:
            continue
        unlisted.append(label)
    return sorted(unlisted)


def clone_institutions(template: Institution, names: Sequence[tuple[str, str]]
                       ) -> list[Institution]:
    """New institutions ``(slug, name)``, each a copy of ``template``'s own fields and of every
    configuration row. Returns them in the order given."""
    clones = []
    for slug, name in names:
        clone = Institution()
        for field in Institution._meta.concrete_fields:
            if field.name not in INSTITUTION_OWN_FIELDS:
                setattr(clone, field.attname, getattr(template, field.attname))
        clone.slug, clone.name = slug, name
        clone.letter_name = name if template.letter_name else ""
        clones.append(clone)
    clones = Institution.objects.bulk_create(clones, batch_size=500)
    if any(c.pk is None for c in clones):  # a backend that does not return ids
        by_slug = dict(Institution.objects.filter(slug__in=[s for s, _ in names])
                       .values_list("slug", "pk"))
        for clone in clones:
            clone.pk = by_slug[clone.slug]
    _copy_config(template, [c.pk for c in clones])
    return clones


def _copy_config(template: Institution, clone_ids: list[int]) -> None:
    # (model label, template row pk, clone id) -> the clone's row pk
    new_pk: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
    tables = []
    for model in config_models():
        inst_field = _institution_field(model)
        fields = list(model._meta.concrete_fields)
        columns = [f.column for f in fields]
        pk_field = model._meta.pk
        pk_is_institution = pk_field.column == inst_field.column
        with connection.cursor() as cursor:
            cols = ", ".join(f'"{c}"' for c in columns)
            cursor.execute(f'SELECT {cols} FROM "{model._meta.db_table}" '
                           f'WHERE "{inst_field.column}" = %s ORDER BY 1', [template.pk])
            template_rows = cursor.fetchall()
        if not template_rows:
            continue
        label = model._meta.label
        start = None if pk_is_institution else next_id(model._meta.db_table)
        out = []
        for clone_id in clone_ids:
            for row in template_rows:
                values = list(row)
                old_pk = values[columns.index(pk_field.column)]
                for index, field in enumerate(fields):
                    if field.column == inst_field.column:
                        values[index] = clone_id
                    elif field.is_relation and values[index] is not None:
                        target = field.related_model._meta.label
                        if target in new_pk:
                            values[index] = new_pk[target][(values[index], clone_id)]
                        elif field.null:
                            values[index] = None  # e.g. who last edited a template
                        else:
                            raise ValueError(f"{label}.{field.name}: cannot copy a required "
                                             f"key to {target}")
                if not pk_is_institution:
                    values[columns.index(pk_field.column)] = start
                    new_pk[label][(old_pk, clone_id)] = start
                    start += 1
                out.append(values)
        write_rows(model._meta.db_table, columns, out)
        if not pk_is_institution:
            tables.append(model._meta.db_table)
    reset_sequences(tables)
