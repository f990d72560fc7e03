"""An institution's procedure settings and calendar: its time limits per cohort (002 and the
institution's own), closure days (not working days: DOMAIN "Working days"), academic terms and
its own names for the roles. Only the institution's admin (or a superuser) changes them, each
change with one audit event giving the old and new values (issue 8 §4). Deadlines already
running keep the due date they were given; new ones use the new settings.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.permissions import require_institution_admin
from audit.changes import row_change, row_create, row_delete

from ..models import AcademicTerm, ClosureDay, Institution, RoleLabel, TimeLimit

AUDIT_EVENTS = (
    "institutions.time_limit_changed", "institutions.time_limit_removed",
    "institutions.closure_day_added", "institutions.closure_day_changed",
    "institutions.closure_day_removed",
    "institutions.role_label_changed", "institutions.role_label_removed",
    "institutions.academic_term_added", "institutions.academic_term_changed",
    "institutions.academic_term_removed",
)


# -- time limits -------------------------------------------------------------------------------
def time_limit_check(*, amount: int | None) -> None:
    if amount is not None and amount < 1:
        raise ValidationError({"amount": ["A time limit is at least 1."]})


def _limit(limit: TimeLimit) -> dict:
    return {"rule": limit.rule, "cohort": limit.cohort}


@transaction.atomic
def time_limit_set(*, institution: Institution, actor, rule: str, cohort: str, amount: int,
                   unit: str, reference: str = "") -> TimeLimit:
    """Set the limit for ``rule`` and ``cohort`` (a cohort without its own limit follows the
    standard cohort's)."""
    require_institution_admin(actor=actor, institution=institution)
    time_limit_check(amount=amount)
    values = {"amount": amount, "unit": unit, "reference": reference.strip()}
    existing = TimeLimit.objects.for_institution(institution).filter(
        rule=rule, cohort=cohort).first()
    if existing is not None:
        return row_change(existing, actor=actor, action="institutions.time_limit_changed",
                          values=values, describe=_limit)
    return row_create(TimeLimit, institution=institution, actor=actor,
                      action="institutions.time_limit_changed",
                      values={"rule": rule, "cohort": cohort, **values},
                      describe={"rule": rule, "cohort": cohort, "old": None})


@transaction.atomic
def time_limit_remove(*, time_limit: TimeLimit, actor) -> None:
    """Remove a limit: the cohort then follows the standard cohort's; a standard limit
    removed means the institution's procedure sets none."""
    require_institution_admin(actor=actor, institution=time_limit.institution)
    row_delete(time_limit, actor=actor, action="institutions.time_limit_removed",
               fields=["amount", "unit", "reference"], describe=_limit)


# -- closure days ------------------------------------------------------------------------------
@transaction.atomic
def closure_day_add(*, institution: Institution, actor, date: dt.date,
                    reason: str = "University closure day") -> ClosureDay:
    require_institution_admin(actor=actor, institution=institution)
    return row_create(ClosureDay, institution=institution, actor=actor,
                      action="institutions.closure_day_added",
                      values={"date": date, "reason": reason.strip()})


@transaction.atomic
def closure_day_change(*, closure_day: ClosureDay, actor, date: dt.date,
                       reason: str) -> ClosureDay:
    require_institution_admin(actor=actor, institution=closure_day.institution)
    return row_change(closure_day, actor=actor, action="institutions.closure_day_changed",
                      values={"date": date, "reason": reason.strip()})


@transaction.atomic
def closure_day_remove(*, closure_day: ClosureDay, actor) -> None:
    require_institution_admin(actor=actor, institution=closure_day.institution)
    row_delete(closure_day, actor=actor, action="institutions.closure_day_removed",
               fields=["date", "reason"])


# -- role labels -------------------------------------------------------------------------------
@transaction.atomic
def role_label_set(*, institution: Institution, actor, role: str, label: str) -> RoleLabel:
    """Call ``role`` by the institution's own name ("Academic Registrar" for the decision
    maker) in pages and letters."""
    require_institution_admin(actor=actor, institution=institution)
    if not label.strip():
        raise ValidationError({"label": ["Give the name the institution uses for this role."]})
    existing = RoleLabel.objects.for_institution(institution).filter(role=role).first()
    if existing is not None:
        return row_change(existing, actor=actor, action="institutions.role_label_changed",
                          values={"label": label.strip()}, describe=lambda r: {"role": r.role})
    return row_create(RoleLabel, institution=institution, actor=actor,
                      action="institutions.role_label_changed",
                      values={"role": role, "label": label.strip()},
                      describe={"role": role, "old": None})


@transaction.atomic
def role_label_remove(*, role_label: RoleLabel, actor) -> None:
    """The role is called by its default name again."""
    require_institution_admin(actor=actor, institution=role_label.institution)
    row_delete(role_label, actor=actor, action="institutions.role_label_removed",
               fields=["role", "label"])


# -- academic terms ----------------------------------------------------------------------------
def academic_term_check(*, start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end": ["A term cannot end before it starts."]})


@transaction.atomic
def academic_term_add(*, institution: Institution, actor, name: str, start: dt.date,
                      end: dt.date) -> AcademicTerm:
    require_institution_admin(actor=actor, institution=institution)
    academic_term_check(start=start, end=end)
    return row_create(AcademicTerm, institution=institution, actor=actor,
                      action="institutions.academic_term_added",
                      values={"name": name.strip(), "start": start, "end": end})


@transaction.atomic
def academic_term_update(*, term: AcademicTerm, actor, name: str, start: dt.date,
                         end: dt.date) -> AcademicTerm:
    require_institution_admin(actor=actor, institution=term.institution)
    academic_term_check(start=start, end=end)
    return row_change(term, actor=actor, action="institutions.academic_term_changed",
                      values={"name": name.strip(), "start": start, "end": end})


@transaction.atomic
def academic_term_remove(*, term: AcademicTerm, actor) -> None:
    require_institution_admin(actor=actor, institution=term.institution)
    row_delete(term, actor=actor, action="institutions.academic_term_removed",
               fields=["name", "start", "end"])


# -- one app's own settings (InstitutionSettings) ----------------------------------------------
@transaction.atomic
def app_settings_set(model, *, institution: Institution, actor, action: str, values: dict):
    """Set ``values`` on the institution's ``model`` row (a :class:`InstitutionSettings`),
    creating it with the defaults first if it has none; one ``action`` event names what
    changed, and nothing is written (or recorded) when nothing changes. Each app wraps this in
    its own service with its own event."""
    require_institution_admin(actor=actor, institution=institution)
    existing = model.objects.for_institution(institution).first()
    if existing is None:
        defaults = model(institution=institution)
        row = row_create(model, institution=institution, actor=actor, action=action,
                         values={name: values.get(name, getattr(defaults, name))
                                 for name in setting_fields(model)})
    else:
        row = row_change(existing, actor=actor, action=action, values=values)
    model.forget(institution)
    return row


def setting_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields
            if not f.primary_key and f.name != "institution"]
