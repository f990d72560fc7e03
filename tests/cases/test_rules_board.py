"""Rules of the Board of Discipline (§52-65; Leicester's Student Discipline Panel)."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import BoardObjection, CaseRole, Hearing, LetterKind, Stage
from cases.services.board import (
    board_decide,
    board_decide_objection,
    board_record_hearing,
    board_record_objection,
)
from cases.services.common import TransitionError
from institutions.models import Deadline
from institutions.procedure import Rule
from institutions.selectors import deadlines_for
from institutions.services.reminders import deadlines_sweep

from . import rules_support
from .rules_support import (
    actions,
    at,
    cohort,
    d,
    deadline,
    deadlines,
    hold_and_decide,
    letters,
    on,
    reload,
    send_notice,
    to_board,
    to_investigation,
    votes,
)

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support

TWO = ((CaseRole.BOARD_CHAIR, "chair"), (CaseRole.BOARD_ACADEMIC, "academic"))


def board_case(inst, st, capture, *, hearing="2026-12-18", places=None, **overrides):
    """Referred on Monday 30 November 2026; notice sent the same day."""
    with on("2026-11-30", capture):
        case = to_investigation(inst, st, **overrides)
        case = to_board(case, st, **({"places": places} if places else {}))
        send_notice(case, st, hearing)
    return reload(case)


def test_board_clerk_notice_due_within_10_working_days(kingsway, ks):
    """§58: "normally within ten (10) working days"; referred on Friday 18 December 2026, the
    notice is due on Wednesday 6 January 2027 (25, 28 Dec and 1 Jan are bank holidays)."""
    with at("2026-12-18"):
        case = to_board(to_investigation(kingsway, ks), ks)
    notice = deadline(case, Rule.BOARD_CLERK_NOTICE)
    assert notice.due_date == d("2027-01-06")
    assert notice.responsible_role == "clerk"
    assert notice.kind == Deadline.Kind.ACTION


def test_board_needs_three_members(kingsway, ks):
    """§53: a chair, a Students' Union officer and an academic member."""
    with at("2026-11-30"):
        case = to_board(to_investigation(kingsway, ks), ks, places=TWO)
        with pytest.raises(TransitionError, match="needs three members"):
            send_notice(case, ks, "2026-12-18")
    assert reload(case).stage == Stage.BOARD_NOTICE


def test_board_needs_a_chair(kingsway, ks):
    places = ((CaseRole.BOARD_SU_OFFICER, "su"), (CaseRole.BOARD_ACADEMIC, "academic"))
    with at("2026-11-30"):
        case = to_board(to_investigation(kingsway, ks, **cohort("summer_school")), ks,
                        places=places)
        with pytest.raises(TransitionError, match="needs a chair"):
            send_notice(case, ks, "2026-12-18")


def test_summer_school_board_of_two_with_chair_casting_vote(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§54: for Summer School / Executive Education the Board may sit as any two; the chair
    has the casting vote on offence and on penalty."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks, places=TWO,
                      **cohort("summer_school"))
    assert case.stage == Stage.BOARD_HEARING
    with on("2026-12-18", django_capture_on_commit_callbacks):
        outcome = hold_and_decide(case, ks, members=("chair", "academic"),
                                  offence=(True, False), penalties=(("suspension",), ()))
    assert outcome.result == "upheld"
    assert [p.penalty_type.code for p in outcome.penalties.all()] == ["suspension"]


def test_midshire_refuses_a_panel_of_two(midshire, ms):
    """short_programme_board_of_two=False: Midshire's panel is always three people."""
    with at("2026-11-30"):
        case = to_board(to_investigation(midshire, ms, **cohort("summer_school")), ms,
                        places=TWO)
        with pytest.raises(TransitionError, match="needs three members"):
            send_notice(case, ms, "2026-12-18")


def test_hearing_must_follow_the_objection_window(kingsway, ks):
    """§58: the student has 5 working days from the notice to object to a member."""
    with at("2026-11-30"):
        case = to_board(to_investigation(kingsway, ks), ks)
        with pytest.raises(ValidationError) as refused:
            send_notice(case, ks, "2026-12-07")
    assert "Monday 7 December 2026" in str(refused.value.message_dict["hearing_date"])


