"""Rules of appeal (§66-70), closure when no appeal is lodged (§66) and the Completion of
Procedures letter (§36, §70-71)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.models import Appeal, CaseRole, Letter, LetterKind, Outcome, Stage
from cases.services.appeals import (
    appeal_decide,
    appeal_decide_late,
    case_close_no_appeal,
    case_issue_completion_letter,
)
from cases.services.common import TransitionError, assign
from cases.tasks import cases_daily_task
from institutions.models import Deadline
from institutions.procedure import Rule
from institutions.selectors import deadlines_for

from . import rules_support
from .rules_support import (
    at,
    cohort,
    d,
    deadline,
    deadlines,
    hold_and_decide,
    letters,
    lodge,
    on,
    reload,
    send_notice,
    to_board,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def upheld(inst, st, capture, day="2026-12-18", penalties=None, **overrides):
    with on(day, capture):
        case = to_investigation(inst, st, **overrides)
        uphold(case, st, penalties=penalties)
    return reload(case)


def reviewer(case, st):
    assign(case=case, user=st.reviewer, role=CaseRole.APPEAL_REVIEWER, by=st.secretary)


def board_decided(inst, st, capture, **vote_kwargs):
    with on("2026-11-30", capture):
        case = to_board(to_investigation(inst, st), st)
        send_notice(case, st, "2026-12-18")
    with on("2026-12-18", capture):
        hold_and_decide(case, st, **vote_kwargs)
    return reload(case)


def test_appeal_window_is_10_working_days_of_the_written_decision(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§66 and DOMAIN's worked example: decision on Friday 18 December 2026, deadline
    Wednesday 6 January 2027."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    window = deadline(case, Rule.APPEAL_WINDOW)
    assert window.due_date == d("2027-01-06")
    assert window.kind == Deadline.Kind.WINDOW


@pytest.mark.parametrize("name", ["summer_school", "executive_education"])
def test_appeal_window_is_3_working_days_for_summer_school(
        kingsway, ks, django_capture_on_commit_callbacks, name):
    """§66: three working days for Summer School and Executive Education."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks, **cohort(name))
    assert deadline(case, Rule.APPEAL_WINDOW).due_date == d("2026-12-23")
    letter = letters(case, LetterKind.FORMAL_DECISION)[0]
    assert letter.context["appeal_deadline"] == "Wednesday 23 December 2026"


def test_midshire_appeal_window_is_10_working_days_for_every_cohort(
        midshire, ms, django_capture_on_commit_callbacks):
    case = upheld(midshire, ms, django_capture_on_commit_callbacks, **cohort("summer_school"))
    assert deadline(case, Rule.APPEAL_WINDOW).due_date == d("2027-01-06")


def test_appeal_review_21_working_days(kingsway, ks, django_capture_on_commit_callbacks):
    """§69: the paper review within 21 working days of receiving the appeal."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks, day="2026-12-01")
    with on("2026-12-07", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2026-12-07")
    assert appeal.status == Appeal.Status.UNDER_REVIEW
    review = deadline(case, Rule.APPEAL_REVIEW)
    assert review.due_date == d("2027-01-08")
    assert review.rule_description == "21 working days (§69)"
    assert deadline(case, Rule.APPEAL_WINDOW).status == Deadline.Status.MET


def test_appeal_needs_a_ground(kingsway, ks, django_capture_on_commit_callbacks):
    """§67-68: an appeal on no ground of appeal may be dismissed: it is not recorded."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2026-12-21"), pytest.raises(ValidationError) as refused:
        lodge(case, ks, "2026-12-21", grounds=())
    assert "grounds" in refused.value.message_dict


