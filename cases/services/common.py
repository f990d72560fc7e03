"""Shared pieces of every case transition: locking, recording who acts, audit, deadlines. Who
may act is each action's policy (cases/policies.py): a service calls ``enforce`` first, with
the case it has just locked.

Lock order (every service, so two of them never wait on each other in a circle):

1. the case row (:func:`lock`), or the report row for Report + Support
   (``reporting.services.common.lock``) - first, before anything else is read for the change;
2. then the child rows the service changes (an appeal, an objection, a deadline, a letter,
   the reference counter ...), each locked by itself;
3. the institution's audit chain head last: ``audit_record`` takes it, so record the event
   after the rows it describes are locked.

Only the rows a service changes are locked: ``of=("self",)`` keeps PostgreSQL from locking the
rows joined by ``select_related`` (the institution, the respondent), which every insert of a
tenant row needs to key-share. ``no_key=True`` (FOR NO KEY UPDATE, what an UPDATE itself takes)
still lets other transactions insert rows that point at the locked one. Reads lock nothing:
they are recorded in the access log (``audit.access``), which takes no lock.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Membership
from accounts.permissions import grant_object_access, revoke_object_access
from accounts.roles import Role
from accounts.selectors import membership_get
from audit.services import audit_record
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from institutions.services.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_register,
    deadline_register_date,
)
from training.selectors import missing_qualifications

from ..conflicts import appointment_conflicts
from ..errors import TransitionError
from ..models import Case, CaseAssignment, CaseRole
from ..policies import CASE_ROLE_NEEDS, case_role_label

WORK_ON_CASE = "cases.work_on_case"


def lock(case: Case) -> Case:
    """The case, re-read and locked for this transaction (step 1 of the lock order)."""
    return (
        Case.objects.for_institution(case.institution_id)
        .select_for_update(of=("self",), no_key=True)
        .select_related("respondent", "institution")
        .get(pk=case.pk)
    )


def actor_membership(actor, case: Case) -> Membership:
    membership = membership_get(user=actor, institution=case.institution)
    if membership is None or case.institution_id != membership.institution_id:
        raise PermissionDenied("You are not a member of this institution.")
    return membership


def require_institution_role(actor, case: Case, *roles: str) -> Membership:
    membership = actor_membership(actor, case)
    if not membership.has_role(*roles):
        labels = " or ".join(case.institution.role_label(r) for r in roles)
        raise PermissionDenied(f"Only the {labels} can do this.")
    return membership


def require_current_training(membership: Membership) -> None:
    """Training is checked at every action, not only at appointment: a qualification that
    has expired since stops the person acting until it is renewed (000 §1b)."""
    missing = missing_qualifications(membership, on=timezone.localdate())
    if missing:
        raise PermissionDenied(
            "You cannot act in a disciplinary process without current "
            + " and ".join(missing) + ". Renew it, or ask for the case to be reassigned.")


def ensure_decision_maker(actor, case: Case) -> CaseAssignment:
    """The decision maker acting on a case is recorded on it (first time through the conflict
    and training checks), so later stages see their involvement."""
    require_institution_role(actor, case, Role.DECISION_MAKER)
    existing = (
        CaseAssignment.objects.for_institution(case.institution_id)
        .filter(case=case, user=actor, role=CaseRole.DECISION_MAKER, ended_at__isnull=True)
        .first()
    )
    if existing:
        require_current_training(actor_membership(actor, case))
        return existing
    return assign(case=case, user=actor, role=CaseRole.DECISION_MAKER, by=actor)


def assign(*, case: Case, user, role: str, by) -> CaseAssignment:
    """Give ``user`` a role on the case after every check; grants need-to-know."""
    membership = membership_get(user=user, institution=case.institution)
    needed = CASE_ROLE_NEEDS[CaseRole(role)]
    if membership is None:
        # Say nothing about who the person is: they may belong to another institution.
        raise TransitionError("That person is not a member of staff here.")
    if not membership.has_role(needed):
        raise TransitionError(
            f"{user} cannot be {case_role_label(case, role)}: they do not hold the role of "
            f"{case.institution.role_label(needed)} here."
        )
    reasons = appointment_conflicts(user=user, case=case, role=role)
    if reasons:
        raise TransitionError(
            f"{user} cannot be {case_role_label(case, role)} on {case.reference}: "
            + "; ".join(reasons) + "."
        )
    if CaseAssignment.objects.for_institution(case.institution_id).filter(
        case=case, user=user, role=role, ended_at__isnull=True
    ).exists():
        raise TransitionError(f"{user} is already {case_role_label(case, role)} on this case.")
    assignment = CaseAssignment.objects.create(
        institution=case.institution, case=case, user=user, role=role, assigned_by=by
    )
    grant_object_access(user=user, obj=case, perm=WORK_ON_CASE)
    record(case, by, "case.assigned", role=role, user=user.email)
    return assignment


def end_assignment(*, assignment: CaseAssignment, by, reason: str) -> None:
    assignment.ended_at = timezone.now()
    assignment.end_reason = reason
    assignment.save(update_fields=["ended_at", "end_reason"])
    still = CaseAssignment.objects.for_institution(assignment.institution_id).filter(
        case_id=assignment.case_id, user_id=assignment.user_id, ended_at__isnull=True
    ).exists()
    if not still:
        revoke_object_access(user=assignment.user, obj=assignment.case, perm=WORK_ON_CASE)
    record(assignment.case, by, "case.unassigned", role=assignment.role,
           user=assignment.user.email, reason=reason)


def record(case: Case, actor, action: str, **changes) -> None:
    audit_record(institution=case.institution, actor=actor, action=action, obj=case,
                 changes=changes)


def set_stage(case: Case, stage: str, actor, action: str, **changes) -> None:
    previous = case.stage
    case.stage = stage
    case.save(update_fields=["stage", "updated_at"])
    record(case, actor, action, stage_from=previous, stage_to=stage, **changes)


def register(case: Case, rule: str, start: dt.date, actor=None, *, purpose: str = "",
             assignee=None, responsible_role: str = "") -> Deadline | None:
    return deadline_register(
        institution=case.institution, subject=case, rule=rule, cohort=case.cohort, start=start,
        purpose=purpose, assignee=assignee, responsible_role=responsible_role, actor=actor,
    )


def register_date(case: Case, *, purpose: str, start: dt.date, due: dt.date, description: str,
                  rule: str = "", actor=None, responsible_role: str = "",
                  kind: str = "") -> Deadline:
    return deadline_register_date(
        institution=case.institution, subject=case, purpose=purpose, start=start, due=due,
        description=description, rule=rule, actor=actor, responsible_role=responsible_role,
        kind=kind,
    )


def open_deadlines(case: Case, *rules: str) -> list[Deadline]:
    return [d for d in deadlines_for(institution=case.institution, subject=case)
            if d.is_open and (not rules or d.rule in rules)]


def complete(case: Case, *rules: str, on: dt.date | None = None, actor=None) -> None:
    """The work the deadlines of ``rules`` were for is done. Includes those the daily sweep
    already marked missed: they stay missed but record when the work was done, so the case no
    longer shows as overdue for work that has been done."""
    for deadline in deadlines_for(institution=case.institution, subject=case):
        if rules and deadline.rule not in rules:
            continue
        late_undone = deadline.status == Deadline.Status.MISSED and deadline.completed_on is None
        if deadline.is_open or late_undone:
            deadline_complete(deadline=deadline, on=on, actor=actor)


def cancel(case: Case, *rules: str, reason: str, actor=None) -> None:
    for deadline in open_deadlines(case, *rules):
        deadline_cancel(deadline=deadline, reason=reason, actor=actor)