def test_objection_after_5_working_days_is_refused(kingsway, ks,
                                                   django_capture_on_commit_callbacks):
    """§58: an objection must reach the Secretary within 5 working days of the clerk's
    notice (sent Monday 14 December 2026: by Monday 21 December)."""
    with on("2026-12-14", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2027-01-05")
    assert deadline(case, Rule.BOARD_MEMBER_OBJECTION).due_date == d("2026-12-21")
    with at("2026-12-22"):
        with pytest.raises(TransitionError) as refused:
            board_record_objection(case=case, actor=ks.clerk, member_user=ks.academic,
                                   reason="Taught me", received_on=d("2026-12-22"))
        assert "Monday 21 December 2026" in str(refused.value)
        objection = board_record_objection(case=case, actor=ks.clerk, member_user=ks.academic,
                                           reason="Taught me", received_on=d("2026-12-21"))
    assert objection.decision == BoardObjection.Decision.PENDING


def test_upheld_objection_replaces_the_member_and_the_notice_is_sent_again(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§58, §60: the member leaves; the clerk tells the student the new membership."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-02", django_capture_on_commit_callbacks):
        objection = board_record_objection(case=case, actor=ks.clerk, member_user=ks.academic,
                                           reason="Supervised me", received_on=d("2026-12-02"))
        board_decide_objection(objection=objection, actor=ks.secretary, uphold=True,
                               reason="Prior interaction (§53)")
    case = reload(case)
    assert case.stage == Stage.BOARD_NOTICE
    assert ks.academic.pk not in {a.user_id for a in case.assignments.filter(
        ended_at__isnull=True)}
    assert deadline(case, Rule.BOARD_CLERK_NOTICE).is_open
    assert deadline(case, Rule.BOARD_MEMBER_OBJECTION).status == Deadline.Status.CANCELLED
    assert case.hearings.get().status == Hearing.Status.ADJOURNED
    with at("2026-12-02"), pytest.raises(TransitionError, match="an academic member"):
        send_notice(case, ks, "2026-12-18")


def test_witness_list_due_5_working_days_before_hearing(kingsway, ks,
                                                        django_capture_on_commit_callbacks):
    """§58: witness names no less than five working days before the hearing, counted back
    over the Christmas bank holidays: a hearing on Tuesday 5 January 2027 needs them by
    Thursday 24 December 2026. It is a cut-off, never "missed" by staff."""
    with on("2026-12-14", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2027-01-05", witnesses="Sam Reporter\nJo Witness")
    witnesses = deadline(case, Rule.BOARD_WITNESS_LIST)
    assert witnesses.due_date == d("2026-12-24")
    assert witnesses.rule_description == "5 working days before the hearing (§58)"
    assert witnesses.kind == Deadline.Kind.WINDOW
    deadlines_sweep(institution=kingsway, today=d("2026-12-29"))
    assert deadline(case, Rule.BOARD_WITNESS_LIST).status == Deadline.Status.CLOSED


def test_witness_list_moves_with_the_hearing(kingsway, ks, django_capture_on_commit_callbacks):
    """§60: an adjourned hearing has a new date, and so a new cut-off for witnesses."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2026-12-10"):
        board_record_hearing(case=case, actor=ks.clerk, result="adjourned",
                             note="Student's exam clash", new_date=d("2027-01-12"))
    found = deadlines(case, Rule.BOARD_WITNESS_LIST)
    assert [x.status for x in found] == [Deadline.Status.CANCELLED, Deadline.Status.RUNNING]
    assert found[-1].due_date == d("2027-01-05")


def test_every_member_must_vote(kingsway, ks, django_capture_on_commit_callbacks):
    """§54: all members must take part for the decision to be valid."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2026-12-18"):
        board_record_hearing(case=case, actor=ks.clerk, result="held")
        with pytest.raises(ValidationError, match="Every member must vote") as refused:
            board_decide(case=case, actor=ks.clerk, reasons="Proven",
                         votes=votes(ks, members=("chair", "su"), offence=(True, True),
                                     penalties=(("suspension",),) * 2))
        assert str(ks.academic) in str(refused.value)
        with pytest.raises(ValidationError, match="Only members"):
            board_decide(case=case, actor=ks.clerk, reasons="Proven",
                         votes=votes(ks, members=("chair", "su", "spare")))
    assert reload(case).stage == Stage.BOARD_HEARING


def test_majority_decides(kingsway, ks, django_capture_on_commit_callbacks):
    """§61: offence and penalty by majority vote."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-18", django_capture_on_commit_callbacks):
        outcome = hold_and_decide(
            case, ks, offence=(True, True, False),
            penalties=(("suspension", "training"), ("suspension",), ("apology",)))
    assert outcome.result == "upheld"
    assert [p.penalty_type.code for p in outcome.penalties.all()] == ["suspension"]
    assert reload(case).board_votes.count() == 3
    assert reload(case).stage == Stage.BOARD_OUTCOME


def test_majority_finding_no_offence_closes_the_case(kingsway, ks,
                                                     django_capture_on_commit_callbacks):
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-18", django_capture_on_commit_callbacks):
        outcome = hold_and_decide(case, ks, offence=(True, False, False))
    assert outcome.result == "no_misconduct"
    assert outcome.on_student_record is False
    case = reload(case)
    assert case.stage == Stage.CLOSED
    assert not [x for x in deadlines_for(institution=kingsway, subject=case) if x.is_open]


def test_board_may_proceed_after_two_missed_hearings(kingsway, ks,
                                                     django_capture_on_commit_callbacks):
    """§59: a student unable to attend on two occasions: the Board may proceed."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks, hearing="2026-12-09")
    with at("2026-12-09"):
        board_record_hearing(case=case, actor=ks.clerk, result="student_absent",
                             good_reason=True, note="Ill", new_date=d("2026-12-16"))
    with on("2026-12-16", django_capture_on_commit_callbacks):
        held = board_record_hearing(case=case, actor=ks.clerk, result="student_absent",
                                    good_reason=True, proceed_in_absence=True, note="Ill again")
        assert held.status == Hearing.Status.HELD
        outcome = board_decide(case=case, actor=ks.clerk, votes=votes(ks), reasons="Proven")
    assert outcome.result == "upheld"
    assert deadline(case, Rule.BOARD_WRITTEN_DECISION).status == Deadline.Status.MET


def test_board_may_not_proceed_after_first_missed_hearing_with_good_reason(
        kingsway, ks, django_capture_on_commit_callbacks):
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks, hearing="2026-12-09")
    with at("2026-12-09"), pytest.raises(TransitionError, match="two occasions"):
        board_record_hearing(case=case, actor=ks.clerk, result="student_absent",
                             good_reason=True, proceed_in_absence=True)
    assert reload(case).hearings.get().status == Hearing.Status.SCHEDULED


