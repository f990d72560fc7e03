"""Shared pieces of the governance services: the lock, the audit record, the people a row may
name, and the register's dates as deadlines of the shared mechanism.

Lock order: the row the service changes first (:func:`lock`; an item's plan is never locked
with it), then the deadlines it moves, then the audit chain head (``audit_record``, last)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Model

from accounts.models import Membership
from audit.services import audit_record
from core.errors import field_errors
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from institutions.services.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_register_date,
)

from ..roles import GOVERNANCE_OFFICER

M = TypeVar("M", bound=Model)


def lock(row: M) -> M:
    model: Any = type(row)
    return (model.objects.for_institution(row.institution_id)  # type: ignore[attr-defined]
            .select_for_update(of=("self",)).get(pk=row.pk))


def record_event(row: Any, actor, action: str, **changes) -> None:
    audit_record(institution=row.institution, actor=actor, action=action, obj=row,
                 changes=changes)


def staff_member(institution, user, field: str, label: str):
    """``user`` (or their id) if they are an active member of staff of the institution, else
    a field error: a register names only its own institution's staff."""
    if user is None or user == "":
        raise field_errors(**{field: f"Choose the {label}."})
    user_id = getattr(user, "pk", user)
    membership = (Membership.objects.for_institution(institution)
                  .filter(user_id=user_id, is_active=True, user__is_active=True)
                  .select_related("user").first())
    if membership is None:
        raise field_errors(**{field: f"Choose the {label} from this institution's staff."})
    return membership.user


def clean_text(value) -> str:
    return (value or "").strip()


def date_set(*, subject, rule: str, due: dt.date | None, start: dt.date, assignee, purpose: str,
             actor, today: dt.date, met: bool = False) -> None:
    """Keep one open deadline of ``rule`` on ``subject``, due ``due`` and assigned to
    ``assignee`` (None: no date, so none). An open one with another date or assignee ends first:
    met when ``met`` (what it was for was done: a review recorded, an item finished), else
    cancelled (the date was moved). A missed one is marked done, late, when ``met``."""
    keep = None
    for deadline in deadlines_for(institution=subject.institution, subject=subject):
        if deadline.rule != rule:
            continue
        late_undone = (deadline.status == Deadline.Status.MISSED
                       and deadline.completed_on is None)
        if deadline.is_open and not met and due is not None and keep is None \
                and deadline.due_date == due \
                and deadline.assignee_id == getattr(assignee, "pk", None):
            keep = deadline
            continue
        if met and (deadline.is_open or late_undone):
            deadline_complete(deadline=deadline, on=today, actor=actor)
        elif deadline.is_open:
            deadline_cancel(deadline=deadline, reason="The date was changed in the register.",
                            actor=actor)
    if due is not None and keep is None:
        deadline_register_date(
            institution=subject.institution, subject=subject, purpose=purpose,
            start=min(start, due), due=due, rule=rule,
            description="the date set in the register", assignee=assignee,
            responsible_role=GOVERNANCE_OFFICER, actor=actor)
