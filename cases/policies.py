"""Who may do what on a case, and when: one policy per action (issue 8 §1).

Each policy takes the :class:`CaseState` (the case, the person and what the rules need, each
loaded once) and, for actions on a row of the case, that row; it answers ``None`` (allowed) or
a :class:`~core.policies.Refusal`. The service calls :func:`enforce` after locking the case;
the case page's "What you can do now" and the API's ``available_actions`` come from
:func:`case_verdicts`. Nothing else decides who may act.

**Acting in a disciplinary role** (000 §1b, §39, §53, §55) is one check, :func:`_fit_to_act`,
made by every policy whose standing comes from a disciplinary role, not chosen action by action:

* standing from an appointment on the case (clerk, appeal reviewer, informal resolution
  officer, investigator, Board): current training, and no conflict of interest in that role
  (another role on this case, now or before; supporting a party as caseworker; a declared
  relationship with a party) - re-checked at every action, since a relationship may be
  declared, or training lapse, after the appointment;
* the institution's decision maker: they act *as the case's decision maker* (the service
  records them on the case the first time), so the same two checks for that place;
* other disciplinary staff acting through their institution role on a clerical step (recording
  an appeal form received, closing a case for want of an appeal, issuing a Completion of
  Procedures letter): current training; they decide nothing, so no conflict check;
* support caseworkers are not in a disciplinary role: neither check.

Decision recorded: until this module, ``case_pause``, ``case_resume`` and
``case_extend_deadline`` checked the institution role only, so a decision maker with lapsed
training could pause a case while ``formal_decide`` refused them; every decision-maker action
now makes the same checks. Closing a case for want of an appeal while the window is still open,
and sending the Board's notice before its members are appointed, were offered on the page and
refused by the service; they are now shown with the reason instead of as links.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import DISCIPLINARY_ROLES, Role
from accounts.selectors import membership_get
from core.policies import (
    PolicySet,
    Refusal,
    Verdict,
    blocked,
    first_refusal,
    role_refusal,
    stage_refusal,
)
from institutions.selectors import deadlines_for
from precautionary.selectors import (
    breaches_to_refer,
    group_seats_on_case,
    measures_blocking_completion,
)
from training.selectors import missing_qualifications

from .conflicts import conflicts_of_interest, declared_relationships
from .errors import TransitionError
from .models import (
    APPEAL_WINDOW_STAGES,
    BOARD_ROLES,
    OPEN_STAGES,
    Appeal,
    AppealRoute,
    BoardObjection,
    Case,
    CaseAssignment,
    CaseRole,
    CaseSettings,
    Hearing,
    InformalReview,
    Letter,
    Outcome,
    Stage,
)
from .selectors import (
    appeal_window,
    appealable_outcome,
    board_membership_problem,
    case_assignments,
)

__all__ = ["CaseState", "case_policies", "case_verdicts", "enforce", "may_read_investigation",
           "refusal_for", "state_for"]

#: Which institution role may hold each case role.
CASE_ROLE_NEEDS = {
    CaseRole.DECISION_MAKER: Role.DECISION_MAKER,
    CaseRole.INFORMAL_OFFICER: Role.INFORMAL_RESOLUTION_OFFICER,
    CaseRole.INVESTIGATOR: Role.INVESTIGATOR,
    CaseRole.CLERK: Role.CLERK,
    CaseRole.BOARD_CHAIR: Role.BOARD_MEMBER,
    CaseRole.BOARD_SU_OFFICER: Role.BOARD_MEMBER,
    CaseRole.BOARD_ACADEMIC: Role.BOARD_MEMBER,
    CaseRole.APPEAL_REVIEWER: Role.APPEAL_REVIEWER,
    CaseRole.CASEWORKER: Role.SUPPORT_CASEWORKER,
    # 004: the appeals panel is drawn from experienced panel members; the informal review
    # of a reporting student is asked of someone independent, as an appeal reviewer is.
    CaseRole.APPEAL_PANEL_CHAIR: Role.BOARD_MEMBER,
    CaseRole.APPEAL_PANEL_MEMBER: Role.BOARD_MEMBER,
    CaseRole.INDEPENDENT_REVIEWER: Role.APPEAL_REVIEWER,
}
#: Case roles that are part of the disciplinary process (training and conflict checks).
DISCIPLINARY_CASE_ROLES = frozenset(CASE_ROLE_NEEDS) - {CaseRole.CASEWORKER}

#: A no-appeal closure, after which a late appeal may still be recorded (§66).
NO_APPEAL = "No appeal lodged"

# Who may do the steps that are not a decision on the case.
MAY_RECORD_APPEAL = (Role.DECISION_MAKER, Role.CLERK, Role.APPEAL_REVIEWER,
                     Role.INFORMAL_RESOLUTION_OFFICER)
MAY_CLOSE_NO_APPEAL = (Role.DECISION_MAKER, Role.CLERK, Role.INFORMAL_RESOLUTION_OFFICER)
MAY_ISSUE_COMPLETION = (Role.DECISION_MAKER, Role.CLERK, Role.APPEAL_REVIEWER)
#: 004: the Student Conduct team records a reporting student's request for an informal review
#: (made to them or through the student's caseworker) and asks someone independent.
MAY_RECORD_INFORMAL_REVIEW = (Role.DECISION_MAKER, Role.INFORMAL_RESOLUTION_OFFICER,
                              Role.CLERK)
MAY_CORRECT_LETTER = (Role.DECISION_MAKER, Role.INFORMAL_RESOLUTION_OFFICER, Role.CLERK,
                      Role.APPEAL_REVIEWER)
MAY_UPLOAD_EVIDENCE = (CaseRole.INVESTIGATOR, CaseRole.CLERK, CaseRole.DECISION_MAKER,
                       CaseRole.INFORMAL_OFFICER, CaseRole.CASEWORKER,
                       CaseRole.APPEAL_REVIEWER)

case_policies = PolicySet(not_now=TransitionError)


def case_role_label(case: Case, case_role: str) -> str:
    """The institution's own words for a case role."""
    inst = case.institution
    if case_role in (CaseRole.BOARD_CHAIR, CaseRole.BOARD_SU_OFFICER, CaseRole.BOARD_ACADEMIC):
        board = CaseSettings.of(inst).board_label
        return CaseRole(case_role).label.replace("the Board", f"the {board}")
    if case_role in (CaseRole.APPEAL_PANEL_CHAIR, CaseRole.APPEAL_PANEL_MEMBER,
                     CaseRole.INDEPENDENT_REVIEWER):
        return CaseRole(case_role).label
    return inst.role_label(CASE_ROLE_NEEDS[CaseRole(case_role)])


