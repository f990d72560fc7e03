"""Deadlines (institutions.services.deadlines): registering an institution's limits and moving
a deadline through pause, resume, extend, complete and cancel, each with its audit event."""

import pytest
import time_machine

from audit.models import AuditEvent
from audit.services import audit_verify
from institutions.calendar import WorkingCalendar
from institutions.models import ClosureDay, Deadline, TimeLimit
from institutions.procedure import Cohort, Rule, Unit
from institutions.selectors import deadlines_for
from institutions.services.deadlines import (
    DeadlineError,
    deadline_cancel,
    deadline_complete,
    deadline_extend,
    deadline_pause,
    deadline_register,
    deadline_register_date,
    deadline_resume,
)

from ..factories import ClosureDayFactory
from .conftest import audit_actions, day

pytestmark = pytest.mark.django_db


def register(institution, subject, rule=Rule.APPEAL_WINDOW, cohort=Cohort.STANDARD,
             start="2026-12-18", **kwargs):
    return deadline_register(institution=institution, subject=subject, rule=rule, cohort=cohort,
                             start=day(start), **kwargs)


def reload(deadline: Deadline) -> Deadline:
    return Deadline.objects.for_institution(deadline.institution_id).get(pk=deadline.pk)


# -- registering: the institution's limit per cohort -------------------------------------------
def test_register_uses_the_institutions_standard_limit_in_working_days(
    kingsway, subject, decision_maker
):
    deadline = register(kingsway, subject, actor=decision_maker)

    assert deadline.due_date == day("2027-01-06")  # DOMAIN.md worked example
    assert deadline.original_due_date == deadline.due_date
    assert deadline.start_date == day("2026-12-18")
    assert deadline.rule == Rule.APPEAL_WINDOW
    assert deadline.rule_description == "10 working days (§66)"
    assert deadline.unit == Unit.WORKING_DAYS
    assert deadline.purpose == "Appeal against formal or Board decision (§66)"
    assert deadline.status == Deadline.Status.RUNNING
    assert (deadline.content_type.model, deadline.object_id) == ("membership", subject.pk)
    assert deadlines_for(institution=kingsway, subject=subject) == [deadline]


def test_register_writes_deadline_registered_audit_event(kingsway, subject, decision_maker):
    deadline = register(kingsway, subject, actor=decision_maker, purpose="Student may appeal")

    event = AuditEvent.objects.for_institution(kingsway).get(action="deadline.registered")
    assert event.object_type == "institutions.deadline"
    assert event.object_id == str(deadline.pk)
    assert event.actor == decision_maker
    assert event.changes["purpose"] == "Student may appeal"
    assert event.changes["due_date"] == "2027-01-06"
    assert event.changes["rule"] == "appeal_window"
    assert event.changes["subject"] == f"membership:{subject.pk}"
    assert audit_verify(kingsway) is None


def test_register_summer_school_appeal_window_is_3_working_days_para_66(kingsway, subject):
    deadline = register(kingsway, subject, cohort=Cohort.SUMMER_SCHOOL)

    assert deadline.due_date == day("2026-12-23")
    assert deadline.rule_description == "3 working days (§66)"


def test_register_executive_education_informal_appeal_window_is_2_working_days_para_33(
    kingsway, subject
):
    deadline = register(kingsway, subject, rule=Rule.INFORMAL_APPEAL_WINDOW,
                        cohort=Cohort.EXECUTIVE_EDUCATION, start="2026-12-24")

    assert deadline.due_date == day("2026-12-30")  # 25 and 28 December are bank holidays
    assert deadline.rule_description == "2 working days (§33)"


def test_register_summer_school_falls_back_to_standard_where_no_cohort_row(kingsway, subject):
    assert not TimeLimit.objects.for_institution(kingsway).filter(
        rule=Rule.BOARD_CLERK_NOTICE, cohort=Cohort.SUMMER_SCHOOL).exists()

    deadline = register(kingsway, subject, rule=Rule.BOARD_CLERK_NOTICE,
                        cohort=Cohort.SUMMER_SCHOOL)

    assert deadline.due_date == day("2027-01-06")
    assert deadline.rule_description == "10 working days (§58)"


