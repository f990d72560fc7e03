"""Registering deadlines and moving them through their life: pause, resume, extend, complete.

Pauses move the due date by the time paused: working-day limits by the working days paused,
calendar-day and month limits by the calendar days paused (a six-week review paused for a week is
due a week later). A pause that starts and ends on the same day moves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from core.errors import DomainRefusal

from ..calendar import WorkingCalendar
from ..models import Deadline, Institution
from ..procedure import Unit, is_window, rule_label
from ..selectors import time_limit_for
from .summary import summary_refresh_for


class DeadlineError(DomainRefusal):
    """A deadline cannot make the change asked of it; the message says why."""


def _changes(deadline: Deadline, **extra) -> dict:
    return {
        "purpose": deadline.purpose,
        "due_date": deadline.due_date,
        "status": deadline.status,
        **extra,
    }


@transaction.atomic
def deadline_register(
    *,
    institution: Institution,
    subject,
    rule: str,
    cohort: str,
    start: dt.date,
    purpose: str = "",
    assignee=None,
    responsible_role: str = "",
    actor=None,
    anonymous: bool = False,
) -> Deadline | None:
    """Register the institution's limit for ``rule`` and ``cohort`` against ``subject``,
    running from ``start``. Returns None when the procedure sets no such limit.
    ``anonymous``: the deadline belongs to an anonymous reporter's submission, so neither the
    row nor its audit event keeps the time of day (only the date)."""
    plan = deadline_plan(institution=institution, rule=rule, cohort=cohort, start=start)
    if plan is None:
        return None
    return _create_planned(institution=institution, subject=subject, plan=plan, purpose=purpose,
                           assignee=assignee, responsible_role=responsible_role, actor=actor,
                           anonymous=anonymous)


@dataclass(frozen=True)
class DeadlinePlan:
    """The institution's limit for a rule applied to a start date: worked out (reads and the
    calendar) before a caller takes the locks it registers the deadline under."""

    rule: str
    start: dt.date
    due: dt.date
    unit: str
    description: str


def deadline_plan(*, institution: Institution, rule: str, cohort: str, start: dt.date
                  ) -> DeadlinePlan | None:
    """What :func:`deadline_register` would register; None when the procedure sets no such
    limit."""
    limit = time_limit_for(institution=institution, rule=rule, cohort=cohort)
    if limit is None:
        return None
    due = WorkingCalendar(institution).due_date(start, limit.amount, limit.unit)
    description = limit.describe() + (f" ({limit.reference})" if limit.reference else "")
    return DeadlinePlan(rule=rule, start=start, due=due, unit=limit.unit,
                        description=description)


def deadline_register_planned(*, institution: Institution, subject, plan: DeadlinePlan,
                              purpose: str = "", assignee=None, responsible_role: str = "",
                              actor=None, anonymous: bool = False) -> Deadline:
    """Register a deadline planned by :func:`deadline_plan`, as :func:`deadline_register` does,
    in the caller's transaction (required, and no savepoint of its own: a caller holding a
    lock that others wait for keeps its transaction short)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("deadline_register_planned() must run in the caller's transaction.")
    return _create_planned(institution=institution, subject=subject, plan=plan, purpose=purpose,
                           assignee=assignee, responsible_role=responsible_role, actor=actor,
                           anonymous=anonymous)


def _create_planned(*, institution, subject, plan: DeadlinePlan, purpose, assignee,
                    responsible_role, actor, anonymous) -> Deadline:
    return _create(
        institution=institution,
        subject=subject,
        purpose=purpose or rule_label(plan.rule),
        rule=plan.rule,
        description=plan.description,
        unit=plan.unit,
        start=plan.start,
        due=plan.due,
        assignee=assignee,
        responsible_role=responsible_role,
        actor=actor,
        anonymous=anonymous,
    )


@transaction.atomic
def deadline_register_date(
    *,
    institution: Institution,
    subject,
    purpose: str,
    start: dt.date,
    due: dt.date,
    description: str,
    rule: str = "",
    assignee=None,
    responsible_role: str = "",
    actor=None,
    kind: str = "",
) -> Deadline:
    """Register a deadline whose date was worked out by the caller (e.g. "five working days
    before the hearing"). ``kind`` overrides the rule's own kind (action or window)."""
    return _create(
        institution=institution,
        subject=subject,
        purpose=purpose,
        rule=rule,
        description=description,
        unit=Unit.WORKING_DAYS,
        start=start,
        due=due,
        assignee=assignee,
        responsible_role=responsible_role,
        actor=actor,
        kind=kind,
    )


def _create(*, institution, subject, purpose, rule, description, unit, start, due, assignee,
            responsible_role, actor, kind: str = "", anonymous: bool = False) -> Deadline:
    if getattr(subject, "institution_id", institution.pk) != institution.pk:
        raise DeadlineError("The object belongs to another institution.")
    created_at = timezone.now()
    if anonymous:  # the date only: midnight at the start of the local day
        created_at = timezone.localtime(created_at).replace(hour=0, minute=0, second=0,
                                                            microsecond=0)
    deadline = Deadline.objects.create(
        created_at=created_at,
        institution=institution,
        purpose=purpose,
        rule=rule,
        rule_description=description,
        unit=unit,
        kind=kind or (Deadline.Kind.WINDOW if is_window(rule) else Deadline.Kind.ACTION),
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        start_date=start,
        due_date=due,
        original_due_date=due,
        assignee=assignee,
        responsible_role=responsible_role,
    )
    summary_refresh_for(deadline)
    audit_record(
        institution=institution,
        actor=actor,
        anonymous=anonymous,
        action="deadline.registered",
        obj=deadline,
        changes=_changes(deadline, rule=rule, start_date=start, description=description,
                         subject=f"{deadline.content_type.model}:{subject.pk}"),
    )
    return deadline