class CaseState:
    """The case, the person acting and what the rules need, each loaded once. ``membership``
    None with ``user`` None is the system (the daily task closing a case)."""

    def __init__(self, case: Case, membership, user, *, today=None):
        self.case = case
        self.membership = membership
        self.user = user
        self.institution = case.institution
        #: The day the rules are judged on (the daily task passes the day it sweeps).
        self.today = today or timezone.localdate()

    @property
    def system(self) -> bool:
        return self.user is None

    @cached_property
    def assignments(self) -> list[CaseAssignment]:
        return case_assignments(self.case, active_only=False)

    @cached_property
    def my_case_roles(self) -> set[str]:
        return {a.role for a in self.assignments
                if self.user is not None and a.user_id == self.user.pk and a.ended_at is None}

    @cached_property
    def hearings(self) -> list[Hearing]:
        return list(self.case.hearings.all())

    @cached_property
    def appeals(self) -> list[Appeal]:
        return list(self.case.appeals.select_related("against").prefetch_related("grounds"))

    @cached_property
    def informal_reviews(self) -> list[InformalReview]:
        return list(self.case.informal_reviews.all())

    @cached_property
    def objections(self) -> list[BoardObjection]:
        return list(self.case.board_objections.select_related("member"))

    @cached_property
    def deadlines(self) -> list:
        return deadlines_for(institution=self.institution, subject=self.case)

    @cached_property
    def open_deadlines(self) -> list:
        return [d for d in self.deadlines if d.is_open]

    @cached_property
    def appealable_outcome(self):
        return appealable_outcome(self.case)

    @cached_property
    def missing_training(self) -> list[str]:
        return missing_qualifications(self.membership, on=self.today)

    @cached_property
    def declarations(self) -> list:
        """The person's declared relationships with a party to the case."""
        return list(declared_relationships(self.user, self.case))

    @cached_property
    def group_seats(self) -> list:
        """The places held now on the groups of the precautionary matters linked to the case
        (anyone's): a conflict for a place on the case."""
        return list(group_seats_on_case(self.case))

    @cached_property
    def breaches_to_refer(self) -> list:
        """Breaches and victimisation recorded on the linked matters, not yet referred as an
        allegation (§23): each is a candidate for ``allegation_add``."""
        return list(breaches_to_refer(self.case))

    def conflicts(self, case_role: str) -> list[str]:
        cache = self.__dict__.setdefault("_conflicts", {})
        if case_role not in cache:
            cache[case_role] = conflicts_of_interest(
                user=self.user, case=self.case, role=case_role, assignments=self.assignments,
                declarations=self.declarations, seats=self.group_seats)
        return cache[case_role]

    def preload(self, **facts) -> CaseState:
        """Give the state what was read already (the case file): any of ``assignments``,
        ``hearings``, ``appeals``, ``objections``, ``deadlines``, ``appealable_outcome``,
        ``missing_training``, ``declarations``, ``group_seats``, ``breaches_to_refer``; the
        rest is read when a rule needs it."""
        unknown = set(facts) - PRELOADABLE
        if unknown:
            raise TypeError(f"CaseState cannot be given {sorted(unknown)}")
        self.__dict__.update(facts)
        return self

    def has(self, *roles: str) -> bool:
        return self.system or self.membership.has_role(*roles)

    def holds(self, *case_roles: str) -> bool:
        return bool(self.my_case_roles.intersection(case_roles))