def test_register_uses_this_institutions_own_setting_not_the_default(
    kingsway, midshire, subject
):
    TimeLimit.objects.for_institution(kingsway).filter(
        rule=Rule.APPEAL_WINDOW, cohort=Cohort.STANDARD).update(amount=5, reference="§9")
    TimeLimit.objects.create(institution=kingsway, rule=Rule.BOARD_CLERK_NOTICE,
                             cohort=Cohort.SUMMER_SCHOOL, amount=1)

    assert register(kingsway, subject).due_date == day("2026-12-29")
    assert register(kingsway, subject, rule=Rule.BOARD_CLERK_NOTICE,
                    cohort=Cohort.SUMMER_SCHOOL).due_date == day("2026-12-21")
    # The other institution keeps the default.
    assert TimeLimit.objects.for_institution(midshire).get(
        rule=Rule.APPEAL_WINDOW, cohort=Cohort.STANDARD).amount == 10


def test_register_returns_none_when_the_procedure_sets_no_limit(kingsway, subject):
    deadline = register(kingsway, subject, rule=Rule.DECISION_TO_INVESTIGATE)

    assert deadline is None
    assert deadlines_for(institution=kingsway, subject=subject) == []
    assert audit_actions(kingsway) == []


def test_register_rule_without_default_once_the_institution_sets_it(kingsway, subject):
    TimeLimit.objects.create(institution=kingsway, rule=Rule.DECISION_TO_INVESTIGATE, amount=5,
                             reference="004")

    deadline = register(kingsway, subject, rule=Rule.DECISION_TO_INVESTIGATE)

    assert deadline.due_date == day("2026-12-29")
    assert deadline.rule_description == "5 working days (004)"


def test_register_calendar_day_rule_counts_calendar_days(kingsway, subject):
    deadline = register(kingsway, subject, rule=Rule.FORMAL_TARGET, start="2026-11-01")

    assert deadline.due_date == day("2026-12-31")
    assert deadline.unit == Unit.CALENDAR_DAYS
    assert deadline.rule_description == "60 calendar days (§44)"


def test_register_month_rule_counts_months(kingsway, subject):
    deadline = register(kingsway, subject, rule=Rule.OIA_COMPLAINT, start="2027-02-28")

    assert deadline.due_date == day("2028-02-28")
    assert deadline.rule_description == "12 months (§71)"


def test_register_counts_the_institutions_closure_days(kingsway, subject):
    ClosureDayFactory(institution=kingsway, date=day("2027-01-04"), reason="Winter closure")

    assert register(kingsway, subject).due_date == day("2027-01-07")


def test_register_limit_of_zero_is_due_on_the_start_date(kingsway, subject):
    TimeLimit.objects.for_institution(kingsway).filter(
        rule=Rule.APPEAL_WINDOW, cohort=Cohort.STANDARD).update(amount=0)

    assert register(kingsway, subject).due_date == day("2026-12-18")


def test_register_refuses_a_subject_of_another_institution(kingsway, midshire):
    other = ClosureDayFactory(institution=midshire, date=day("2026-08-01"))

    with pytest.raises(DeadlineError, match="another institution"):
        register(kingsway, other)

    assert not Deadline.objects.for_institution(kingsway).exists()
    assert audit_actions(kingsway) == []


def test_register_any_tenant_row_can_be_the_subject(kingsway):
    closure = ClosureDay.objects.create(institution=kingsway, date=day("2026-08-01"))

    deadline = register(kingsway, closure)

    assert deadline.content_type.model_class() is ClosureDay
    assert deadline.object_id == closure.pk
    assert deadlines_for(institution=kingsway, subject=closure) == [deadline]


def test_subject_generic_relation_resolves_within_the_institution(kingsway, subject):
    deadline = reload(register(kingsway, subject))

    assert deadline.subject == subject