def test_board_may_proceed_at_once_when_absent_without_good_reason(
        kingsway, ks, django_capture_on_commit_callbacks):
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks, hearing="2026-12-09")
    with at("2026-12-09"):
        held = board_record_hearing(case=case, actor=ks.clerk, result="student_absent",
                                    good_reason=False, proceed_in_absence=True)
    assert held.status == Hearing.Status.HELD
    assert held.absence_good_reason is False


def test_hearing_cannot_be_recorded_before_its_date(kingsway, ks,
                                                    django_capture_on_commit_callbacks):
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks, hearing="2026-12-09")
    with at("2026-12-08"):
        for result in ("held", "student_absent"):
            with pytest.raises(TransitionError, match="Wednesday 9 December 2026"):
                board_record_hearing(case=case, actor=ks.clerk, result=result,
                                     good_reason=False, proceed_in_absence=True)


def test_board_written_decision_10_working_days(kingsway, ks, django_capture_on_commit_callbacks):
    """§64: the written decision within 10 working days of the hearing."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2026-12-18"):
        board_record_hearing(case=case, actor=ks.clerk, result="held")
    assert deadline(case, Rule.BOARD_WRITTEN_DECISION).due_date == d("2027-01-06")


def test_board_written_decision_5_working_days_for_summer_school(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§64: five working days for Summer School and Executive Education."""
    for name, student in (("summer_school", "S1"), ("executive_education", "E1")):
        case = board_case(kingsway, ks, django_capture_on_commit_callbacks,
                          **cohort(name, student))
        with at("2026-12-18"):
            board_record_hearing(case=case, actor=ks.clerk, result="held")
        written = deadline(case, Rule.BOARD_WRITTEN_DECISION)
        assert written.due_date == d("2026-12-29"), name
        assert written.rule_description == "5 working days (§64)"


def test_midshire_panel_decision_within_5_working_days(midshire, ms,
                                                       django_capture_on_commit_callbacks):
    case = board_case(midshire, ms, django_capture_on_commit_callbacks)
    with at("2026-12-18"):
        board_record_hearing(case=case, actor=ms.clerk, result="held")
    assert deadline(case, Rule.BOARD_WRITTEN_DECISION).due_date == d("2026-12-29")


def test_alumni_team_told_when_privileges_end(kingsway, ks, django_capture_on_commit_callbacks):
    """§63: penalties that end alumni privileges are passed to the alumni team; with no
    address configured, that it was not told is recorded (tests/cases/test_alumni.py)."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-18", django_capture_on_commit_callbacks):
        hold_and_decide(case, ks)
    assert "case.alumni_team_not_configured" in actions(case)


def test_board_decision_letter_to_student_and_reporting_party(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§64-65: the decision and reasons in writing, with the right of appeal."""
    case = board_case(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-18", django_capture_on_commit_callbacks):
        hold_and_decide(case, ks)
    sent = {x.recipient["role"]: x for x in letters(case, LetterKind.BOARD_DECISION)}
    assert set(sent) == {"respondent", "reporting_party"}
    assert sent["respondent"].context["appeal_deadline"] == "Wednesday 6 January 2027"
    notice = letters(case, LetterKind.BOARD_NOTICE)[0]
    assert notice.context["extra"]["objection_deadline"] == "Monday 7 December 2026"
    assert [m["place"] for m in notice.context["extra"]["membership"]] == [
        "Chair of the Board of Discipline", "Students' Union officer on the Board of Discipline",
        "Academic member of the Board of Discipline"]