PRELOADABLE = frozenset({"assignments", "hearings", "appeals", "objections", "deadlines",
                         "informal_reviews",
                         "appealable_outcome", "missing_training", "declarations",
                         "group_seats", "breaches_to_refer"})


def state_for(*, case: Case, actor, today=None) -> CaseState:
    """The state a service checks against: ``actor`` must be an active member of the case's
    institution (None is the system)."""
    if actor is None:
        return CaseState(case, None, None, today=today)
    membership = membership_get(user=actor, institution=case.institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    return CaseState(case, membership, actor, today=today)


def enforce(key: str, *, case: Case, actor, obj=None, today=None) -> CaseState:
    """Refuse (PermissionDenied or TransitionError) unless ``actor`` may do ``key`` now.
    Services call it first, with the case they have just locked."""
    state = state_for(case=case, actor=actor, today=today)
    case_policies.enforce(key, state, obj)
    return state


def refusal_for(key: str, state: CaseState, obj=None) -> Refusal | None:
    return case_policies.refusal(key, state, obj)


# -- the checks the policies are made of --------------------------------------------------------
def _fit_to_act(s: CaseState, case_role: str | None, *, disciplinary: bool) -> Refusal | None:
    """Acting in a disciplinary role: current training (000 §1b) and, acting in a place on the
    case, no conflict of interest with it (§39, §53, §55)."""
    if s.system or not disciplinary:
        return None
    if s.missing_training:
        return blocked("You cannot act in a disciplinary process without current "
                       + " and ".join(s.missing_training)
                       + ". Renew it, or ask for the case to be reassigned.", forbidden=True)
    if case_role is not None:
        reasons = s.conflicts(case_role)
        if reasons:
            return blocked(f"You cannot act on {s.case.reference} as "
                           f"{case_role_label(s.case, case_role)}: you "
                           + "; you ".join(reasons) + ".", forbidden=True)
    return None


def _as_role(s: CaseState, *roles: str) -> Refusal | None:
    """Standing through an institution role."""
    if s.has(*roles):
        return None
    labels = " or ".join(s.institution.role_label(r) for r in roles)
    return role_refusal(f"Only the {labels} can do this.")


def _fit_in_role(s: CaseState, *roles: str) -> Refusal | None:
    """Acting through an institution role; a decision maker acts as the case's."""
    if s.system:
        return None
    if Role.DECISION_MAKER in roles and s.has(Role.DECISION_MAKER):
        return _fit_to_act(s, CaseRole.DECISION_MAKER, disciplinary=True)
    held = s.membership.role_set.intersection(roles)
    return _fit_to_act(s, None, disciplinary=bool(held & DISCIPLINARY_ROLES))


def _as_case_role(s: CaseState, *case_roles: str) -> Refusal | None:
    """Standing through an appointment on this case."""
    if s.holds(*case_roles):
        return None
    labels = " or ".join(case_role_label(s.case, r) for r in case_roles)
    return role_refusal(f"Only the {labels} appointed to {s.case.reference} can do this.")


def _fit_in_case_role(s: CaseState, *case_roles: str) -> Refusal | None:
    acting = next(r for r in case_roles if r in s.my_case_roles)
    return _fit_to_act(s, acting, disciplinary=acting in DISCIPLINARY_CASE_ROLES)


def _policy(s: CaseState, *, roles=(), case_roles=(), when=(), unless=()) -> Refusal | None:
    """The order every policy follows: standing (hidden if missing), the stage and state the
    action belongs to (hidden), fitness to act (shown: training, conflict), then what must
    change first (shown). ``when`` and ``unless`` are zero-argument checks."""
    if roles:
        standing, fit = (lambda: _as_role(s, *roles)), (lambda: _fit_in_role(s, *roles))
    else:
        standing = lambda: _as_case_role(s, *case_roles)  # noqa: E731
        fit = lambda: _fit_in_case_role(s, *case_roles)  # noqa: E731
    return first_refusal(standing, *when, fit, *unless)


def _at(s: CaseState, *stages: str, doing: str, paused_ok: bool = False) -> Refusal | None:
    case = s.case
    if case.stage not in stages:
        allowed = ", ".join(Stage(st).label.lower() for st in stages)
        return stage_refusal(f"You cannot {doing} now: {case.reference} is at "
                             f"'{case.get_stage_display()}'; this is possible only at: "
                             f"{allowed}.")
    if case.is_paused and not paused_ok:
        return blocked(f"{case.reference} is paused. Resume it before you {doing}.")
    return None


def _unless(condition: bool, refusal: Refusal) -> Refusal | None:
    return None if condition else refusal


def _day(value) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


# -- the policies, in the order of the procedure ----------------------------------------------
@case_policies("intake")
def may_decide_intake(s: CaseState, obj=None) -> Refusal | None:
    """The decision whether to proceed (§27, §37): the decision maker, or an informal
    resolution officer for the informal route."""
    return _policy(s, roles=(Role.DECISION_MAKER, Role.INFORMAL_RESOLUTION_OFFICER), when=[
        lambda: _at(s, Stage.INTAKE, doing="decide whether to proceed")])


@case_policies("allegation_add")
def may_add_allegation(s: CaseState, breach=None) -> Refusal | None:
    """A new allegation on an open case from a breach of a precautionary measure or the
    victimisation of someone involved, recorded on a linked matter (§23): the decision maker,
    who decides what is alleged (§37). Offered once per breach not yet referred
    (:attr:`CaseState.breaches_to_refer`); the matter's own policy (recording a breach, while
    it is open) is checked too, by the service."""
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _unless(s.case.stage in OPEN_STAGES, stage_refusal(
            f"{s.case.reference} is {s.case.get_stage_display().lower()}; allegations are "
            "added while a case is open.")),
        lambda: _unless(breach is None or breach.action != breach.Action.NEW_ALLEGATION,
                        stage_refusal("That breach has already been referred as an "
                                      "allegation."))])


