"""Rules of opening a case and the decision whether to proceed (§4, §9, §25, §37, §44;
Leicester: decision within 5 working days, investigation within 90 days)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Stage
from cases.services.common import TransitionError
from cases.services.intake import case_decide_intake, case_open
from cases.services.outcomes import formal_decide
from institutions.models import Deadline
from institutions.procedure import Rule

from . import rules_support
from .conftest import case_data
from .rules_support import at, d, deadline, deadlines, open_case, reload

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def withdrawn(status="withdrawn", **overrides):
    data = case_data(**overrides)
    data["respondent"] = {**data["respondent"], "registration_status": status}
    return data


@pytest.mark.parametrize("status", ["withdrawn", "expelled", "terminated", "completed"])
def test_withdrawn_student_refused_unless_decision_maker_records_reason(kingsway, ks, status):
    """§4.3: not normally for students who have left; §9: the decision maker may still apply
    it (historic allegations, continued risk), recording why."""
    with at("2026-11-03"):
        with pytest.raises(ValidationError) as refused:
            case_open(institution=kingsway, actor=ks.secretary, **withdrawn(status))
        assert "§4.3" in str(refused.value.message_dict["registration_override_reason"])

        with pytest.raises(ValidationError) as not_theirs:
            case_open(institution=kingsway, actor=ks.officer, **withdrawn(
                status, registration_override_reason="Continued risk to the community"))
        assert "Only the School Secretary" in str(not_theirs.value)

        case = case_open(institution=kingsway, actor=ks.secretary, **withdrawn(
            status, registration_override_reason="Continued risk to the community (§9)"))
    assert case.registration_override_reason == "Continued risk to the community (§9)"
    assert case.respondent.registration_status == status


@pytest.mark.parametrize("status", ["interrupted", "suspended"])
def test_student_on_interruption_or_suspension_is_within_the_procedure(kingsway, ks, status):
    """§4.2: no reason needed for a student on interruption or temporarily suspended."""
    with at("2026-11-03"):
        case = case_open(institution=kingsway, actor=ks.secretary, **withdrawn(status))
    assert case.stage == Stage.INTAKE


def test_informal_resolution_refused_for_major_misconduct(kingsway, ks):
    """§25: informal resolution is for minor misconduct."""
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary, severity="major")
        with pytest.raises(TransitionError, match="minor misconduct"):
            case_decide_intake(case=case, actor=ks.secretary, route="informal",
                               reasons="Try informally")
    assert reload(case).stage == Stage.INTAKE


def test_informal_resolution_officer_may_route_informally_but_not_formally(kingsway, ks):
    """§27 the officer decides whether to resolve informally; §37 the Secretary decides the
    formal route."""
    with at("2026-11-03"):
        case = open_case(kingsway, ks.officer, severity="minor")
        with pytest.raises(PermissionDenied):
            case_decide_intake(case=case, actor=ks.officer, route="formal", reasons="Serious")
        case = case_decide_intake(case=case, actor=ks.officer, route="informal",
                                  reasons="Minor remarks")
    assert case.stage == Stage.INFORMAL_RESOLUTION


def test_illegal_transition_refused_with_reason(kingsway, ks):
    """A formal decision at intake is refused, saying where the case is and what is needed."""
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
        with pytest.raises(TransitionError) as refused:
            formal_decide(case=case, actor=ks.secretary, result="uphold", reasons="Proven",
                          considered_previous_record=True)
    message = str(refused.value)
    assert case.reference in message
    assert "Decision whether to proceed" in message
    assert "formal investigation" in message
    assert reload(case).stage == Stage.INTAKE


def test_referral_needs_a_destination_and_closes_the_case(kingsway, ks):
    """§45.2 / §5: a case referred elsewhere records where; its clocks stop."""
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
        with pytest.raises(ValidationError):
            case_decide_intake(case=case, actor=ks.secretary, route="refer", reasons="HR")
        case = case_decide_intake(case=case, actor=ks.secretary, route="refer",
                                  reasons="The reported person is staff",
                                  referred_to="Human Resources (§5)")
    assert case.stage == Stage.REFERRED
    assert case.closed_on == d("2026-11-03")
    assert deadline(case, Rule.FORMAL_TARGET).status == Deadline.Status.CANCELLED


def test_midshire_decision_to_investigate_within_5_working_days(midshire, ms):
    """Leicester: the conduct team aims to decide whether to investigate within five working
    days of the report; it runs from the day the allegation was raised."""
    with at("2026-11-30"):
        case = open_case(midshire, ms.secretary, allegation_raised_on=d("2026-11-27"))
    decision = deadline(case, Rule.DECISION_TO_INVESTIGATE)
    assert decision.start_date == d("2026-11-27")
    assert decision.due_date == d("2026-12-04")
    assert decision.rule_description.startswith("5 working days")

    with at("2026-12-04"):
        case_decide_intake(case=case, actor=ms.secretary, route="formal", reasons="Serious")
    assert deadline(case, Rule.DECISION_TO_INVESTIGATE).status == Deadline.Status.MET


def test_midshire_decision_to_investigate_over_christmas(midshire, ms):
    """Bank holidays (25, 28 Dec, 1 Jan) are not working days."""
    with at("2026-12-29"):
        case = open_case(midshire, ms.secretary, allegation_raised_on=d("2026-12-24"))
    assert deadline(case, Rule.DECISION_TO_INVESTIGATE).due_date == d("2027-01-05")


def test_decision_to_investigate_taken_late_is_recorded_missed(midshire, ms):
    """A decision taken after the five days is missed, and records when it was taken."""
    with at("2026-11-30"):
        case = open_case(midshire, ms.secretary, allegation_raised_on=d("2026-11-27"))
    with at("2026-12-08"):
        case_decide_intake(case=case, actor=ms.secretary, route="no_action",
                           reasons="No evidence")
    decision = deadline(case, Rule.DECISION_TO_INVESTIGATE)
    assert decision.status == Deadline.Status.MISSED
    assert decision.completed_on == d("2026-12-08")


def test_kingsway_procedure_sets_no_decision_to_investigate_limit(kingsway, ks):
    """002 has no limit for the decision whether to proceed: none is invented."""
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
    assert deadlines(case, Rule.DECISION_TO_INVESTIGATE) == []


def test_formal_target_is_60_days_from_allegation(kingsway, ks):
    """§44: informal and formal stages within 60 (calendar) days of the allegation; a
    calendar-day limit ignores bank holidays (1 January 2027 is one)."""
    with at("2026-11-05"):
        case = open_case(kingsway, ks.secretary, allegation_raised_on=d("2026-11-02"))
    target = deadline(case, Rule.FORMAL_TARGET)
    assert target.start_date == d("2026-11-02")
    assert target.due_date == d("2027-01-01")
    assert target.rule_description == "60 calendar days (§44)"


def test_midshire_investigation_target_is_90_days(midshire, ms):
    """Leicester: investigations aim to finish within 90 days of the decision to
    investigate; Midshire has no 60-day target."""
    with at("2026-11-30"):
        case = open_case(midshire, ms.secretary, allegation_raised_on=d("2026-11-27"))
        case_decide_intake(case=case, actor=ms.secretary, route="formal", reasons="Serious")
    target = deadline(case, Rule.INVESTIGATION_TARGET)
    assert target.start_date == d("2026-11-30")
    assert target.due_date == d("2027-02-28")
    assert deadlines(case, Rule.FORMAL_TARGET) == []


def test_allegation_cannot_be_raised_in_the_future(kingsway, ks):
    with at("2026-11-03"), pytest.raises(ValidationError) as refused:
        open_case(kingsway, ks.secretary, allegation_raised_on=d("2026-11-04"))
    assert "allegation_raised_on" in refused.value.message_dict


def test_case_opened_by_a_caseworker_is_assigned_to_them(kingsway, ks):
    """A support caseworker escalating a report with consent keeps the case in view."""
    with at("2026-11-03"):
        case = open_case(kingsway, ks.caseworker)
    assert case.assignments.get().role == "caseworker"
    with at("2026-11-03"), pytest.raises(PermissionDenied):
        open_case(kingsway, ks.bystander)
