"""Hypothesis state machines of a case and of a precautionary matter (issue 15 item 3).

Each run starts from one of the demo's cases (Kingsway's, procedure 002, or Midshire's, 004) or
precautionary matters, at whatever stage the demo left it. At every step a member of staff of
the institution (any role) tries any action of the procedure, whether offered or not, or some
days pass. Whatever happens:

* the service accepts the action exactly when the API's ``available_actions`` (for that person,
  at that moment) offered it as allowed; accepting means getting past the person and the step
  to the input (a service given input it refuses as invalid says so with a ``ValidationError``
  only once the person may act) - as tests/cases/test_policy_agreement.py judges it;
* the case (or matter) is always in a state the procedure allows (the invariants below).

The progress actions are called with valid input, so the runs walk the procedure (refused, they
are judged as the others are); the others are judged with invalid input and rolled back.
Bounded: a few examples of a few steps, derandomized, on the demo's day (days pass only by the
machine's own rule).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from rest_framework.test import APIClient

from accounts.models import Membership
from cases.models import Case, CasePause, LetterKind
from cases.models.choices import OPEN_STAGES, Stage
from cases.permissions import can_see_case
from cases.policies import CaseState, case_candidates
from cases.services import appeals, board, intake, outcomes, pauses
from core.errors import DomainRefusal
from institutions.models import Deadline, Institution
from letters.models import Letter
from precautionary.models import Decision, Matter, Measure
from precautionary.policies import MatterState, matter_candidates
from precautionary.selectors import matters_visible_to
from precautionary.services import decisions, followups, matters
from tests.cases.test_policy_agreement import CALLS

from .conftest import DEMO_DAY

pytestmark = [pytest.mark.once]

STEPS = 15
SETTINGS = settings(max_examples=10, stateful_step_count=STEPS, deadline=None, derandomize=True,
                    database=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck), report_multiple_bugs=False)

#: Stages at which a decision has been issued and its appeal window is open.
OUTCOME_STAGES = (Stage.INFORMAL_OUTCOME, Stage.FORMAL_OUTCOME, Stage.BOARD_OUTCOME)

#: Actions called with valid input (chosen by the machine), so that runs move on.
PROGRESS = {
    "intake": lambda c, u, o, draw: intake.case_decide_intake(
        case=c, actor=u, route=draw(st.sampled_from(intake.Route.ALL)),
        reasons="Decided while fuzzing", referred_to="Human Resources"),
    "informal_outcome": lambda c, u, o, draw: outcomes.informal_outcome(
        case=c, actor=u, misconduct_found=draw(st.booleans()), reasons="Found while fuzzing",
        actions_taken="A meeting"),
    "refer_to_formal": lambda c, u, o, draw: outcomes.informal_refer_to_formal(
        case=c, actor=u, reason="Too serious for informal resolution"),
    "formal_decision": lambda c, u, o, draw: outcomes.formal_decide(
        case=c, actor=u, result=draw(st.sampled_from(
            (outcomes.FormalResult.DISMISS, outcomes.FormalResult.REFER_TO_BOARD))),
        reasons="Decided while fuzzing"),
    "hearing": lambda c, u, o, draw: board.board_record_hearing(case=c, actor=u,
                                                                result="held"),
    "appeal_decision": lambda c, u, o, draw: appeals.appeal_decide(
        appeal=o, actor=u, result="confirm", reasons="No ground is made out"),
    "close_no_appeal": lambda c, u, o, draw: appeals.case_close_no_appeal(case=c, actor=u),
    "completion_letter": lambda c, u, o, draw: appeals.case_issue_completion_letter(
        case=c, actor=u),
    "pause": lambda c, u, o, draw: pauses.case_pause(case=c, actor=u, reason="medical",
                                                     detail="Unfit to take part (§12)"),
    "resume": lambda c, u, o, draw: pauses.case_resume(case=c, actor=u),
}


#: (institution, "case" or "matter", accepted) -> how many actions were judged: a run that
#: judged too few proves little.
STATS: Counter = Counter()


class _Rollback(Exception):
    pass


def _verdict(call) -> bool:
    """A progress action with valid input: True when it went through (kept) or was refused
    only for its input (rolled back). A refusal may be the input's too (informal resolution
    chosen for major misconduct): the action is then judged by :func:`_judge`."""
    try:
        with transaction.atomic():
            call()
    except ValidationError:
        return True
    except (PermissionDenied, DomainRefusal):
        return False
    return True


def _judge(call) -> bool:
    """The same, with input the service refuses: always rolled back."""
    try:
        with transaction.atomic():
            with contextlib.suppress(ValidationError):
                call()
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, DomainRefusal):
        return False


def _offered_exactly_when_accepted(api, detail_url, subject, member, key, obj, progress,
                                   calls, draw, clock) -> bool:
    """The heart of both machines: ``member`` tries ``key`` (on ``obj``) on the case or matter
    ``subject``; the service must accept it exactly when the API's ``available_actions`` (at
    ``detail_url``) offered it as allowed. A progress step is tried with valid input
    (``progress``), anything else judged with invalid input and rolled back (``calls``).
    Returns whether it was accepted."""
    api.force_authenticate(member.user)
    detail = api.get(detail_url)
    assert detail.status_code == 200, detail.content[:300]
    offered = {(a["key"], a["object_id"]): a["allowed"]
               for a in detail.json()["available_actions"]}
    allowed = offered.get((key, obj.pk if obj is not None else None), False)
    accepted = (key in progress and _verdict(
        lambda: progress[key](subject, member.user, obj, draw))) or _judge(
        lambda: calls[key](subject, member.user, obj))
    where = (f"{subject.reference} ({subject.stage}) {member.user.email} "
             f"{sorted(member.role_set)} {key} on {clock.now:%Y-%m-%d}")
    assert accepted == allowed, ("accepted but not offered: " if accepted
                                 else "offered but refused: ") + where
    return accepted


class Clock:
    """The machine's clock: the demo's day, moved on only by the machine."""

    def __init__(self):
        self.now = DEMO_DAY

    @contextlib.contextmanager
    def at(self):
        with time_machine.travel(self.now, tick=False):
            yield


class DemoMachine(RuleBasedStateMachine):
    """What both machines start from: the demo institution's active members, an API client,
    the demo's day, and a savepoint rolled back when the run ends."""

    slug = "kingsway"

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.clock = Clock()
        self.institution = Institution.objects.get(slug=self.slug)
        self.members = list(Membership.objects.for_institution(self.institution)
                            .filter(is_active=True).select_related("user", "institution")
                            .order_by("pk"))
        self.api = APIClient()

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)