@case_policies("assign")
def may_assign(s: CaseState, obj=None) -> Refusal | None:
    """Appointments, while the case is open: the decision maker; a support caseworker may
    appoint a caseworker (§39, §53, §55)."""
    return _policy(s, roles=(Role.DECISION_MAKER, Role.SUPPORT_CASEWORKER), when=[
        lambda: _unless(s.case.stage in OPEN_STAGES, stage_refusal(
            f"{s.case.reference} is {s.case.get_stage_display().lower()}; appointments are "
            "made while a case is open."))])


@case_policies("unassign")
def may_unassign(s: CaseState, assignment=None) -> Refusal | None:
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _unless(assignment is None or assignment.ended_at is None,
                        stage_refusal("That appointment has already ended."))])


@case_policies("informal_outcome")
def may_record_informal_outcome(s: CaseState, obj=None) -> Refusal | None:
    return _policy(s, case_roles=(CaseRole.INFORMAL_OFFICER,), when=[
        lambda: _at(s, Stage.INFORMAL_RESOLUTION, doing="record the informal outcome")])


@case_policies("refer_to_formal")
def may_refer_to_formal(s: CaseState, obj=None) -> Refusal | None:
    return _policy(s, case_roles=(CaseRole.INFORMAL_OFFICER,), when=[
        lambda: _at(s, Stage.INFORMAL_RESOLUTION, doing="refer the case to the formal stage")])


