"""Appointing staff to a case (investigator, clerk, Board members, appeal reviewer, informal
officer). The decision maker appoints (§39, §53, §55); every appointment passes the training and
conflict checks in cases/conflicts.py."""

from __future__ import annotations

from django.db import transaction

from accounts.roles import Role

from ..models import BOARD_ROLES, Case, CaseAssignment, CaseRole
from .common import (
    TransitionError,
    assign,
    end_assignment,
    ensure_decision_maker,
    lock,
    require_institution_role,
)


@transaction.atomic
def case_assign(*, case: Case, actor, user, role: str) -> CaseAssignment:
    case = lock(case)
    if role not in CaseRole.values:
        raise TransitionError("Choose a role on the case.")
    if role == CaseRole.CASEWORKER:
        require_institution_role(actor, case, Role.DECISION_MAKER, Role.SUPPORT_CASEWORKER)
    else:
        ensure_decision_maker(actor, case)
    if role in BOARD_ROLES or role == CaseRole.CLERK:
        taken = CaseAssignment.objects.for_institution(case.institution_id).filter(
            case=case, role=role, ended_at__isnull=True)
        if taken.exists():
            raise TransitionError("That place is already filled; end the current "
                                  "appointment first.")
    return assign(case=case, user=user, role=role, by=actor)


@transaction.atomic
def case_unassign(*, assignment: CaseAssignment, actor, reason: str) -> None:
    case = lock(assignment.case)
    ensure_decision_maker(actor, case)
    # Re-read under the case lock: another decision maker may have ended it meanwhile.
    assignment = (CaseAssignment.objects.for_institution(case.institution_id)
                  .select_for_update(of=("self",)).get(pk=assignment.pk))
    if assignment.ended_at is not None:
        raise TransitionError("That appointment has already ended.")
    if not reason.strip():
        raise TransitionError("Say why the appointment ends.")
    end_assignment(assignment=assignment, by=actor, reason=reason.strip())