class CaseMachine(DemoMachine):
    def __init__(self):
        super().__init__()
        self.case: Case | None = None

    def _load(self) -> Case:
        return Case.objects.for_institution(self.institution).select_related(
            "institution", "respondent").get(pk=self.case_id)

    @initialize(data=st.data())
    def pick_a_demo_case(self, data):
        cases = list(Case.objects.for_institution(self.institution)
                     .order_by("pk").values_list("pk", flat=True))
        self.case_id = data.draw(st.sampled_from(cases), label="case")
        self.case = self._load()

    @rule(data=st.data())
    def act(self, data):
        with self.clock.at():
            case = self._load()
            # Members who cannot see the case get 404 from its pages and endpoints: nothing
            # is offered to them (tests/isolation/ proves it).
            seeing = [m for m in self.members if can_see_case(membership=m, case=case)]
            member = data.draw(st.sampled_from(seeing), label="member")
            state = CaseState(case, member, member.user)
            # Every action there is to judge on the case now, offered or not.
            candidates = case_candidates(state)
            key, obj = data.draw(st.sampled_from(candidates), label="action")
            accepted = _offered_exactly_when_accepted(
                self.api, f"/api/v1/{self.slug}/cases/{case.pk}/", case, member, key, obj,
                PROGRESS, CALLS, data.draw, self.clock)
            STATS[(self.slug, "case", accepted)] += 1

    @rule(days=st.sampled_from([1, 5, 15, 40]))
    def days_pass(self, days):
        self.clock.now += dt.timedelta(days=days)

    @invariant()
    def the_case_is_in_a_state_the_procedure_allows(self):
        if self.case is None:
            return
        with self.clock.at():
            case = self._load()
            assert case.stage in Stage.values
            open_pauses = CasePause.objects.for_institution(self.institution).filter(
                case=case, ended_on__isnull=True).count()
            assert open_pauses <= 1, "two pauses at once"
            assert case.is_paused == (open_pauses == 1), "is_paused and the pauses disagree"
            completion = Letter.objects.for_institution(self.institution).filter(
                about_id=case.pk, about_type__model="case",
                kind=LetterKind.COMPLETION_OF_PROCEDURES).exists()
            if case.stage in OUTCOME_STAGES:
                assert case.outcomes.exists(), f"{case.stage} with no outcome recorded"
            if case.stage == Stage.APPEAL:
                assert case.appeals.exists(), "an appeal under review, and no appeal"
            if case.stage in OPEN_STAGES:
                assert case.closed_on is None, "an open case with a closing date"
                assert not completion, "a Completion of Procedures letter on an open case"
            else:
                assert case.closed_on is not None, "a closed case without its closing date"
                assert not case.is_paused, "a closed case still paused"
                running = Deadline.objects.for_institution(self.institution).filter(
                    content_type__model="case", object_id=case.pk,
                    status__in=[Deadline.Status.RUNNING, Deadline.Status.PAUSED],
                    kind=Deadline.Kind.ACTION)
                assert not running.exists(), (
                    f"a closed case with deadlines still running: {list(running)}")


