"""Shared pieces of every precautionary service: the lock, the audit record, deadlines.

Lock order (as cases/services/common.py): the matter row first (:func:`lock`), then the child
rows the service changes (a decision, a measure, an appeal, a deadline), then the audit chain
head (``audit_record``, last)."""

from __future__ import annotations

import datetime as dt

from audit.services import audit_record
from institutions.models import Deadline
from institutions.procedure import Cohort
from institutions.selectors import deadlines_for
from institutions.services.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_register,
    deadline_register_date,
)

from ..models import Matter

__all__ = ["cancel", "complete", "lock", "record", "register", "register_date"]


def lock(matter: Matter) -> Matter:
    return (Matter.objects.for_institution(matter.institution_id)
            .select_for_update(of=("self",), no_key=True)
            .select_related("student", "institution", "case")
            .get(pk=matter.pk))


def record(matter: Matter, actor, action: str, **changes) -> None:
    audit_record(institution=matter.institution, actor=actor, action=action, obj=matter,
                 changes=changes)


def set_stage(matter: Matter, stage: str, actor, action: str, **changes) -> None:
    previous = matter.stage
    matter.stage = stage
    matter.save(update_fields=["stage", "updated_at"])
    record(matter, actor, action, stage_from=previous, stage_to=stage, **changes)


def register(matter: Matter, rule: str, start: dt.date, actor=None, *, assignee=None,
             responsible_role: str = "") -> Deadline | None:
    return deadline_register(institution=matter.institution, subject=matter, rule=rule,
                             cohort=Cohort.STANDARD, start=start, assignee=assignee,
                             responsible_role=responsible_role, actor=actor)


def register_date(matter: Matter, *, purpose: str, start: dt.date, due: dt.date,
                  description: str, rule: str = "", actor=None, assignee=None,
                  responsible_role: str = "", kind: str = "") -> Deadline:
    return deadline_register_date(institution=matter.institution, subject=matter,
                                  purpose=purpose, start=start, due=due,
                                  description=description, rule=rule, actor=actor,
                                  assignee=assignee, responsible_role=responsible_role,
                                  kind=kind)


def open_deadlines(matter: Matter, *rules: str, purpose: str = "") -> list[Deadline]:
    return [d for d in deadlines_for(institution=matter.institution, subject=matter)
            if d.is_open and (not rules or d.rule in rules)
            and (not purpose or d.purpose == purpose)]


def complete(matter: Matter, *rules: str, on: dt.date | None = None, actor=None,
             purpose: str = "") -> None:
    for deadline in deadlines_for(institution=matter.institution, subject=matter):
        if (rules and deadline.rule not in rules) or (purpose and deadline.purpose != purpose):
            continue
        late_undone = deadline.status == Deadline.Status.MISSED and deadline.completed_on is None
        if deadline.is_open or late_undone:
            deadline_complete(deadline=deadline, on=on, actor=actor)


def cancel(matter: Matter, *rules: str, reason: str, actor=None) -> None:
    for deadline in open_deadlines(matter, *rules):
        deadline_cancel(deadline=deadline, reason=reason, actor=actor)
