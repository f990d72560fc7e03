"""Rules of informal resolution (§25-36): 15 working days, the outcome report, no entry on
the student's file, the appeal window per cohort and its review."""

import pytest

from cases.models import CaseRole, Letter, LetterKind, Outcome, Stage
from cases.selectors import previous_informal_outcomes, previous_proven_misconduct
from cases.services.appeals import appeal_decide
from cases.services.common import TransitionError, assign
from cases.services.outcomes import informal_outcome, informal_refer_to_formal
from institutions.models import Deadline
from institutions.procedure import Rule
from letters.services import letter_html

from .rules_support import (
    at,
    cohort,
    d,
    deadline,
    deadlines,
    informal_misconduct,
    letters,
    lodge,
    on,
    reload,
    to_informal,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db


def test_informal_resolution_target_is_15_working_days_from_allegation(kingsway, ks):
    """§25: "normally within fifteen (15) working days from the alleged misconduct having been
    raised", not from the day the route was chosen."""
    with at("2026-11-05"):
        case = to_informal(kingsway, ks, allegation_raised_on=d("2026-11-02"))
    target = deadline(case, Rule.INFORMAL_RESOLUTION)
    assert target.start_date == d("2026-11-02")
    assert target.due_date == d("2026-11-23")
    assert target.rule_description == "15 working days (§25)"


def test_informal_resolution_target_skips_christmas_bank_holidays(kingsway, ks):
    with at("2026-12-15"):
        case = to_informal(kingsway, ks, allegation_raised_on=d("2026-12-14"))
    assert deadline(case, Rule.INFORMAL_RESOLUTION).due_date == d("2027-01-07")


@pytest.mark.parametrize(("name", "due"), [
    ("standard", "2027-01-06"),       # 10 working days
    ("summer_school", "2026-12-29"),  # 5 working days
])
def test_informal_appeal_window_is_10_working_days_5_for_summer_school(
        kingsway, ks, django_capture_on_commit_callbacks, name, due):
    """§33: appeal within 10 working days of receiving the outcome (5 for Summer School)."""
    with at("2026-12-14"):
        case = to_informal(kingsway, ks, **cohort(name))
    with on("2026-12-18", django_capture_on_commit_callbacks):
        informal_misconduct(case, ks)
    assert reload(case).stage == Stage.INFORMAL_OUTCOME
    assert deadline(case, Rule.INFORMAL_APPEAL_WINDOW).due_date == d(due)


def test_informal_appeal_window_is_2_working_days_for_executive_education(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§33: two working days for Executive Education participants."""
    with at("2026-12-14"):
        case = to_informal(kingsway, ks, **cohort("executive_education"))
    with on("2026-12-18", django_capture_on_commit_callbacks):
        informal_misconduct(case, ks)
    window = deadline(case, Rule.INFORMAL_APPEAL_WINDOW)
    assert window.due_date == d("2026-12-22")
    assert window.kind == Deadline.Kind.WINDOW
    letter = letters(case, LetterKind.INFORMAL_OUTCOME)[0]
    assert letter.context["appeal_deadline"] == "Tuesday 22 December 2026"


def test_informal_outcome_not_on_student_record(kingsway, ks, django_capture_on_commit_callbacks):
    """§31: the report is not recorded on the student's file, so it is not previous
    disciplinary record (§47.1); it "may be considered" in a later formal investigation, so
    it is listed apart."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        first = to_informal(kingsway, ks)
        outcome = informal_misconduct(first, ks)
    assert outcome.on_student_record is False
    with at("2026-12-01"):
        second = to_investigation(kingsway, ks, allegation_raised_on=d("2026-11-30"))
    assert previous_proven_misconduct(second) == []
    assert previous_informal_outcomes(second) == [outcome]
    letter = letters(first, LetterKind.INFORMAL_OUTCOME)[0]
    assert "not recorded on the student's file" in letter_html(letter)


def test_informal_outcome_report_goes_to_student_and_reporting_party(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§30: the report is disclosed to the student and to the reporting individual."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_informal(kingsway, ks)
        informal_misconduct(case, ks)
    sent = letters(case, LetterKind.INFORMAL_OUTCOME)
    assert sorted(x.recipient["role"] for x in sent) == ["reporting_party", "respondent"]
    assert all(x.status == Letter.Status.ISSUED for x in sent)


def test_informal_outcome_of_no_misconduct_closes_without_appeal(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§33: the right of appeal follows a finding of misconduct only."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_informal(kingsway, ks)
        informal_outcome(case=case, actor=ks.officer, misconduct_found=False,
                         reasons="Nothing happened", actions_taken="Spoke to both")
    case = reload(case)
    assert case.stage == Stage.CLOSED
    assert deadlines(case, Rule.INFORMAL_APPEAL_WINDOW) == []
    assert not any(x.is_open for x in deadlines(case, Rule.FORMAL_TARGET))


def test_informal_outcome_meets_the_60_day_target(kingsway, ks, django_capture_on_commit_callbacks):
    """§44: the 60 days cover the informal stage "(if applicable)" and the formal stage; a case
    resolved informally has met it, and is not later shown as having missed it."""
    with on("2026-11-10", django_capture_on_commit_callbacks):
        case = to_informal(kingsway, ks, allegation_raised_on=d("2026-11-02"))
        informal_misconduct(case, ks)
    target = deadline(case, Rule.FORMAL_TARGET)
    assert target.status == Deadline.Status.MET
    assert target.completed_on == d("2026-11-10")


def test_informal_officer_may_not_impose_a_fine(kingsway, ks):
    """§30, Appendix C: the informal officer's outcomes stop short of fines (authority
    limits of the 002 catalogue)."""
    with at("2026-11-03"):
        case = to_informal(kingsway, ks)
        with pytest.raises(TransitionError, match="beyond the power"):
            informal_misconduct(case, ks, penalties=[{"code": "fine", "amount": "50"}])
    assert reload(case).stage == Stage.INFORMAL_RESOLUTION


def test_informal_outcome_needs_the_actions_taken(kingsway, ks):
    """§30: the report confirms the actions taken to resolve the case."""
    from django.core.exceptions import ValidationError

    with at("2026-11-03"):
        case = to_informal(kingsway, ks)
        with pytest.raises(ValidationError):
            informal_outcome(case=case, actor=ks.officer, misconduct_found=True,
                             reasons="Remarks made", actions_taken=" ")


def test_only_the_appointed_informal_officer_records_the_outcome(kingsway, ks):
    from django.core.exceptions import PermissionDenied

    with at("2026-11-03"):
        case = to_informal(kingsway, ks)
        with pytest.raises(PermissionDenied):
            informal_outcome(case=case, actor=ks.secretary, misconduct_found=True,
                             reasons="Remarks", actions_taken="Met")


def test_informal_officer_may_refer_to_formal_stage(kingsway, ks):
    """§27, §29, §32: the officer may pass the case to the formal stage; the 15-day target
    ends and the 60-day target keeps running from the allegation."""
    with at("2026-11-05"):
        case = to_informal(kingsway, ks, allegation_raised_on=d("2026-11-02"))
        with pytest.raises(Exception, match="formal stage"):
            informal_refer_to_formal(case=case, actor=ks.officer, reason=" ")
        case = informal_refer_to_formal(case=case, actor=ks.officer,
                                        reason="Student refused to stay away (§29)")
    assert case.stage == Stage.INVESTIGATION
    assert deadline(case, Rule.INFORMAL_RESOLUTION).status == Deadline.Status.CANCELLED
    target = deadline(case, Rule.FORMAL_TARGET)
    assert (target.status, target.due_date) == (Deadline.Status.RUNNING, d("2027-01-01"))


def test_informal_appeal_review_5_working_days_for_summer_school(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§35: the review normally within 21 working days, five for Summer School."""
    with on("2026-12-14", django_capture_on_commit_callbacks):
        case = to_informal(kingsway, ks, **cohort("summer_school"))
        informal_misconduct(case, ks)
    with on("2026-12-16", django_capture_on_commit_callbacks):
        lodge(case, ks, "2026-12-16")
    review = deadline(case, Rule.INFORMAL_APPEAL_REVIEW)
    assert review.due_date == d("2026-12-23")
    assert review.rule_description == "5 working days (§35)"


def test_informal_appeal_review_is_21_working_days(kingsway, ks,
                                                   django_capture_on_commit_callbacks):
    with on("2026-12-01", django_capture_on_commit_callbacks):
        case = to_informal(kingsway, ks)
        informal_misconduct(case, ks)
    with on("2026-12-07", django_capture_on_commit_callbacks):
        lodge(case, ks, "2026-12-07")
    assert deadline(case, Rule.INFORMAL_APPEAL_REVIEW).due_date == d("2027-01-08")


def test_informal_appeal_amends_within_the_informal_officers_powers(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§35: the reviewer may confirm, amend or overturn the informal outcome; an amended
    outcome stays informal (not on the file, no fine) and ends with a Completion of
    Procedures letter (§36)."""
    with on("2026-12-01", django_capture_on_commit_callbacks):
        case = to_informal(kingsway, ks)
        informal_misconduct(case, ks)
    with on("2026-12-03", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2026-12-03")
        assign(case=case, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
        with pytest.raises(TransitionError, match="beyond the power"):
            appeal_decide(appeal=appeal, actor=ks.reviewer, result="amend", reasons="Lighter",
                          penalties=[{"code": "fine", "amount": "20"}])
        outcome = appeal_decide(appeal=appeal, actor=ks.reviewer, result="amend",
                                reasons="Training is enough", penalties=[{"code": "training"}])
    assert outcome.on_student_record is False
    assert reload(case).stage == Stage.CLOSED
    assert letters(case, LetterKind.COMPLETION_OF_PROCEDURES)


def test_formal_case_after_informal_case_is_not_affected_by_informal_outcome_record(
        kingsway, ks, django_capture_on_commit_callbacks):
    """A formal finding later is previous record; the informal one never becomes so."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        informal_misconduct(to_informal(kingsway, ks), ks)
    with on("2026-11-20", django_capture_on_commit_callbacks):
        formal = to_investigation(kingsway, ks, allegation_raised_on=d("2026-11-19"))
        decided = uphold(formal, ks)
    with at("2026-12-20"):
        third = to_investigation(kingsway, ks, allegation_raised_on=d("2026-12-18"))
    assert previous_proven_misconduct(third) == [decided]
    assert [o.kind for o in previous_informal_outcomes(third)] == [Outcome.Kind.INFORMAL]