def test_register_date_worked_out_by_the_caller_five_working_days_before_a_hearing(
    kingsway, subject
):
    hearing = day("2027-01-06")
    due = WorkingCalendar(kingsway).add_working_days(hearing, -5).date

    deadline = deadline_register_date(
        institution=kingsway, subject=subject, purpose="Witness names", start=day("2026-12-01"),
        due=due, description="5 working days before the hearing (§58)",
        rule=Rule.BOARD_WITNESS_LIST,
    )

    assert deadline.due_date == day("2026-12-29")
    assert deadline.rule_description == "5 working days before the hearing (§58)"
    assert audit_actions(kingsway, deadline) == ["deadline.registered"]


# -- pause and resume --------------------------------------------------------------------------
def test_pause_over_christmas_moves_due_date_by_working_days_paused(kingsway, subject):
    deadline = register(kingsway, subject, start="2026-12-14")
    assert deadline.due_date == day("2026-12-30")

    deadline_pause(deadline=deadline, on=day("2026-12-18"), reason="Student unwell")
    assert reload(deadline).status == Deadline.Status.PAUSED
    assert reload(deadline).paused_since == day("2026-12-18")

    resumed = deadline_resume(deadline=deadline, on=day("2027-01-04"))

    # 21-24, 29-31 December and 4 January: 8 working days paused (25, 28 Dec, 1 Jan are not).
    assert resumed.paused_working_days == 8
    assert resumed.due_date == day("2027-01-12")
    assert resumed.original_due_date == day("2026-12-30")
    assert resumed.status == Deadline.Status.RUNNING
    assert resumed.paused_since is None
    assert reload(deadline).due_date == day("2027-01-12")


def test_pause_and_resume_on_the_same_day_moves_nothing(kingsway, subject):
    deadline = register(kingsway, subject)

    deadline_pause(deadline=deadline, on=day("2026-12-21"), reason="Typed in error")
    resumed = deadline_resume(deadline=deadline, on=day("2026-12-21"))

    assert resumed.due_date == day("2027-01-06")
    assert resumed.paused_working_days == 0


def test_pauses_add_up(kingsway, subject):
    deadline = register(kingsway, subject)

    deadline_pause(deadline=deadline, on=day("2026-12-21"), reason="first")
    deadline_resume(deadline=deadline, on=day("2026-12-22"))
    deadline_pause(deadline=deadline, on=day("2026-12-23"), reason="second")
    resumed = deadline_resume(deadline=deadline, on=day("2026-12-24"))

    assert resumed.paused_working_days == 2
    assert resumed.due_date == day("2027-01-08")


def test_calendar_day_rule_pause_moves_due_date_by_calendar_days(kingsway, subject):
    deadline = register(kingsway, subject, rule=Rule.FORMAL_TARGET, start="2026-11-01")

    deadline_pause(deadline=deadline, on=day("2026-12-18"), reason="Police investigation")
    resumed = deadline_resume(deadline=deadline, on=day("2027-01-04"))

    assert resumed.due_date == day("2027-01-17")  # 31 Dec + 17 calendar days
    assert resumed.paused_working_days == 0


def test_resume_clears_reminders_already_sent(kingsway, subject):
    deadline = register(kingsway, subject)
    Deadline.objects.for_institution(kingsway).filter(pk=deadline.pk).update(
        reminder_before_sent=True, reminder_due_sent=True)

    deadline_pause(deadline=deadline, on=day("2027-01-05"), reason="Paused")
    resumed = deadline_resume(deadline=deadline, on=day("2027-01-08"))

    assert resumed.reminder_before_sent is False
    assert resumed.reminder_due_sent is False


def test_pause_only_a_running_deadline(kingsway, subject):
    deadline = register(kingsway, subject)
    deadline_pause(deadline=deadline, on=day("2026-12-21"), reason="Paused")

    with pytest.raises(DeadlineError, match="Only a running deadline can be paused"):
        deadline_pause(deadline=deadline, on=day("2026-12-22"), reason="Again")

    assert reload(deadline).paused_since == day("2026-12-21")


def test_resume_only_a_paused_deadline(kingsway, subject):
    deadline = register(kingsway, subject)

    with pytest.raises(DeadlineError, match="Only a paused deadline can be resumed"):
        deadline_resume(deadline=deadline, on=day("2026-12-22"))


