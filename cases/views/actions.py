"""What the person looking at a case can do now, for the links on the case page and to decide
whether a transition page shows its form.

These are hints for the pages only. The services are the authority: every POST goes to the
service, which checks again and refuses with PermissionDenied or TransitionError. The role and
stage sets come from the services' own constants wherever they expose them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from accounts.roles import Role
from institutions.selectors import deadlines_for

from ..models import (
    APPEAL_WINDOW_STAGES,
    OPEN_STAGES,
    Appeal,
    BoardObjection,
    CaseRole,
    Hearing,
    Stage,
)
from ..selectors import case_assignments
from ..services.appeals import MAY_RECORD_APPEAL, NO_APPEAL
from ..services.common import case_role_label
from ..services.evidence import MAY_UPLOAD_ROLES
from ..services.intake import MAY_OPEN
from ..services.pauses import MAY_PAUSE

__all__ = ["MAY_OPEN", "Action", "CaseState", "Refusal", "case_actions", "refusal_for"]

MAY_CLOSE = (Role.DECISION_MAKER, Role.CLERK, Role.INFORMAL_RESOLUTION_OFFICER)
MAY_ISSUE_COMPLETION = (Role.DECISION_MAKER, Role.CLERK, Role.APPEAL_REVIEWER)


@dataclass(frozen=True)
class Refusal:
    message: str
    #: True: not this person's to do (403). False: theirs, but not at this point.
    forbidden: bool


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    url: str
    hint: str = ""


class CaseState:
    """The case, the person looking at it and what the rules need, each loaded once."""

    def __init__(self, case, membership, user):
        self.case = case
        self.membership = membership
        self.user = user
        self.institution = case.institution

    @cached_property
    def assignments(self) -> list:
        return case_assignments(self.case, active_only=False)

    @cached_property
    def my_case_roles(self) -> set[str]:
        return {a.role for a in self.assignments
                if a.user_id == self.user.pk and a.ended_at is None}

    @cached_property
    def hearings(self) -> list[Hearing]:
        return list(self.case.hearings.all())

    @cached_property
    def appeals(self) -> list[Appeal]:
        return list(self.case.appeals.select_related("against").prefetch_related("grounds"))

    @cached_property
    def objections(self) -> list[BoardObjection]:
        return list(self.case.board_objections.select_related("member"))

    @cached_property
    def deadlines(self) -> list:
        return deadlines_for(institution=self.institution, subject=self.case)

    @cached_property
    def open_deadlines(self) -> list:
        return [d for d in self.deadlines if d.is_open]

    def has(self, *roles: str) -> bool:
        return self.membership.has_role(*roles)

    def holds(self, *case_roles: str) -> bool:
        return bool(self.my_case_roles.intersection(case_roles))


def _need_role(state: CaseState, *roles: str) -> Refusal | None:
    if state.has(*roles):
        return None
    labels = " or ".join(state.institution.role_label(r) for r in roles)
    return Refusal(f"Only the {labels} can do this.", True)


def _need_case_role(state: CaseState, *case_roles: str) -> Refusal | None:
    if state.holds(*case_roles):
        return None
    labels = " or ".join(case_role_label(state.case, r) for r in case_roles)
    return Refusal(f"Only the {labels} appointed to {state.case.reference} can do this.", True)


def _need_stage(state: CaseState, *stages: str, doing: str,
                paused_ok: bool = False) -> Refusal | None:
    case = state.case
    if case.is_paused and not paused_ok:
        return Refusal(f"{case.reference} is paused. Resume it before you {doing}.", False)
    if case.stage not in stages:
        return Refusal(f"You cannot {doing} now: {case.reference} is at "
                       f"'{case.get_stage_display()}'.", False)
    return None


def _first(*checks) -> Refusal | None:
    for check in checks:
        refusal = check()
        if refusal is not None:
            return refusal
    return None


def _not_now(condition: bool, message: str) -> Refusal | None:
    return None if condition else Refusal(message, False)


def _appeal_may_be_lodged(state: CaseState) -> Refusal | None:
    """In an appeal window, or after a closure for want of an appeal (a late appeal)."""
    case = state.case
    stages = set(APPEAL_WINDOW_STAGES)
    if case.stage == Stage.CLOSED and case.closure_reason == NO_APPEAL:
        stages.add(Stage.CLOSED)
    return _need_stage(state, *stages, doing="record an appeal")


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def refusal_for(key: str, state: CaseState, obj=None) -> Refusal | None:
    """None if ``key`` is open to this person now; else why not."""
    s = state
    rules = {
        "intake": lambda: _first(
            lambda: _need_role(s, Role.DECISION_MAKER, Role.INFORMAL_RESOLUTION_OFFICER),
            lambda: _need_stage(s, Stage.INTAKE, doing="decide whether to proceed")),
        "assign": lambda: _first(
            lambda: _need_role(s, Role.DECISION_MAKER, Role.SUPPORT_CASEWORKER),
            lambda: _not_now(s.case.stage in OPEN_STAGES,
                             f"{s.case.reference} is {s.case.get_stage_display().lower()}; "
                             "appointments are made while a case is open.")),
        "unassign": lambda: _first(
            lambda: _need_role(s, Role.DECISION_MAKER),
            lambda: _not_now(obj is None or obj.ended_at is None,
                             "That appointment has already ended.")),
        "informal_outcome": lambda: _first(
            lambda: _need_case_role(s, CaseRole.INFORMAL_OFFICER),
            lambda: _need_stage(s, Stage.INFORMAL_RESOLUTION,
                                doing="record the informal outcome")),
        "refer_to_formal": lambda: _first(
            lambda: _need_case_role(s, CaseRole.INFORMAL_OFFICER),
            lambda: _need_stage(s, Stage.INFORMAL_RESOLUTION,
                                doing="refer the case to the formal stage")),
        "formal_decision": lambda: _first(
            lambda: _need_role(s, Role.DECISION_MAKER),
            lambda: _need_stage(s, Stage.INVESTIGATION, doing="decide the formal outcome")),
        "board_notice": lambda: _first(
            lambda: _need_case_role(s, CaseRole.CLERK),
            lambda: _need_stage(s, Stage.BOARD_NOTICE, doing="send the notice of the hearing")),
        "objection": lambda: _first(
            lambda: _need_case_role(s, CaseRole.CLERK),
            lambda: _need_stage(s, Stage.BOARD_HEARING,
                                doing="record an objection to a member")),
        "objection_decision": lambda: _first(
            lambda: _need_role(s, Role.DECISION_MAKER),
            lambda: _not_now(obj is not None
                             and obj.decision == BoardObjection.Decision.PENDING,
                             "This objection has already been decided.")),
        "hearing": lambda: _first(
            lambda: _need_case_role(s, CaseRole.CLERK),
            lambda: _need_stage(s, Stage.BOARD_HEARING, doing="record the hearing"),
            lambda: _not_now(any(h.status == Hearing.Status.SCHEDULED for h in s.hearings),
                             "There is no scheduled hearing to record.")),
        "board_decision": lambda: _first(
            lambda: _need_case_role(s, CaseRole.CLERK),
            lambda: _need_stage(s, Stage.BOARD_HEARING,
                                doing=f"record the decision of the {s.institution.board_label}"),
            lambda: _not_now(any(h.status == Hearing.Status.HELD for h in s.hearings),
                             "Record the hearing as held before the decision.")),
        "appeal_lodge": lambda: _first(
            lambda: _need_role(s, *MAY_RECORD_APPEAL),
            lambda: _appeal_may_be_lodged(s)),
        "late_appeal": lambda: _first(
            lambda: _need_case_role(s, CaseRole.APPEAL_REVIEWER),
            lambda: _not_now(obj is not None and obj.status == Appeal.Status.LATE_PENDING,
                             "This appeal is not waiting for a decision on lateness.")),
        "appeal_decision": lambda: _first(
            lambda: _need_case_role(s, CaseRole.APPEAL_REVIEWER),
            lambda: _need_stage(s, Stage.APPEAL, doing="decide the appeal"),
            lambda: _not_now(obj is None or obj.status == Appeal.Status.UNDER_REVIEW,
                             "This appeal is not under review.")),
        "close_no_appeal": lambda: _first(
            lambda: _need_role(s, *MAY_CLOSE),
            lambda: _need_stage(s, *APPEAL_WINDOW_STAGES,
                                doing="close the case for want of an appeal")),
        "completion_letter": lambda: _first(
            lambda: _need_role(s, *MAY_ISSUE_COMPLETION),
            lambda: _not_now(s.case.stage == Stage.CLOSED,
                             "A Completion of Procedures letter is issued once the case is "
                             "closed.")),
        "pause": lambda: _first(
            lambda: _need_role(s, *MAY_PAUSE),
            lambda: _not_now(s.case.stage in OPEN_STAGES,
                             "Only an open case can be paused."),
            lambda: _not_now(not s.case.is_paused, f"{s.case.reference} is already paused.")),
        "resume": lambda: _first(
            lambda: _need_role(s, *MAY_PAUSE),
            lambda: _not_now(s.case.is_paused, f"{s.case.reference} is not paused.")),
        "extend_deadline": lambda: _first(
            lambda: _need_role(s, Role.DECISION_MAKER),
            lambda: _not_now(bool(s.open_deadlines), "The case has no running deadline.")),
        "evidence": lambda: (
            None if s.has(Role.DECISION_MAKER) or s.holds(*MAY_UPLOAD_ROLES)
            else Refusal("Only the people appointed to the case can add evidence.", True)),
    }
    return rules[key]()


def _url(name: str, case, **kwargs) -> str:
    return reverse(f"staff:cases:{name}", kwargs={
        "institution_slug": case.institution.slug, "case_id": case.pk, **kwargs})


def case_actions(state: CaseState) -> list[Action]:
    """Every action open to this person now, in the order of the procedure."""
    case, inst = state.case, state.institution
    board = inst.board_label
    simple = [
        ("intake", "Decide whether to proceed", "intake", ""),
        ("informal_outcome", "Record the informal outcome", "informal_outcome", "§30"),
        ("refer_to_formal", "Refer the case to the formal stage", "refer_to_formal", "§27, §32"),
        ("formal_decision", f"Record the decision of the "
                            f"{inst.role_label(Role.DECISION_MAKER)}", "formal_decision",
         "§45-51"),
        ("board_notice", "Send the notice of the hearing to the student", "board_notice", "§58"),
        ("objection", f"Record an objection to a member of the {board}", "objection", "§58"),
        ("hearing", "Record what happened at the hearing", "hearing", "§59-60"),
        ("board_decision", f"Record the decision of the {board}", "board_decision", "§61-64"),
        ("appeal_lodge", "Record an appeal (Appendix B)", "appeal_lodge", "§33, §66"),
        ("close_no_appeal", "Close the case: no appeal was lodged", "close_no_appeal", "§66"),
        ("completion_letter", "Issue a Completion of Procedures letter", "completion_letter",
         "§36, §70-71"),
        ("assign", "Appoint someone to the case", "assign", ""),
        ("extend_deadline", "Extend a deadline", "extend_deadline", "§44"),
        ("pause", "Pause the case", "pause", "§12, §16, §44"),
        ("resume", "Resume the case", "resume", ""),
        ("evidence", "Add evidence", "evidence_add", ""),
    ]
    actions = []
    for key, label, url_name, hint in simple:
        if refusal_for(key, state) is None:
            actions.append(Action(key, label, _url(url_name, case), hint))
    for objection in state.objections:
        if refusal_for("objection_decision", state, objection) is None:
            actions.append(Action(
                "objection_decision", f"Decide the objection to {objection.member}",
                _url("objection_decide", case, objection_id=objection.pk), "§58"))
    for appeal in state.appeals:
        if refusal_for("late_appeal", state, appeal) is None:
            actions.append(Action(
                "late_appeal", f"Decide whether to consider the late appeal received "
                               f"{_day(appeal.received_on)}",
                _url("appeal_late", case, appeal_id=appeal.pk), "§35, §66"))
        if appeal.status == Appeal.Status.UNDER_REVIEW and \
                refusal_for("appeal_decision", state, appeal) is None:
            actions.append(Action(
                "appeal_decision", f"Decide the appeal received "
                                   f"{_day(appeal.received_on)}",
                _url("appeal_decide", case, appeal_id=appeal.pk), "§35, §69"))
    return actions
