"""Pauses and extensions (§12, §16, §44; Leicester pauses for police investigations and
assessments): a pause stops every clock of the case and is recorded with its reason;
resuming moves each due date by the time paused; a delay is told to the student."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from cases.models import BoardObjection, CasePause, Stage
from cases.services.appeals import appeal_decide_late, case_close_no_appeal
from cases.services.board import board_decide_objection, board_record_hearing
from cases.services.common import TransitionError
from cases.services.outcomes import formal_decide
from cases.services.pauses import case_extend_deadline, case_pause, case_resume
from cases.tasks import cases_daily_task
from institutions.models import Deadline
from institutions.procedure import Rule
from institutions.selectors import deadlines_for
from institutions.services.reminders import deadlines_sweep

from .rules_support import (
    actions,
    at,
    d,
    deadline,
    informal_misconduct,
    lodge,
    on,
    reload,
    send_notice,
    to_board,
    to_informal,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db


def pause(case, st, day="2026-12-18", reason="police"):
    with at(day):
        return case_pause(case=case, actor=st.secretary, reason=reason,
                          detail="Police investigating the same incident",
                          student_told_on=d(day))


def test_pause_stops_every_clock_and_resume_moves_due_dates(kingsway, ks):
    """Paused on Friday 18 December 2026, resumed on Monday 4 January 2027 (England: 25 and
    28 December and 1 January are bank holidays). The 15-working-day target (due Wednesday
    30 December) had six working days left; counted again from 4 January it is due Tuesday
    12 January. The 60-day target moves by the 17 calendar days paused."""
    with at("2026-12-08"):
        case = to_informal(kingsway, ks, allegation_raised_on=d("2026-12-07"))
    assert deadline(case, Rule.INFORMAL_RESOLUTION).due_date == d("2026-12-30")
    assert deadline(case, Rule.FORMAL_TARGET).due_date == d("2027-02-05")

    record = pause(case, ks)
    running = [x for x in deadlines_for(institution=kingsway, subject=case) if x.is_open]
    assert running
    assert all(x.status == Deadline.Status.PAUSED for x in running)
    assert record.reason == CasePause.Reason.POLICE
    assert reload(case).is_paused

    # Nothing paused can be missed, however long the pause.
    deadlines_sweep(institution=kingsway, today=d("2027-01-02"))
    assert deadline(case, Rule.INFORMAL_RESOLUTION).status == Deadline.Status.PAUSED

    with at("2027-01-04"):
        case_resume(case=case, actor=ks.secretary)
    informal = deadline(case, Rule.INFORMAL_RESOLUTION)
    target = deadline(case, Rule.FORMAL_TARGET)
    assert (informal.status, informal.due_date) == (Deadline.Status.RUNNING, d("2027-01-12"))
    assert informal.original_due_date == d("2026-12-30")
    assert informal.paused_working_days == 8
    assert (target.status, target.due_date) == (Deadline.Status.RUNNING, d("2027-02-22"))
    assert not reload(case).is_paused
    assert reload(case).pauses.get().ended_on == d("2027-01-04")
    assert actions(case)[-1] == "case.resumed"


def test_pause_stops_the_students_appeal_window_too(kingsway, ks,
                                                   django_capture_on_commit_callbacks):
    """A window is a clock as well: a student's time to appeal is not lost to a pause."""
    with on("2026-12-11", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    assert deadline(case, Rule.APPEAL_WINDOW).due_date == d("2026-12-29")
    pause(case, ks)
    with at("2027-01-04"):
        case_resume(case=case, actor=ks.secretary)
    assert deadline(case, Rule.APPEAL_WINDOW).due_date == d("2027-01-11")


def test_paused_case_is_not_closed_for_want_of_an_appeal(kingsway, ks,
                                                         django_capture_on_commit_callbacks):
    with on("2026-12-11", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    pause(case, ks, day="2026-12-14")
    with on("2027-01-20", django_capture_on_commit_callbacks):
        cases_daily_task("2027-01-20")
        with pytest.raises(TransitionError, match="paused"):
            case_close_no_appeal(case=case)
    assert reload(case).stage == Stage.FORMAL_OUTCOME


def test_paused_case_refuses_transitions(kingsway, ks, django_capture_on_commit_callbacks):
    """Nothing moves a paused case on until it is resumed."""
    with at("2026-11-03"):
        informal = to_informal(kingsway, ks)
        formal = to_investigation(kingsway, ks, respondent={
            "student_id": "20260002", "given_name": "Bo", "family_name": "Other"})
    pause(informal, ks, day="2026-11-04")
    pause(formal, ks, day="2026-11-04")
    with at("2026-11-05"):
        with pytest.raises(TransitionError, match="is paused"):
            informal_misconduct(informal, ks)
        with pytest.raises(TransitionError, match="is paused"):
            formal_decide(case=formal, actor=ks.secretary, result="dismiss", reasons="None")
        with pytest.raises(TransitionError, match="already paused"):
            pause(formal, ks, day="2026-11-05")
    assert reload(informal).stage == Stage.INFORMAL_RESOLUTION
    assert reload(formal).stage == Stage.INVESTIGATION


def test_paused_board_case_refuses_hearing_and_objection_decisions(
        kingsway, ks, django_capture_on_commit_callbacks):
    from cases.services.board import board_record_objection

    with on("2026-11-30", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-12-18")
        objection = board_record_objection(case=case, actor=ks.clerk, member_user=ks.su,
                                           reason="Knows me", received_on=d("2026-11-30"))
    pause(case, ks, day="2026-12-01", reason="medical")
    with at("2026-12-18"):
        with pytest.raises(TransitionError, match="is paused"):
            board_record_hearing(case=case, actor=ks.clerk, result="held")
        with pytest.raises(TransitionError, match="is paused"):
            board_decide_objection(objection=objection, actor=ks.secretary, uphold=False,
                                   reason="No conflict")
    assert BoardObjection.objects.for_institution(kingsway).get().decision == "pending"


def test_paused_case_refuses_decision_on_a_late_appeal(kingsway, ks,
                                                       django_capture_on_commit_callbacks):
    from cases.models import CaseRole
    from cases.services.common import assign

    with on("2026-12-11", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    with on("2027-01-05", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2027-01-05", late_reason="Unwell")
        assign(case=case, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
    pause(case, ks, day="2027-01-06", reason="medical")
    with at("2027-01-07"), pytest.raises(TransitionError, match="is paused"):
        appeal_decide_late(appeal=appeal, actor=ks.reviewer, accept=False, reason="No")


def test_pause_needs_a_reason_and_detail(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(ValidationError):
            case_pause(case=case, actor=ks.secretary, reason="holiday", detail="x")
        with pytest.raises(ValidationError):
            case_pause(case=case, actor=ks.secretary, reason="assessments", detail=" ")
        with pytest.raises(PermissionDenied):
            case_pause(case=case, actor=ks.investigator, reason="assessments",
                       detail="Exams in January")
        with pytest.raises(TransitionError, match="is not paused"):
            case_resume(case=case, actor=ks.secretary)
    event = None
    with at("2026-11-04"):
        case_pause(case=case, actor=ks.secretary, reason="assessments",
                   detail="Exams in January")
        event = AuditEvent.objects.for_institution(kingsway).filter(
            action="case.paused").get()
    assert event.changes["reason"] == "assessments"
    assert event.changes["clocks_stopped"] >= 1


def test_closed_case_cannot_be_paused(kingsway, ks, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        formal_decide(case=case, actor=ks.secretary, result="dismiss", reasons="No evidence")
        with pytest.raises(TransitionError, match="only an open case"):
            case_pause(case=case, actor=ks.secretary, reason="police", detail="Police")


def test_extension_requires_reason_told_to_student(kingsway, ks):
    """§44: where the 60 days are extended, the student is told of the delay, the reasons and
    when the investigation is likely to conclude."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks, allegation_raised_on=d("2026-11-02"))
    target = deadline(case, Rule.FORMAL_TARGET)
    with at("2026-12-20"):
        with pytest.raises(ValidationError) as untold:
            case_extend_deadline(case=case, actor=ks.secretary, deadline_id=target.pk,
                                 new_due=d("2027-01-31"), reason="Witness abroad",
                                 student_told_on=None)
        assert "student_told_on" in untold.value.message_dict
        with pytest.raises(TransitionError, match="reason"):
            case_extend_deadline(case=case, actor=ks.secretary, deadline_id=target.pk,
                                 new_due=d("2027-01-31"), reason="  ",
                                 student_told_on=d("2026-12-20"))
        with pytest.raises(PermissionDenied):
            case_extend_deadline(case=case, actor=ks.investigator, deadline_id=target.pk,
                                 new_due=d("2027-01-31"), reason="Witness abroad",
                                 student_told_on=d("2026-12-20"))
        case_extend_deadline(case=case, actor=ks.secretary, deadline_id=target.pk,
                             new_due=d("2027-01-31"), reason="Witness abroad until January",
                             student_told_on=d("2026-12-20"))
    target = deadline(case, Rule.FORMAL_TARGET)
    assert (target.due_date, target.original_due_date) == (d("2027-01-31"), d("2027-01-01"))
    event = AuditEvent.objects.for_institution(kingsway).get(action="case.deadline_extended")
    assert event.changes["reason"] == "Witness abroad until January"
    assert event.changes["student_told_on"] == "2026-12-20"
    assert event.changes["new_due"] == "2027-01-31"


def test_a_pause_or_resumption_cannot_be_dated_in_the_future(kingsway, ks):
    """Bad input, not a rule of the procedure: a pause stops the clocks from a day that has
    come (a far-future date would freeze every deadline for ever)."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(ValidationError, match="today or earlier"):
            case_pause(case=case, actor=ks.secretary, reason="police", detail="Police",
                       on=d("9999-12-31"))
        with pytest.raises(ValidationError, match="today or earlier"):
            case_pause(case=case, actor=ks.secretary, reason="police", detail="Police",
                       student_told_on=d("2026-11-04"))
        case_pause(case=case, actor=ks.secretary, reason="police", detail="Police")
        with pytest.raises(ValidationError, match="today or earlier"):
            case_resume(case=case, actor=ks.secretary, on=d("2026-11-04"))
