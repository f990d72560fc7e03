"""Rules of the formal stage (§37-51): the decision maker's outcomes, previous record
(§47-48), the written decision with its right of appeal (§50-51)."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Allegation, CaseRole, LetterKind, Stage
from cases.selectors import previous_proven_misconduct
from cases.services.appeals import appeal_decide
from cases.services.common import assign
from cases.services.outcomes import formal_decide
from institutions.models import Deadline
from institutions.procedure import Rule
from institutions.selectors import deadlines_for
from letters.services import letter_html

from .rules_support import at, d, deadline, letters, lodge, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db


def second_case(kingsway, ks):
    with at("2026-12-20"):
        return to_investigation(kingsway, ks, allegation_raised_on=d("2026-12-18"))


def test_previous_proven_misconduct_shown_to_decision_maker(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§47.1, §48: earlier proven misconduct on the student's record is put before the
    decision maker for the same student (found by student ID, not by name)."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        first = to_investigation(kingsway, ks)
        earlier = uphold(first, ks, penalties=[{"code": "written_warning"}])
    with at("2026-11-03"):
        other_student = to_investigation(
            kingsway, ks, respondent={"student_id": "20260002", "given_name": "Alex",
                                      "family_name": "Sample"})
    later = second_case(kingsway, ks)

    shown = previous_proven_misconduct(later)
    assert shown == [earlier]
    assert shown[0].case == first
    assert [p.penalty_type.code for p in shown[0].penalties.all()] == ["written_warning"]
    assert previous_proven_misconduct(other_student) == []


def test_verbal_warning_is_not_previous_record(kingsway, ks, django_capture_on_commit_callbacks):
    """§49.2: a formal verbal warning is not recorded on the student's record."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        outcome = uphold(to_investigation(kingsway, ks), ks,
                         penalties=[{"code": "verbal_warning"}])
    assert outcome.on_student_record is False
    assert previous_proven_misconduct(second_case(kingsway, ks)) == []


def test_overturned_decision_is_not_previous_record(kingsway, ks,
                                                   django_capture_on_commit_callbacks):
    """§69: an outcome overturned on appeal no longer counts."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        first = to_investigation(kingsway, ks)
        uphold(first, ks)
    with on("2026-11-05", django_capture_on_commit_callbacks):
        appeal = lodge(first, ks, "2026-11-05")
        assign(case=first, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
        appeal_decide(appeal=appeal, actor=ks.reviewer, result="overturn",
                      reasons="Procedural flaw")
    assert previous_proven_misconduct(second_case(kingsway, ks)) == []
    assert set(reload(first).allegations.values_list("finding", flat=True)) == {
        Allegation.Finding.NOT_PROVEN}


def test_uphold_requires_considering_previous_record(kingsway, ks):
    """§47: the penalty considers the previous record, admission, conduct and mitigation."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(ValidationError) as refused:
            formal_decide(case=case, actor=ks.secretary, result="uphold", reasons="Proven",
                          penalties=[{"code": "written_warning"}])
    assert "considered_previous_record" in refused.value.message_dict
    assert reload(case).stage == Stage.INVESTIGATION


def test_formal_decision_letter_gives_reasons_and_right_of_appeal(
        kingsway, ks, django_capture_on_commit_callbacks):
    """§50-51: the written decision with reasons and the right of appeal, its deadline and the
    grounds (§67); also to the reporting party, who is told nothing about appealing."""
    with on("2026-12-18", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    sent = {x.recipient["role"]: x for x in letters(case, LetterKind.FORMAL_DECISION)}
    respondent = sent["respondent"].context
    assert respondent["outcome"]["reasons"] == "Proven"
    assert respondent["appeal_deadline"] == "Wednesday 6 January 2027"
    assert respondent["appeal_window"] == "10 working days (§66)"
    assert len(respondent["appeal_grounds"]) == 4
    assert sent["reporting_party"].context["is_reporting_party"] is True
    # The letter reads as a sentence: no brackets inside brackets.
    html = letter_html(sent["respondent"])
    assert "within 10 working days (§66)." in html
    assert "((" not in html
    assert "))" not in html


def test_dismissal_closes_the_case(kingsway, ks, django_capture_on_commit_callbacks):
    """§45.1: dismissed; nothing to appeal, no clock left running."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        formal_decide(case=case, actor=ks.secretary, result="dismiss", reasons="No evidence")
    case = reload(case)
    assert case.stage == Stage.CLOSED
    assert deadline(case, Rule.FORMAL_TARGET).status == Deadline.Status.MET
    assert not [x for x in deadlines_for(institution=kingsway, subject=case) if x.is_open]


def test_referral_to_the_board_starts_the_clerks_notice(kingsway, ks):
    """§45.4, §52: referral to a Board of Discipline; the formal target is met."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        formal_decide(case=case, actor=ks.secretary, result="refer_to_board",
                      reasons="Potential expulsion")
    assert reload(case).stage == Stage.BOARD_NOTICE
    assert deadline(case, Rule.FORMAL_TARGET).status == Deadline.Status.MET
    assert deadline(case, Rule.BOARD_CLERK_NOTICE).is_open


def test_formal_decision_taken_late_is_not_overdue_once_taken(
        kingsway, ks, django_capture_on_commit_callbacks):
    """A target already swept as missed records when the decision came, so the case no longer
    shows as overdue for work that has been done."""
    from institutions.services.reminders import deadlines_sweep

    with at("2026-11-03"):
        case = to_investigation(kingsway, ks, allegation_raised_on=d("2026-11-02"))
    deadlines_sweep(institution=kingsway, today=d("2027-01-04"))
    assert deadline(case, Rule.FORMAL_TARGET).status == Deadline.Status.MISSED
    with on("2027-01-05", django_capture_on_commit_callbacks):
        uphold(case, ks)
    target = deadline(case, Rule.FORMAL_TARGET)
    assert (target.status, target.completed_on) == (Deadline.Status.MISSED, d("2027-01-05"))