def test_late_appeal_needs_a_reason(kingsway, ks, django_capture_on_commit_callbacks):
    """§66: an appeal after the deadline needs the student's good reason for lateness."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2027-01-07"), pytest.raises(ValidationError) as refused:
        lodge(case, ks, "2027-01-07")
    assert "Wednesday 6 January 2027" in str(refused.value.message_dict["late_reason"])
    assert reload(case).stage == Stage.FORMAL_OUTCOME


def test_late_appeal_accepted_with_good_reason_goes_to_review(
        kingsway, ks, django_capture_on_commit_callbacks):
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2027-01-08", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2027-01-08", late_reason="In hospital over New Year")
        assert appeal.is_late
        assert appeal.status == Appeal.Status.LATE_PENDING
        assert deadlines(case, Rule.APPEAL_REVIEW) == []
        reviewer(case, ks)
        appeal = appeal_decide_late(appeal=appeal, actor=ks.reviewer, accept=True,
                                    reason="Hospital letter provided")
    assert appeal.status == Appeal.Status.UNDER_REVIEW
    assert deadline(case, Rule.APPEAL_REVIEW).due_date == d("2027-02-08")


def test_late_appeal_refused_gets_completion_of_procedures_letter(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§66: a reason that is not good: the appeal is not considered, and the student gets a
    Completion of Procedures letter."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2027-01-11", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2027-01-11", late_reason="Forgot")
        reviewer(case, ks)
        appeal_decide_late(appeal=appeal, actor=ks.reviewer, accept=False,
                           reason="Forgetting is not a good reason")
    case = reload(case)
    assert case.stage == Stage.CLOSED
    assert reload(case).appeals.get().status == Appeal.Status.REFUSED_LATE
    letter = letters(case, LetterKind.COMPLETION_OF_PROCEDURES)[0]
    assert letter.status == Letter.Status.ISSUED
    assert letter.context["outcome"]["result"] == Outcome.Result.UPHELD  # the decision stands
    assert letter.context["oia_deadline"] == "Tuesday 11 January 2028"


def test_no_appeal_closes_case_with_letter(kingsway, ks, django_capture_on_commit_callbacks):
    """§66: "If no appeal is lodged, then the School will close the matter and notify the
    student in writing." Not while the window is open."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2027-01-06"), pytest.raises(TransitionError, match="open until"):
        case_close_no_appeal(case=case, actor=ks.secretary)
    with on("2027-01-07", django_capture_on_commit_callbacks):
        case_close_no_appeal(case=case, actor=ks.secretary)
    case = reload(case)
    assert (case.stage, case.closed_on) == (Stage.CLOSED, d("2027-01-07"))
    assert case.closure_reason == "No appeal lodged"
    [letter] = [x for x in letters(case, LetterKind.NO_APPEAL_CLOSURE)
                if x.recipient_key == "respondent"]
    assert letter.status == Letter.Status.ISSUED
    assert not [x for x in deadlines_for(institution=kingsway, subject=case) if x.is_open]


def test_cases_daily_task_closes_unappealed_cases(kingsway, ks, midshire, ms,
                                                 django_capture_on_commit_callbacks):
    """The daily task closes, with a letter, every case whose window passed (each
    institution's own), and leaves open windows alone."""
    passed = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    still_open = upheld(kingsway, ks, django_capture_on_commit_callbacks, day="2027-01-05",
                        respondent={"student_id": "20260002", "given_name": "Bo",
                                    "family_name": "Other"})
    elsewhere = upheld(midshire, ms, django_capture_on_commit_callbacks)
    with on("2027-01-07", django_capture_on_commit_callbacks):
        assert cases_daily_task("2027-01-07") == 2
    assert reload(passed).stage == Stage.CLOSED
    assert reload(elsewhere).stage == Stage.CLOSED
    assert reload(still_open).stage == Stage.FORMAL_OUTCOME
    assert letters(passed, LetterKind.NO_APPEAL_CLOSURE)[0].issued_by is None
    assert letters(elsewhere, LetterKind.NO_APPEAL_CLOSURE)


def test_completion_letter_on_request_after_no_appeal(kingsway, ks,
                                                      django_capture_on_commit_callbacks):
    """§66: a Completion of Procedures letter is issued to the student on request."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2027-01-07", django_capture_on_commit_callbacks):
        case_close_no_appeal(case=case)
    with on("2027-01-11", django_capture_on_commit_callbacks):
        case_issue_completion_letter(case=case, actor=ks.secretary)
    [letter] = letters(case, LetterKind.COMPLETION_OF_PROCEDURES)
    assert letter.context["outcome"]["result"] == Outcome.Result.UPHELD


def test_late_appeal_after_closure_for_want_of_appeal(kingsway, ks,
                                                     django_capture_on_commit_callbacks):
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2027-01-07", django_capture_on_commit_callbacks):
        case_close_no_appeal(case=case)
    with on("2027-01-12", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2027-01-12", late_reason="Letter went to old address")
    case = reload(case)
    assert (case.stage, case.closed_on) == (Stage.APPEAL, None)
    assert appeal.status == Appeal.Status.LATE_PENDING


def test_completion_letter_gives_oia_deadline_12_months(kingsway, ks,
                                                       django_capture_on_commit_callbacks):
    """§71: a complaint to the OIA within 12 months of the date of the letter."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2027-01-04", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2027-01-04")
    with on("2027-01-11", django_capture_on_commit_callbacks):
        reviewer(case, ks)
        appeal_decide(appeal=appeal, actor=ks.reviewer, result="confirm",
                      reasons="The decision was reasonable")
    [letter] = [x for x in letters(case, LetterKind.COMPLETION_OF_PROCEDURES)
                if x.recipient_key == "respondent"]
    assert letter.issued_on == d("2027-01-11")
    assert letter.context["oia_deadline"] == "Tuesday 11 January 2028"
    assert letter.context["oia_months"] == 12
    oia = deadline(case, Rule.OIA_COMPLAINT)
    assert (oia.due_date, oia.kind) == (d("2028-01-11"), Deadline.Kind.WINDOW)
    assert deadline(case, Rule.APPEAL_REVIEW).status == Deadline.Status.MET
    assert reload(case).stage == Stage.CLOSED