class MidshireCaseMachine(CaseMachine):
    slug = "midshire"


@pytest.mark.parametrize("machine", [CaseMachine, MidshireCaseMachine],
                         ids=["kingsway-002", "midshire-004"])
def test_case_actions_are_accepted_exactly_when_offered_and_the_case_stays_in_procedure(
        demo, machine):
    STATS.clear()
    run_state_machine_as_test(machine, settings=SETTINGS)
    assert STATS[(machine.slug, "case", True)] >= 10, STATS
    assert STATS[(machine.slug, "case", False)] >= 20, STATS


#: Each matter action's service, called with input it refuses as invalid (always rolled back).
MATTER_CALLS = {
    "convene": lambda m, u, o: matters.matter_appoint(matter=m, actor=u, user=u, role=""),
    "protected_add": lambda m, u, o: matters.protected_person_add(matter=m, actor=u, name="",
                                                                  relation=""),
    "assess": lambda m, u, o: decisions.risk_assess(matter=m, actor=u, grounds=[], nature="",
                                                    circumstances="", level=""),
    "propose": lambda m, u, o: decisions.measures_propose(
        matter=m, actor=u, measures=[], reasons="", disruption_steps="", support_offered=""),
    "invite_representations": lambda m, u, o: decisions.representations_invite(
        matter=m, actor=u, due=dt.date(2000, 1, 3)),
    "skip_representations": lambda m, u, o: decisions.representations_skip(
        matter=m, actor=u, because="", reason=""),
    "record_representations": lambda m, u, o: decisions.representations_record(
        matter=m, actor=u, text="", received_on=DEMO_DAY.date()),
    "decide": lambda m, u, o: decisions.measures_decide(matter=m, actor=u),
    "withdraw_proposal": lambda m, u, o: decisions.proposal_withdraw(matter=m, actor=u,
                                                                     reason=""),
    "appeal_lodge": lambda m, u, o: followups.appeal_lodge(
        matter=m, actor=u, received_on=DEMO_DAY.date(), grounds="", reviewer=None),
    "appeal_decide": lambda m, u, o: followups.appeal_decide(appeal=o, actor=u, result="",
                                                             reasons=""),
    "review_request": lambda m, u, o: followups.review_request(
        matter=m, actor=u, material_change="", requested_on=DEMO_DAY.date()),
    "review": lambda m, u, o: followups.measures_review(matter=m, actor=u, result="",
                                                       reasons="", assessment={}),
    "share": lambda m, u, o: followups.measures_share(matter=m, actor=u, recipient_kind="",
                                                      recipient=""),
    "breach": lambda m, u, o: followups.breach_record(matter=m, actor=u, kind="",
                                                      occurred_on=DEMO_DAY.date(),
                                                      description=""),
    "lift": lambda m, u, o: followups.measure_lift(matter=m, actor=u, reason="", measure=o),
    "case_ended": lambda m, u, o: followups.measures_end_with_case(matter=m, actor=u,
                                                                   reason=""),
    "close": lambda m, u, o: matters.matter_close(matter=m, actor=u, reason=""),
}