@case_policies("formal_decision")
def may_decide_formally(s: CaseState, obj=None) -> Refusal | None:
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _at(s, Stage.INVESTIGATION, doing="decide the formal outcome")])


@case_policies("board_notice")
def may_send_board_notice(s: CaseState, obj=None) -> Refusal | None:
    """The clerk sends the notice once the Board can sit (§53-54, §58)."""
    def members() -> Refusal | None:
        problem = board_membership_problem(s.case, assignments=s.assignments)
        return blocked(problem + " Appoint the members before sending the notice.") \
            if problem else None
    return _policy(s, case_roles=(CaseRole.CLERK,), when=[
        lambda: _at(s, Stage.BOARD_NOTICE, doing="send the notice of the hearing")],
        unless=[members])


@case_policies("objection")
def may_record_objection(s: CaseState, obj=None) -> Refusal | None:
    board = CaseSettings.of(s.institution).board_label
    return _policy(s, case_roles=(CaseRole.CLERK,), when=[
        lambda: _at(s, Stage.BOARD_HEARING, doing=f"record an objection to a member of the "
                                                  f"{board}")])


@case_policies("objection_decision")
def may_decide_objection(s: CaseState, objection=None) -> Refusal | None:
    board = CaseSettings.of(s.institution).board_label
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _unless(objection is None
                        or objection.decision == BoardObjection.Decision.PENDING,
                        stage_refusal("This objection has already been decided.")),
        lambda: _at(s, Stage.BOARD_HEARING, doing=f"decide an objection to a member of the "
                                                  f"{board}")])


@case_policies("hearing")
def may_record_hearing(s: CaseState, obj=None) -> Refusal | None:
    return _policy(s, case_roles=(CaseRole.CLERK,), when=[
        lambda: _at(s, Stage.BOARD_HEARING, doing="record the hearing"),
        lambda: _unless(any(h.status == Hearing.Status.SCHEDULED for h in s.hearings),
                        stage_refusal("There is no scheduled hearing to record."))])


@case_policies("board_decision")
def may_record_board_decision(s: CaseState, obj=None) -> Refusal | None:
    board = CaseSettings.of(s.institution).board_label
    return _policy(s, case_roles=(CaseRole.CLERK,), when=[
        lambda: _at(s, Stage.BOARD_HEARING, doing=f"record the decision of the {board}"),
        lambda: _unless(any(h.status == Hearing.Status.HELD for h in s.hearings),
                        stage_refusal("Record the hearing as held before the decision."))])


@case_policies("appeal_lodge")
def may_record_appeal(s: CaseState, obj=None) -> Refusal | None:
    """In an appeal window, or after a closure for want of an appeal (a late appeal, §66),
    against a decision that found against the student (§33, §66)."""
    stages = set(APPEAL_WINDOW_STAGES)
    if s.case.stage == Stage.CLOSED and s.case.closure_reason == NO_APPEAL:
        stages.add(Stage.CLOSED)
    return _policy(s, roles=MAY_RECORD_APPEAL, when=[
        lambda: _at(s, *sorted(stages), doing="record an appeal"),
        lambda: _unless(s.appealable_outcome is not None, stage_refusal(
            "There is no decision against the student to appeal."))])


@case_policies("late_appeal")
def may_decide_late_appeal(s: CaseState, appeal=None) -> Refusal | None:
    return _policy(s, case_roles=(CaseRole.APPEAL_REVIEWER,), when=[
        lambda: _unless(appeal is None or appeal.status == Appeal.Status.LATE_PENDING,
                        stage_refusal("This appeal is not waiting for a decision on "
                                      "lateness.")),
        lambda: _at(s, Stage.APPEAL, doing="decide whether a late appeal is considered")])


@case_policies("appeal_decision")
def may_decide_appeal(s: CaseState, appeal=None) -> Refusal | None:
    return _policy(s, case_roles=(CaseRole.APPEAL_REVIEWER,), when=[
        lambda: _unless(appeal is None or appeal.status == Appeal.Status.UNDER_REVIEW,
                        stage_refusal("This appeal is not under review.")),
        lambda: _at(s, Stage.APPEAL, doing="decide the appeal")])


def _route(s: CaseState) -> str:
    return CaseSettings.of(s.institution).appeal_route