def test_resume_cannot_end_a_pause_before_it_started(kingsway, subject):
    deadline = register(kingsway, subject)
    deadline_pause(deadline=deadline, on=day("2026-12-21"), reason="Paused")

    with pytest.raises(DeadlineError, match="cannot end before it started"):
        deadline_resume(deadline=deadline, on=day("2026-12-20"))

    assert reload(deadline).status == Deadline.Status.PAUSED


def test_pause_and_resume_write_audit_events_with_reason_and_days(
    kingsway, subject, decision_maker
):
    deadline = register(kingsway, subject, start="2026-12-14")
    deadline_pause(deadline=deadline, on=day("2026-12-18"), reason="Student unwell",
                   actor=decision_maker)
    deadline_resume(deadline=deadline, on=day("2027-01-04"), actor=decision_maker)

    events = AuditEvent.objects.for_institution(kingsway).filter(
        action__in=["deadline.paused", "deadline.resumed"]).order_by("sequence")
    paused, resumed = events
    assert paused.changes["reason"] == "Student unwell"
    assert paused.changes["paused_since"] == "2026-12-18"
    assert paused.actor_label == "secretary@kingsway.test"
    assert resumed.changes["days_paused"] == 8
    assert resumed.changes["due_date"] == "2027-01-12"
    assert resumed.changes["resumed_on"] == "2027-01-04"


# -- extend ------------------------------------------------------------------------------------
def test_extend_moves_the_deadline_later_with_a_reason(kingsway, subject, decision_maker):
    deadline = register(kingsway, subject)
    Deadline.objects.for_institution(kingsway).filter(pk=deadline.pk).update(
        reminder_before_sent=True)

    extended = deadline_extend(deadline=deadline, new_due=day("2027-01-13"),
                               reason="Late evidence", actor=decision_maker)

    assert extended.due_date == day("2027-01-13")
    assert extended.original_due_date == day("2027-01-06")
    assert extended.reminder_before_sent is False
    event = AuditEvent.objects.for_institution(kingsway).get(action="deadline.extended")
    assert event.changes["previous_due_date"] == "2027-01-06"
    assert event.changes["due_date"] == "2027-01-13"
    assert event.changes["reason"] == "Late evidence"
    assert event.actor == decision_maker


@pytest.mark.parametrize("reason", ["", "   "])
def test_extend_requires_a_reason(kingsway, subject, reason):
    deadline = register(kingsway, subject)

    with pytest.raises(DeadlineError, match="Give the reason"):
        deadline_extend(deadline=deadline, new_due=day("2027-01-13"), reason=reason)

    assert reload(deadline).due_date == day("2027-01-06")
    assert "deadline.extended" not in audit_actions(kingsway)


@pytest.mark.parametrize("new_due", ["2027-01-06", "2027-01-05"])
def test_extend_requires_a_later_date(kingsway, subject, new_due):
    deadline = register(kingsway, subject)

    with pytest.raises(DeadlineError, match="must move the deadline later"):
        deadline_extend(deadline=deadline, new_due=day(new_due), reason="Because")

    assert reload(deadline).due_date == day("2027-01-06")


def test_extend_refuses_a_deadline_that_has_ended(kingsway, subject):
    deadline = register(kingsway, subject)
    deadline_complete(deadline=deadline, on=day("2027-01-04"))

    with pytest.raises(DeadlineError, match="cannot be extended"):
        deadline_extend(deadline=deadline, new_due=day("2027-01-13"), reason="Too late")


# -- complete and cancel ------------------------------------------------------------------------
def test_complete_on_or_before_the_due_date_is_met(kingsway, subject):
    early = register(kingsway, subject)
    on_the_day = register(kingsway, subject)

    assert deadline_complete(deadline=early, on=day("2026-12-21")).status == (
        Deadline.Status.MET)
    # "Within N working days" ends at the end of the Nth working day: the due date is in time.
    done = deadline_complete(deadline=on_the_day, on=day("2027-01-06"))
    assert done.status == Deadline.Status.MET
    assert done.completed_on == day("2027-01-06")


def test_complete_after_the_due_date_is_missed(kingsway, subject):
    deadline = register(kingsway, subject)

    done = deadline_complete(deadline=deadline, on=day("2027-01-07"))

    assert done.status == Deadline.Status.MISSED
    assert done.completed_on == day("2027-01-07")