#: Matter actions called with valid input, so that runs move on.
MATTER_PROGRESS = {
    "skip_representations": lambda m, u, o, draw: decisions.representations_skip(
        matter=m, actor=u, because="urgent", reason="The risk is immediate"),
    "decide": lambda m, u, o, draw: decisions.measures_decide(
        matter=m, actor=u, reasons="The risk assessment supports it",
        disruption_steps="Teaching online", support_offered="Student Services"),
    "withdraw_proposal": lambda m, u, o, draw: decisions.proposal_withdraw(
        matter=m, actor=u, reason="No longer needed"),
    "lift": lambda m, u, o, draw: followups.measure_lift(matter=m, actor=u,
                                                        reason="No longer needed", measure=o),
    "close": lambda m, u, o, draw: matters.matter_close(matter=m, actor=u,
                                                       reason="Nothing more to do"),
    "review_request": lambda m, u, o, draw: followups.review_request(
        matter=m, actor=u, material_change="The other student has moved hall",
        requested_on=m.opened_on),
}


class MatterMachine(DemoMachine):
    def __init__(self):
        super().__init__()
        self.matter: Matter | None = None

    def _load(self) -> Matter:
        return Matter.objects.for_institution(self.institution).select_related(
            "institution", "case").get(pk=self.matter_id)

    @initialize(data=st.data())
    def pick_a_demo_matter(self, data):
        ids = list(Matter.objects.for_institution(self.institution)
                   .order_by("pk").values_list("pk", flat=True))
        self.matter_id = data.draw(st.sampled_from(ids), label="matter")
        self.matter = self._load()

    @rule(data=st.data())
    def act(self, data):
        with self.clock.at():
            matter = self._load()
            seeing = [m for m in self.members
                      if matters_visible_to(m).filter(pk=matter.pk).exists()]
            member = data.draw(st.sampled_from(seeing), label="member")
            state = MatterState(matter, member, member.user)
            key, obj = data.draw(st.sampled_from(matter_candidates(state)), label="action")
            accepted = _offered_exactly_when_accepted(
                self.api, f"/api/v1/{self.slug}/precautionary/{matter.pk}/", matter, member,
                key, obj, MATTER_PROGRESS, MATTER_CALLS, data.draw, self.clock)
            STATS[(self.slug, "matter", accepted)] += 1

    @rule(days=st.sampled_from([1, 5, 15, 40]))
    def days_pass(self, days):
        self.clock.now += dt.timedelta(days=days)

    @invariant()
    def the_matter_is_in_a_state_the_procedure_allows(self):
        if self.matter is None:
            return
        with self.clock.at():
            matter = self._load()
            assert matter.stage in Matter.Stage.values
            active = Measure.objects.for_institution(self.institution).filter(
                matter=matter, status=Measure.Status.ACTIVE).count()
            pending = Decision.objects.for_institution(self.institution).filter(
                matter=matter, status__in=(Decision.Status.PROPOSED,
                                           Decision.Status.REPRESENTATIONS)).count()
            assert pending <= 1, "two decisions pending at once"
            if matter.stage == Matter.Stage.CLOSED:
                assert matter.closed_on is not None, "a closed matter without its closing date"
                assert not active, "a closed matter with measures in force"
                assert not pending, "a closed matter with a decision pending"
            else:
                assert matter.closed_on is None, "an open matter with a closing date"
            if matter.stage == Matter.Stage.IN_FORCE:
                assert active, "measures in force, and none active"


class MidshireMatterMachine(MatterMachine):
    slug = "midshire"


@pytest.mark.parametrize("machine", [MatterMachine, MidshireMatterMachine],
                         ids=["kingsway", "midshire"])
def test_matter_actions_are_accepted_exactly_when_offered_and_the_matter_stays_in_procedure(
        demo, machine):
    STATS.clear()
    run_state_machine_as_test(machine, settings=SETTINGS)
    assert STATS[(machine.slug, "matter", True)] >= 5, STATS
    assert STATS[(machine.slug, "matter", False)] >= 10, STATS