@case_policies("appeal_panel_convene")
def may_convene_appeal_panel(s: CaseState, appeal=None) -> Refusal | None:
    """004: the designated member, finding grounds they do not settle by changing the penalty
    or fixing the procedural issue, convenes an appeals panel. Only where the institution's
    appeal route is the designated member's."""
    return _policy(s, case_roles=(CaseRole.APPEAL_REVIEWER,), when=[
        lambda: _unless(_route(s) == AppealRoute.DESIGNATED_MEMBER, stage_refusal(
            f"{s.institution.name}'s appeals are decided on paper; there is no appeals "
            "panel to convene.")),
        lambda: _unless(appeal is None or appeal.status == Appeal.Status.UNDER_REVIEW,
                        stage_refusal("This appeal is not under review.")),
        lambda: _at(s, Stage.APPEAL, doing="convene an appeals panel")])


@case_policies("appeal_panel_decision")
def may_record_appeal_panel_decision(s: CaseState, appeal=None) -> Refusal | None:
    """The chair of the appeals panel records the panel's decision and its reasons."""
    return _policy(s, case_roles=(CaseRole.APPEAL_PANEL_CHAIR,), when=[
        lambda: _unless(appeal is None or appeal.status == Appeal.Status.PANEL,
                        stage_refusal("This appeal is not before an appeals panel.")),
        lambda: _at(s, Stage.APPEAL, doing="record the decision of the appeals panel")])


#: The decisions a reporting student may ask to have reviewed (not a decision to proceed).
REVIEWABLE_KINDS = (Outcome.Kind.INFORMAL, Outcome.Kind.FORMAL, Outcome.Kind.BOARD,
                    Outcome.Kind.APPEAL)


@case_policies("informal_review_request")
def may_record_informal_review(s: CaseState, obj=None) -> Refusal | None:
    """004: a reporting student dissatisfied with the outcome cannot appeal, but may ask for
    an informal review of the decision or the process. Only where the institution's
    procedure gives one (``CaseSettings.reporting_party_review``), once there is an
    outcome."""
    def has_outcome() -> Refusal | None:
        # The case file has the outcomes attached; a service reads them here.
        if any(o.kind in REVIEWABLE_KINDS for o in s.case.outcomes.all()):
            return None
        return stage_refusal("There is no outcome yet for a reporting student to ask to "
                             "have reviewed.")
    return _policy(s, roles=MAY_RECORD_INFORMAL_REVIEW, when=[
        lambda: _unless(CaseSettings.of(s.institution).reporting_party_review, stage_refusal(
            f"{s.institution.name}'s procedure gives reporting students no informal review "
            "of the outcome.")),
        has_outcome])


@case_policies("informal_review_appoint")
def may_appoint_informal_reviewer(s: CaseState, review=None) -> Refusal | None:
    """A request the student made online waits for the staff who record requests to ask
    someone independent to review it."""
    return _policy(s, roles=MAY_RECORD_INFORMAL_REVIEW, when=[
        lambda: _unless(review is None or review.awaits_reviewer, stage_refusal(
            "Someone has already been asked to review this request."))])


@case_policies("informal_review_decision")
def may_complete_informal_review(s: CaseState, review=None) -> Refusal | None:
    """The independent reviewer asked to review it records what they found."""
    return _policy(s, case_roles=(CaseRole.INDEPENDENT_REVIEWER,), when=[
        lambda: _unless(review is None or review.status == InformalReview.Status.REQUESTED,
                        stage_refusal("This informal review is already completed.")),
        lambda: _unless(review is None or review.reviewer_id is not None,
                        stage_refusal("Nobody has been asked to review this request yet.")),
        lambda: _unless(review is None or s.user is None or review.reviewer_id == s.user.pk,
                        role_refusal("Only the reviewer asked to review it can record it."))])


@case_policies("close_no_appeal")
def may_close_no_appeal(s: CaseState, obj=None) -> Refusal | None:
    """Once the appeal window has passed with no appeal (§66); by staff or the daily task."""
    def window_passed() -> Refusal | None:
        against = s.appealable_outcome
        window = appeal_window(s.case, against, deadlines=s.deadlines) if against else None
        if window is not None and s.today <= window.due_date:
            return blocked(f"The appeal window is open until {_day(window.due_date)}.")
        return None
    return _policy(s, roles=MAY_CLOSE_NO_APPEAL, when=[
        lambda: _at(s, *APPEAL_WINDOW_STAGES, doing="close the case for want of an appeal")],
        unless=[window_passed])