@time_machine.travel("2027-01-07 09:00", tick=False)
def test_complete_without_a_date_uses_today(kingsway, subject):
    deadline = register(kingsway, subject)

    done = deadline_complete(deadline=deadline)

    assert done.completed_on == day("2027-01-07")
    assert done.status == Deadline.Status.MISSED


def test_complete_today_on_the_due_date_is_met(kingsway, subject, time_machine):
    time_machine.move_to("2027-01-06 16:59")
    deadline = register(kingsway, subject)

    assert deadline_complete(deadline=deadline).status == Deadline.Status.MET


def test_complete_an_already_missed_deadline_stays_missed_but_records_when(kingsway, subject):
    deadline = register(kingsway, subject)
    Deadline.objects.for_institution(kingsway).filter(pk=deadline.pk).update(
        status=Deadline.Status.MISSED)

    done = deadline_complete(deadline=deadline, on=day("2027-01-05"))

    assert done.status == Deadline.Status.MISSED
    assert done.completed_on == day("2027-01-05")


def test_complete_a_paused_deadline_ends_the_pause(kingsway, subject):
    deadline = register(kingsway, subject)
    deadline_pause(deadline=deadline, on=day("2026-12-21"), reason="Paused")

    done = deadline_complete(deadline=deadline, on=day("2026-12-22"))

    assert done.status == Deadline.Status.MET
    assert done.paused_since is None


def test_complete_twice_changes_and_records_nothing_more(kingsway, subject):
    deadline = register(kingsway, subject)
    deadline_complete(deadline=deadline, on=day("2026-12-21"))

    again = deadline_complete(deadline=deadline, on=day("2027-02-01"))

    assert again.status == Deadline.Status.MET
    assert again.completed_on == day("2026-12-21")
    assert audit_actions(kingsway, deadline).count("deadline.completed") == 1


def test_cancel_ends_the_deadline_and_is_audited(kingsway, subject, decision_maker):
    deadline = register(kingsway, subject)

    cancelled = deadline_cancel(deadline=deadline, reason="Case withdrawn", actor=decision_maker)

    assert cancelled.status == Deadline.Status.CANCELLED
    assert not cancelled.is_open
    event = AuditEvent.objects.for_institution(kingsway).get(action="deadline.cancelled")
    assert event.changes["reason"] == "Case withdrawn"
    # A cancelled deadline is not completed later.
    assert deadline_complete(deadline=deadline, on=day("2026-12-21")).status == (
        Deadline.Status.CANCELLED)


def test_cancel_an_ended_deadline_changes_nothing(kingsway, subject):
    deadline = register(kingsway, subject)
    deadline_complete(deadline=deadline, on=day("2026-12-21"))

    assert deadline_cancel(deadline=deadline, reason="Late").status == Deadline.Status.MET
    assert "deadline.cancelled" not in audit_actions(kingsway)


# -- the audit trail of a whole life -------------------------------------------------------------
def test_every_change_writes_a_deadline_audit_event_and_the_chain_holds(
    kingsway, subject, decision_maker
):
    deadline = register(kingsway, subject, actor=decision_maker)
    deadline_pause(deadline=deadline, on=day("2026-12-21"), reason="Paused",
                   actor=decision_maker)
    deadline_resume(deadline=deadline, on=day("2026-12-22"), actor=decision_maker)
    deadline_extend(deadline=deadline, new_due=day("2027-01-20"), reason="Evidence",
                    actor=decision_maker)
    deadline_complete(deadline=deadline, on=day("2027-01-15"), actor=decision_maker)

    assert audit_actions(kingsway, deadline) == [
        "deadline.registered",
        "deadline.paused",
        "deadline.resumed",
        "deadline.extended",
        "deadline.completed",
    ]
    assert audit_verify(kingsway) is None


def test_audit_events_stay_in_the_deadlines_institution(kingsway, midshire, subject):
    deadline = register(kingsway, subject)
    deadline_complete(deadline=deadline, on=day("2026-12-21"))

    assert audit_actions(midshire) == []
    assert len(audit_actions(kingsway)) == 2