def _lock(deadline: Deadline) -> Deadline:
    return Deadline.objects.for_institution(deadline.institution_id).select_for_update().get(
        pk=deadline.pk
    )


@transaction.atomic
def deadline_pause(*, deadline: Deadline, on: dt.date, reason: str, actor=None) -> Deadline:
    deadline = _lock(deadline)
    if deadline.status != Deadline.Status.RUNNING:
        raise DeadlineError(f"Only a running deadline can be paused; this one is "
                            f"{deadline.get_status_display().lower()}.")
    deadline.status = Deadline.Status.PAUSED
    deadline.paused_since = on
    deadline.save(update_fields=["status", "paused_since"])
    summary_refresh_for(deadline)
    audit_record(institution=deadline.institution, actor=actor, action="deadline.paused",
                 obj=deadline, changes=_changes(deadline, reason=reason, paused_since=on))
    return deadline


@transaction.atomic
def deadline_resume(*, deadline: Deadline, on: dt.date, actor=None) -> Deadline:
    deadline = _lock(deadline)
    if deadline.status != Deadline.Status.PAUSED or deadline.paused_since is None:
        raise DeadlineError("Only a paused deadline can be resumed.")
    if on < deadline.paused_since:
        raise DeadlineError("A pause cannot end before it started.")
    calendar = WorkingCalendar(deadline.institution)
    if deadline.unit == Unit.WORKING_DAYS:
        paused = calendar.working_days_between(deadline.paused_since, on)
        deadline.due_date = calendar.add_working_days(deadline.due_date, paused).date
    else:
        paused = (on - deadline.paused_since).days
        deadline.due_date = deadline.due_date + dt.timedelta(days=paused)
    deadline.paused_working_days += paused if deadline.unit == Unit.WORKING_DAYS else 0
    deadline.status = Deadline.Status.RUNNING
    deadline.paused_since = None
    deadline.reminder_before_sent = deadline.reminder_due_sent = False
    deadline.save(update_fields=["status", "paused_since", "due_date", "paused_working_days",
                                 "reminder_before_sent", "reminder_due_sent"])
    summary_refresh_for(deadline)
    audit_record(institution=deadline.institution, actor=actor, action="deadline.resumed",
                 obj=deadline, changes=_changes(deadline, days_paused=paused, resumed_on=on))
    return deadline


@transaction.atomic
def deadline_extend(*, deadline: Deadline, new_due: dt.date, reason: str, actor=None) -> Deadline:
    """Move a deadline later, with the reason (which the procedure says the student is told)."""
    deadline = _lock(deadline)
    if not deadline.is_open:
        raise DeadlineError("A deadline that has ended cannot be extended.")
    if new_due <= deadline.due_date:
        raise DeadlineError("An extension must move the deadline later.")
    if not reason.strip():
        raise DeadlineError("Give the reason for the extension.")
    old = deadline.due_date
    deadline.due_date = new_due
    deadline.reminder_before_sent = deadline.reminder_due_sent = False
    deadline.save(update_fields=["due_date", "reminder_before_sent", "reminder_due_sent"])
    summary_refresh_for(deadline)
    audit_record(institution=deadline.institution, actor=actor, action="deadline.extended",
                 obj=deadline, changes=_changes(deadline, previous_due_date=old, reason=reason))
    return deadline


@transaction.atomic
def deadline_complete(*, deadline: Deadline, on: dt.date | None = None, actor=None) -> Deadline:
    """The thing the deadline was for has been done. Met if on time; a deadline already marked
    missed stays missed but records when it was done (once: a second completion changes
    nothing)."""
    deadline = _lock(deadline)
    on = on or timezone.localdate()
    if deadline.status in (Deadline.Status.MET, Deadline.Status.CANCELLED,
                           Deadline.Status.CLOSED):
        return deadline
    if deadline.status == Deadline.Status.MISSED and deadline.completed_on is not None:
        return deadline
    if deadline.status != Deadline.Status.MISSED:
        deadline.status = (
            Deadline.Status.MET if on <= deadline.due_date else Deadline.Status.MISSED
        )
    deadline.completed_on = on
    deadline.paused_since = None
    deadline.save(update_fields=["status", "completed_on", "paused_since"])
    summary_refresh_for(deadline)
    audit_record(institution=deadline.institution, actor=actor, action="deadline.completed",
                 obj=deadline, changes=_changes(deadline, completed_on=on))
    return deadline


@transaction.atomic
def deadline_cancel(*, deadline: Deadline, reason: str, actor=None) -> Deadline:
    """The deadline no longer applies (e.g. no appeal can follow a withdrawn case)."""
    deadline = _lock(deadline)
    if not deadline.is_open:
        return deadline
    deadline.status = Deadline.Status.CANCELLED
    deadline.save(update_fields=["status"])
    summary_refresh_for(deadline)
    audit_record(institution=deadline.institution, actor=actor, action="deadline.cancelled",
                 obj=deadline, changes=_changes(deadline, reason=reason))
    return deadline