def measures_in_force(case: Case) -> Refusal | None:
    """No Completion of Procedures while a precautionary measure is still in force on the case,
    unless the group's decision records why it continues after the case (002 §19: measures are
    pending the outcome; the final penalty may replace them)."""
    found = measures_blocking_completion(case)
    if not found:
        return None
    names = "; ".join(f"{m.measure_type.name} ({m.matter.reference})" for m in found)
    return blocked(f"Precautionary measures are still in force on {case.reference}: {names}. "
                   "The group must lift or replace them when the case ends, or record why "
                   "they continue, before Completion of Procedures.")


@case_policies("completion_letter")
def may_issue_completion_letter(s: CaseState, obj=None) -> Refusal | None:
    """On the student's request once the case is closed (§66, §71)."""
    return _policy(s, roles=MAY_ISSUE_COMPLETION, when=[
        lambda: _unless(s.case.stage == Stage.CLOSED, stage_refusal(
            "A Completion of Procedures letter is issued once the case is closed."))],
        unless=[lambda: measures_in_force(s.case)])


@case_policies("pause")
def may_pause(s: CaseState, obj=None) -> Refusal | None:
    """A pause (§12, §16, §44) stops every clock of an open case."""
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _unless(s.case.stage in OPEN_STAGES, stage_refusal(
            f"{s.case.reference} is {s.case.get_stage_display().lower()}; only an open case "
            "can be paused.")),
        lambda: _unless(not s.case.is_paused,
                        stage_refusal(f"{s.case.reference} is already paused."))])


@case_policies("resume")
def may_resume(s: CaseState, obj=None) -> Refusal | None:
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _unless(s.case.is_paused, stage_refusal(f"{s.case.reference} is not paused."))])


@case_policies("extend_deadline")
def may_extend_deadline(s: CaseState, obj=None) -> Refusal | None:
    """Delays are the decision maker's, explained to the student (§44)."""
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _unless(bool(s.open_deadlines),
                        stage_refusal("The case has no running deadline."))])


@case_policies("delay_notify")
def may_notify_delay(s: CaseState, obj=None) -> Refusal | None:
    """A delay letter (§44) is the decision maker's ("the Secretary or their Nominee"), while
    the aim to complete the case is running or has passed undone."""
    from .models import CaseSettings

    rule = CaseSettings.of(s.institution).delay_aim_rule

    def aim_running() -> Refusal | None:
        aims = [d for d in s.deadlines if d.rule == rule and (
            d.is_open or (d.status == d.Status.MISSED and d.completed_on is None))]
        return None if aims else stage_refusal(
            "The aim to complete the case is not running: there is no delay to tell.")
    return _policy(s, roles=(Role.DECISION_MAKER,), when=[
        lambda: _unless(s.case.stage in OPEN_STAGES, stage_refusal(
            f"{s.case.reference} is {s.case.get_stage_display().lower()}.")),
        aim_running])


@case_policies("pause_told")
def may_record_pause_told(s: CaseState, pause=None) -> Refusal | None:
    """Recording who was told of a pause: the decision maker, who paused the case."""
    return _policy(s, roles=(Role.DECISION_MAKER,))


@case_policies("evidence")
def may_add_evidence(s: CaseState, obj=None) -> Refusal | None:
    """The decision maker, or anyone appointed to the case."""
    if s.has(Role.DECISION_MAKER):
        return _policy(s, roles=(Role.DECISION_MAKER,))
    if not s.holds(*MAY_UPLOAD_EVIDENCE):
        return role_refusal("Only the people appointed to the case can add evidence.")
    return _policy(s, case_roles=MAY_UPLOAD_EVIDENCE)


@case_policies("letter_delivery")
def may_record_letter_delivery(s: CaseState, letter=None) -> Refusal | None:
    """Recording that an issued letter was sent (emailed, posted, handed over), so the case
    shows the student was told in writing (§51, §66): the staff who may correct letters."""
    return _policy(s, roles=MAY_CORRECT_LETTER, when=[
        lambda: _unless(letter is None or letter.status == Letter.Status.ISSUED, stage_refusal(
            "The letter is not issued yet: record its sending once it is."))])


