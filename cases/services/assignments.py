"""Appointing staff to a case (investigator, clerk, Board members, appeal reviewer, informal
officer). The decision maker appoints (§39, §53, §55); every appointment passes the training and
conflict checks in cases/conflicts.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import BOARD_ROLES, Case, CaseAssignment, CaseRole
from ..policies import enforce
from .common import (
    TransitionError,
    assign,
    end_assignment,
    ensure_decision_maker,
    lock,
)

#: Places filled by the step that needs them (004's appeals panel is convened by the
#: designated member; an independent reviewer is asked when a review is requested).
APPOINTED_BY_THEIR_SERVICE = (CaseRole.APPEAL_PANEL_CHAIR, CaseRole.APPEAL_PANEL_MEMBER,
                              CaseRole.INDEPENDENT_REVIEWER)


@transaction.atomic
def case_assign(*, case: Case, actor, user, role: str) -> CaseAssignment:
    case = lock(case)
    enforce("assign", case=case, actor=actor)
    if role not in CaseRole.values or role in APPOINTED_BY_THEIR_SERVICE:
        raise ValidationError({"role": ["Choose a role on the case."]})
    if role != CaseRole.CASEWORKER:  # only the decision maker appoints to the process
        ensure_decision_maker(actor, case)
    if role in BOARD_ROLES or role == CaseRole.CLERK:
        taken = CaseAssignment.objects.for_institution(case.institution_id).filter(
            case=case, role=role, ended_at__isnull=True)
        if taken.exists():
            raise TransitionError("That place is already filled; end the current "
                                  "appointment first.")
    assignment = assign(case=case, user=user, role=role, by=actor)
    if role in BOARD_ROLES:
        # A replacement member: the student is sent the new membership (§60).
        from .board import board_renotice_if_ready

        board_renotice_if_ready(case=case, actor=actor)
    return assignment


@transaction.atomic
def case_unassign(*, assignment: CaseAssignment, actor, reason: str) -> None:
    case = lock(assignment.case)
    # Re-read under the case lock: another decision maker may have ended it meanwhile.
    assignment = (CaseAssignment.objects.for_institution(case.institution_id)
                  .select_for_update(of=("self",)).get(pk=assignment.pk))
    enforce("unassign", case=case, actor=actor, obj=assignment)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the appointment ends."]})
    ensure_decision_maker(actor, case)
    end_assignment(assignment=assignment, by=actor, reason=reason.strip())
    if assignment.role in BOARD_ROLES:
        from .board import board_member_left

        board_member_left(case=case, actor=actor,
                          why="Board membership changed: a member's appointment ended (§60)")