def test_rehearing_only_for_board_cases(kingsway, ks, django_capture_on_commit_callbacks):
    """§69: a re-hearing may be ordered only if the Board considered the case."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2026-12-21")
        reviewer(case, ks)
        with pytest.raises(TransitionError, match="only when the Board decided"):
            appeal_decide(appeal=appeal, actor=ks.reviewer, result="rehearing",
                          reasons="New evidence")

    board = board_decided(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        appeal = lodge(board, ks, "2026-12-21")
        reviewer(board, ks)
        appeal_decide(appeal=appeal, actor=ks.reviewer, result="rehearing",
                      reasons="New evidence (§67.2)")
    board = reload(board)
    assert board.stage == Stage.BOARD_NOTICE
    assert deadline(board, Rule.BOARD_CLERK_NOTICE).is_open
    assert letters(board, LetterKind.APPEAL_OUTCOME)


def test_appeal_may_refer_back_to_the_formal_stage(kingsway, ks,
                                                  django_capture_on_commit_callbacks):
    """§69: the reviewer may refer the case back to the formal stage for reconsideration;
    the decision appealed against no longer stands."""
    case = upheld(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2026-12-21")
        reviewer(case, ks)
        appeal_decide(appeal=appeal, actor=ks.reviewer, result="refer_back",
                      reasons="Witness not interviewed")
    case = reload(case)
    assert case.stage == Stage.INVESTIGATION
    assert not Outcome.objects.for_institution(kingsway).get(pk=appeal.against_id).is_current


def test_amended_penalty_within_original_body_power(midshire, ms,
                                                    django_capture_on_commit_callbacks):
    """An appeal may amend the penalty, but only within the power of the body whose decision
    it was: the Academic Registrar's fine stays within £250; the panel's within £1,000."""
    case = upheld(midshire, ms, django_capture_on_commit_callbacks,
                  penalties=[{"code": "fine", "amount": "200"}])
    with on("2026-12-21", django_capture_on_commit_callbacks):
        appeal = lodge(case, ms, "2026-12-21", grounds=("excessive",))
        reviewer(case, ms)
        with pytest.raises(TransitionError, match="Academic Registrar"):
            appeal_decide(appeal=appeal, actor=ms.reviewer, result="amend", reasons="More",
                          penalties=[{"code": "fine", "amount": "500"}])
        with pytest.raises(TransitionError, match="only Student Discipline Panel"):
            appeal_decide(appeal=appeal, actor=ms.reviewer, result="amend", reasons="More",
                          penalties=[{"code": "suspension"}])
        amended = appeal_decide(appeal=appeal, actor=ms.reviewer, result="amend",
                                reasons="Reduced", penalties=[{"code": "fine", "amount": "100"}])
    assert amended.authority == "decision_maker"
    assert amended.penalties.get().amount == Decimal("100.00")
    final = letters(case, LetterKind.COMPLETION_OF_PROCEDURES)[0]
    assert final.context["outcome"]["penalties"][0]["amount"] == "£100.00"

    board = board_decided(midshire, ms, django_capture_on_commit_callbacks,
                          penalties=(("suspension",),) * 3)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        appeal = lodge(board, ms, "2026-12-21", grounds=("excessive",))
        reviewer(board, ms)
        amended = appeal_decide(appeal=appeal, actor=ms.reviewer, result="amend",
                                reasons="A fine instead",
                                penalties=[{"code": "fine", "amount": "800"}])
    assert amended.authority == "board"


def test_appeal_only_against_a_finding_of_misconduct(kingsway, ks,
                                                    django_capture_on_commit_callbacks):
    with on("2026-11-30", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        with pytest.raises(TransitionError, match="record an appeal now"):
            lodge(case, ks, "2026-11-30")