@case_policies("letter_correct")
def may_correct_letter(s: CaseState, letter=None) -> Refusal | None:
    """The staff whose decisions letters carry may issue a corrected version."""
    return _policy(s, roles=MAY_CORRECT_LETTER)


# -- the investigation file (§28, §39-44; 004 "the investigation process") -------------------
#: Who conducts the investigation: the investigator appointed to it, or the decision maker
#: themselves (§39: the Secretary "may ask" a nominee; they may also investigate).
INVESTIGATING = (CaseRole.INVESTIGATOR,)
#: Who may read statements, meeting notes and the report: the people in a disciplinary role on
#: the case. A support caseworker stands beside one party, so not the other's statements. The
#: Board reads the bundle the Secretary or the clerk prepares for it, with the identities §58
#: withholds taken out (subjectaccess's Board bundle), not the investigation's working file.
READS_INVESTIGATION = tuple(DISCIPLINARY_CASE_ROLES - set(BOARD_ROLES))


def _investigating(s: CaseState, *, doing: str, stages=(Stage.INVESTIGATION,),
                   case_roles=INVESTIGATING) -> Refusal | None:
    when = [lambda: _at(s, *stages, doing=doing)]
    if s.has(Role.DECISION_MAKER) and not s.holds(*case_roles):
        return _policy(s, roles=(Role.DECISION_MAKER,), when=when)
    return _policy(s, case_roles=case_roles, when=when)


@case_policies("investigation_record")
def may_record_investigation(s: CaseState, obj=None) -> Refusal | None:
    """Meetings, statements and requests for evidence (§41-43), while the case is under
    investigation: the investigator appointed to it or the decision maker, trained and free of
    conflicts of interest."""
    return _investigating(s, doing="add to the investigation file")


@case_policies("investigation_report")
def may_submit_investigator_report(s: CaseState, obj=None) -> Refusal | None:
    """The report of the investigation, submitted to the decision maker, who decides on their
    consideration of it (§39)."""
    return _investigating(s, doing="submit the investigator's report")


@case_policies("allegation_notice")
def may_issue_allegation_notice(s: CaseState, obj=None) -> Refusal | None:
    """The student is told of the allegation and invited to respond (§28 informally, §41
    formally): the officer dealing with the case at that stage, or the decision maker."""
    return _investigating(
        s, doing="send the notice of the allegation",
        stages=(Stage.INFORMAL_RESOLUTION, Stage.INVESTIGATION),
        case_roles=(CaseRole.INVESTIGATOR, CaseRole.INFORMAL_OFFICER))


def may_read_investigation(s: CaseState) -> bool:
    """Statements, notes and the report are shown to the decision maker and the people in a
    disciplinary role on the case; everyone else who may see the case sees that they exist."""
    return s.has(Role.DECISION_MAKER) or s.holds(*READS_INVESTIGATION)


def case_candidates(s: CaseState) -> list[tuple[str, object]]:
    """Every (action, row) pair there is to judge on this case, in the order of the
    procedure; an action on a row of the case is judged once per row."""
    pairs: list[tuple[str, object]] = [(key, None) for key in (
        "intake", "informal_outcome", "refer_to_formal", "allegation_notice",
        "investigation_record", "investigation_report", "formal_decision", "board_notice",
        "objection", "hearing", "board_decision", "appeal_lodge", "close_no_appeal",
        "completion_letter", "informal_review_request", "assign", "extend_deadline",
        "delay_notify", "pause", "resume", "evidence")]
    pairs += [("pause_told", p) for p in s.case.pauses.all()
              if p.ended_on is None and (p.student_told_on is None
                                                    or p.reporting_parties_told_on is None)]
    pairs += [("allegation_add", b) for b in s.breaches_to_refer]
    pairs += [("unassign", a) for a in s.assignments if a.ended_at is None]
    pairs += [("objection_decision", o) for o in s.objections]
    for appeal in s.appeals:
        pairs += [("late_appeal", appeal), ("appeal_decision", appeal),
                  ("appeal_panel_convene", appeal), ("appeal_panel_decision", appeal)]
    pairs += [("informal_review_appoint", r) for r in s.informal_reviews if r.awaits_reviewer]
    pairs += [("informal_review_decision", r) for r in s.informal_reviews]
    return pairs


def case_verdicts(s: CaseState) -> list[Verdict]:
    """What this person can do now (and what is theirs but blocked, with the reason)."""
    return case_policies.verdicts(s, case_candidates(s))
