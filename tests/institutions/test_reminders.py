"""The daily deadline sweep (institutions.services.reminders.deadlines_sweep) and its Celery
tasks (run eagerly here; test_worker.py runs a real worker). Reminder emails are sent when the
claim commits, so every sweep runs inside django_capture_on_commit_callbacks(execute=True)."""

import pytest
import time_machine
from django.core import mail

from accounts.models import Membership
from accounts.roles import Role
from audit.models import AuditEvent
from institutions.models import Deadline
from institutions.procedure import Rule
from institutions.services.deadlines import (
    deadline_extend,
    deadline_pause,
    deadline_register,
    deadline_register_date,
)
from institutions.services.reminders import SweepResult, deadlines_sweep
from institutions.tasks import deadlines_daily_task, deadlines_sweep_task

from ..factories import InstitutionFactory, UserFactory, staff
from .conftest import audit_actions, day

pytestmark = pytest.mark.django_db

TODAY = "2027-01-07"  # a Thursday; two working days later is Monday 11 January


def due(institution, subject, on: str, **kwargs) -> Deadline:
    kwargs.setdefault("purpose", "Decision letter")
    return deadline_register_date(institution=institution, subject=subject,
                                  start=day("2026-12-01"), due=day(on),
                                  description="10 working days (§64)", **kwargs)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the sweep for one institution and send what it queued on commit."""

    def run(institution, today: str = TODAY, **kwargs) -> SweepResult:
        with django_capture_on_commit_callbacks(execute=True):
            return deadlines_sweep(institution=institution, today=day(today), **kwargs)

    return run


def reload(deadline: Deadline) -> Deadline:
    return Deadline.objects.for_institution(deadline.institution_id).get(pk=deadline.pk)


# -- two working days before ---------------------------------------------------------------------
def test_due_in_two_working_days_sends_one_reminder_to_the_assignee(
    kingsway, subject, caseworker, sweep
):
    deadline = due(kingsway, subject, "2027-01-11", assignee=caseworker)

    result = sweep(kingsway)

    assert result == SweepResult(missed=0, reminded_before=1, reminded_due=0)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["caseworker@kingsway.test"]
    assert email.subject == "[Kingsway School of Economics] Deadline in two working days"
    # The rule is not put in brackets of its own (it has its paragraph in brackets already).
    assert "Decision letter: due Monday 11 January 2027; the time limit is 10 working days " \
           "(§64)." in email.body
    assert "Sign in to see the details." in email.body
    assert reload(deadline).reminder_before_sent is True
    event = AuditEvent.objects.for_institution(kingsway).get(
        action="deadline.reminder_before_sent")
    assert event.object_id == str(deadline.pk)
    assert event.changes == {"due_date": "2027-01-11", "recipients": 1}


def test_reminder_window_is_two_working_days_not_three(kingsway, subject, caseworker, sweep):
    tomorrow = due(kingsway, subject, "2027-01-08", assignee=caseworker)
    in_two = due(kingsway, subject, "2027-01-11", assignee=caseworker)
    in_three = due(kingsway, subject, "2027-01-12", assignee=caseworker)

    sweep(kingsway)

    assert reload(tomorrow).reminder_before_sent
    assert reload(in_two).reminder_before_sent
    assert not reload(in_three).reminder_before_sent
    assert len(mail.outbox) == 2


def test_two_working_days_before_counts_over_bank_holidays(kingsway, subject, caseworker, sweep):
    # From Thursday 24 December 2026: 25 and 28 are bank holidays, so 30 December is two
    # working days away and 31 December is not.
    reminded = due(kingsway, subject, "2026-12-30", assignee=caseworker)
    not_yet = due(kingsway, subject, "2026-12-31", assignee=caseworker)

    sweep(kingsway, today="2026-12-24")

    assert reload(reminded).reminder_before_sent
    assert not reload(not_yet).reminder_before_sent


def test_second_run_sends_nothing(kingsway, subject, caseworker, sweep):
    due(kingsway, subject, "2027-01-11", assignee=caseworker)
    due(kingsway, subject, TODAY, assignee=caseworker)
    due(kingsway, subject, "2027-01-04")

    first = sweep(kingsway)
    second = sweep(kingsway)

    assert first == SweepResult(missed=1, reminded_before=1, reminded_due=1)
    assert second == SweepResult()
    assert len(mail.outbox) == 2
    assert audit_actions(kingsway).count("deadline.missed") == 1


def test_reminder_goes_to_active_members_with_the_responsible_role(
    kingsway, midshire, subject, decision_maker, caseworker, outsider, sweep
):
    second = staff(kingsway, Role.DECISION_MAKER, Role.CLERK, email="deputy@kingsway.test")
    left = staff(kingsway, Role.DECISION_MAKER, email="left@kingsway.test")
    Membership.objects.for_institution(kingsway).filter(user=left).update(is_active=False)
    disabled = staff(kingsway, Role.DECISION_MAKER, email="disabled@kingsway.test")
    disabled.is_active = False
    disabled.save(update_fields=["is_active"])
    due(kingsway, subject, "2027-01-11", responsible_role=Role.DECISION_MAKER)

    sweep(kingsway)

    assert len(mail.outbox) == 1
    # Not the caseworker (other role), not the Midshire decision maker, not those who left.
    assert sorted(mail.outbox[0].to) == [second.email, decision_maker.email]
    assert outsider.email not in mail.outbox[0].to


def test_assignee_who_left_the_institution_is_not_reminded_the_role_is(
    kingsway, midshire, subject, decision_maker, sweep
):
    # Still an active user (a member of Midshire now), but no longer of Kingsway.
    mover = staff(kingsway, Role.DECISION_MAKER, email="mover@kingsway.test")
    staff(midshire, Role.CLERK, email="mover@kingsway.test")
    Membership.objects.for_institution(kingsway).filter(user=mover).update(is_active=False)
    due(kingsway, subject, "2027-01-11", assignee=mover, responsible_role=Role.DECISION_MAKER)

    sweep(kingsway)

    assert mail.outbox[0].to == [decision_maker.email]


def test_inactive_assignee_falls_back_to_the_role(kingsway, subject, decision_maker, sweep):
    gone = staff(kingsway, Role.CLERK)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    due(kingsway, subject, "2027-01-11", assignee=gone, responsible_role=Role.DECISION_MAKER)

    sweep(kingsway)

    assert mail.outbox[0].to == [decision_maker.email]


def test_assignee_who_never_belonged_to_the_institution_is_not_emailed(
    kingsway, subject, sweep
):
    stranger = UserFactory(email="stranger@example.org")
    due(kingsway, subject, "2027-01-11", assignee=stranger)

    result = sweep(kingsway)

    assert result.reminded_before == 1
    assert mail.outbox == []
    assert AuditEvent.objects.for_institution(kingsway).get(
        action="deadline.reminder_before_sent").changes["recipients"] == 0


def test_no_assignee_and_no_role_sends_nothing_but_is_recorded(kingsway, subject, sweep):
    deadline = due(kingsway, subject, "2027-01-11")

    sweep(kingsway)

    assert mail.outbox == []
    assert reload(deadline).reminder_before_sent


# -- on the day --------------------------------------------------------------------------------
def test_due_today_sends_a_deadline_today_email(kingsway, subject, caseworker, sweep):
    deadline = due(kingsway, subject, TODAY, assignee=caseworker)

    result = sweep(kingsway)

    assert result == SweepResult(missed=0, reminded_before=0, reminded_due=1)
    assert [m.subject for m in mail.outbox] == [
        "[Kingsway School of Economics] Deadline today"]
    assert "due Thursday 07 January 2027" in mail.outbox[0].body
    assert reload(deadline).reminder_due_sent
    assert reload(deadline).status == Deadline.Status.RUNNING
    assert "deadline.reminder_due_sent" in audit_actions(kingsway, deadline)


def test_due_today_reminder_is_sent_once(kingsway, subject, caseworker, sweep):
    due(kingsway, subject, TODAY, assignee=caseworker)

    sweep(kingsway)
    sweep(kingsway)

    assert len(mail.outbox) == 1


def test_a_deadline_gets_both_reminders_on_their_days(kingsway, subject, caseworker, sweep):
    deadline = due(kingsway, subject, "2027-01-11", assignee=caseworker)

    sweep(kingsway, today="2027-01-07")
    sweep(kingsway, today="2027-01-08")
    sweep(kingsway, today="2027-01-11")

    assert [m.subject.split("] ")[1] for m in mail.outbox] == [
        "Deadline in two working days", "Deadline today"]
    assert reload(deadline).status == Deadline.Status.RUNNING


def test_extended_deadline_is_reminded_again_for_its_new_date(
    kingsway, subject, caseworker, sweep
):
    deadline = due(kingsway, subject, "2027-01-11", assignee=caseworker)
    sweep(kingsway, today="2027-01-07")

    deadline_extend(deadline=deadline, new_due=day("2027-01-14"), reason="More evidence")
    sweep(kingsway, today="2027-01-12")

    assert len(mail.outbox) == 2
    assert "due Thursday 14 January 2027" in mail.outbox[1].body


# -- missed ------------------------------------------------------------------------------------
def test_overdue_running_deadlines_become_missed(kingsway, subject, caseworker, sweep):
    overdue = due(kingsway, subject, "2027-01-06", assignee=caseworker)

    result = sweep(kingsway)

    assert result.missed == 1
    assert reload(overdue).status == Deadline.Status.MISSED
    assert mail.outbox == []
    event = AuditEvent.objects.for_institution(kingsway).get(action="deadline.missed")
    assert event.changes == {"due_date": "2027-01-06"}
    assert event.actor_label == "system"


def test_a_deadline_due_today_is_not_missed_yet(kingsway, subject, sweep):
    deadline = due(kingsway, subject, TODAY)

    sweep(kingsway)

    assert reload(deadline).status == Deadline.Status.RUNNING


def test_paused_deadlines_never_miss_and_get_no_reminders(kingsway, subject, caseworker, sweep):
    overdue = due(kingsway, subject, "2027-01-04", assignee=caseworker)
    today = due(kingsway, subject, TODAY, assignee=caseworker)
    soon = due(kingsway, subject, "2027-01-08", assignee=caseworker)
    for deadline in (overdue, today, soon):
        deadline_pause(deadline=deadline, on=day("2027-01-01"), reason="Police investigation")

    result = sweep(kingsway)

    assert result == SweepResult()
    assert {reload(d).status for d in (overdue, today, soon)} == {Deadline.Status.PAUSED}
    assert mail.outbox == []


def test_ended_deadlines_are_left_alone(kingsway, subject, caseworker, sweep):
    met = due(kingsway, subject, "2027-01-04", assignee=caseworker)
    Deadline.objects.for_institution(kingsway).filter(pk=met.pk).update(
        status=Deadline.Status.MET)
    cancelled = due(kingsway, subject, TODAY, assignee=caseworker)
    Deadline.objects.for_institution(kingsway).filter(pk=cancelled.pk).update(
        status=Deadline.Status.CANCELLED)

    assert sweep(kingsway) == SweepResult()
    assert reload(met).status == Deadline.Status.MET
    assert reload(cancelled).status == Deadline.Status.CANCELLED
    assert mail.outbox == []


def test_other_institutions_deadlines_are_untouched(kingsway, midshire, subject, outsider, sweep):
    theirs_subject = Membership.objects.for_institution(midshire).get(user=outsider)
    overdue = due(midshire, theirs_subject, "2027-01-04", assignee=outsider)
    soon = due(midshire, theirs_subject, "2027-01-08", assignee=outsider)
    ours = due(kingsway, subject, "2027-01-04")

    result = sweep(kingsway)

    assert result.missed == 1
    assert reload(ours).status == Deadline.Status.MISSED
    assert reload(overdue).status == Deadline.Status.RUNNING
    assert not reload(soon).reminder_before_sent
    assert mail.outbox == []
    assert audit_actions(midshire) == ["deadline.registered", "deadline.registered"]


def test_sweep_works_through_more_rows_than_one_batch(kingsway, subject, caseworker, sweep):
    for _ in range(5):
        due(kingsway, subject, "2027-01-04")
        due(kingsway, subject, "2027-01-08", assignee=caseworker)
        due(kingsway, subject, TODAY, assignee=caseworker)

    result = sweep(kingsway, batch_size=2)

    assert result == SweepResult(missed=5, reminded_before=5, reminded_due=5)
    assert len(mail.outbox) == 10


def test_registered_limit_is_reminded_and_missed_on_the_right_days(
    kingsway, subject, caseworker, sweep
):
    # The DOMAIN.md worked example end to end: due Wednesday 6 January 2027.
    deadline = deadline_register(institution=kingsway, subject=subject,
                                 rule=Rule.BOARD_WRITTEN_DECISION, cohort="standard",
                                 start=day("2026-12-18"), assignee=caseworker)

    sweep(kingsway, today="2026-12-31")  # 4 and 5 January are the next two working days
    assert mail.outbox == []
    sweep(kingsway, today="2027-01-04")
    sweep(kingsway, today="2027-01-06")
    sweep(kingsway, today="2027-01-07")

    assert [m.subject.split("] ")[1] for m in mail.outbox] == [
        "Deadline in two working days", "Deadline today"]
    assert reload(deadline).status == Deadline.Status.MISSED


# -- the Celery tasks (eager) --------------------------------------------------------------------
@time_machine.travel("2027-01-07 06:00", tick=False)
def test_daily_task_sweeps_every_active_institution_for_today(
    kingsway, midshire, subject, caseworker, outsider, django_capture_on_commit_callbacks
):
    closed = InstitutionFactory(slug="closed", is_active=False)
    closed_member = staff(closed, Role.CLERK)
    closed_subject = Membership.objects.for_institution(closed).get(user=closed_member)
    ours = due(kingsway, subject, "2027-01-06")
    theirs = due(midshire, Membership.objects.for_institution(midshire).get(user=outsider),
                 TODAY, assignee=outsider)
    dormant = due(closed, closed_subject, "2027-01-06")

    with django_capture_on_commit_callbacks(execute=True):
        swept = deadlines_daily_task.delay().get()

    assert swept == 2
    assert reload(ours).status == Deadline.Status.MISSED
    assert reload(theirs).reminder_due_sent
    assert reload(dormant).status == Deadline.Status.RUNNING
    assert [m.to for m in mail.outbox] == [[outsider.email]]


@time_machine.travel("2027-06-30T23:30:00+00:00", tick=False)
def test_daily_task_today_is_the_date_in_london(kingsway, subject):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): 30 June has ended.
    deadline = due(kingsway, subject, "2027-06-30")

    deadlines_daily_task.delay().get()

    assert reload(deadline).status == Deadline.Status.MISSED


def test_daily_task_takes_an_explicit_day(kingsway, subject):
    deadline = due(kingsway, subject, "2027-01-06")

    deadlines_daily_task.delay(today="2027-01-06").get()
    assert reload(deadline).status == Deadline.Status.RUNNING
    deadlines_daily_task.delay(today="2027-01-07").get()
    assert reload(deadline).status == Deadline.Status.MISSED


def test_sweep_task_returns_counts(
    kingsway, subject, caseworker, django_capture_on_commit_callbacks
):
    due(kingsway, subject, "2027-01-04")
    due(kingsway, subject, "2027-01-11", assignee=caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        counts = deadlines_sweep_task.delay(institution_id=kingsway.pk, today=TODAY).get()

    assert counts == {"missed": 1, "windows_closed": 0, "reminded_before": 1,
                      "reminded_due": 0}
    assert len(mail.outbox) == 1


def test_sweep_task_must_carry_the_institution(kingsway, subject):
    deadline = due(kingsway, subject, "2027-01-04")

    with pytest.raises(TypeError, match="institution_id"):
        deadlines_sweep_task.delay(today=TODAY)

    assert reload(deadline).status == Deadline.Status.RUNNING


def test_appeal_window_closes_instead_of_being_missed_and_reminds_no_staff(
    kingsway, subject, caseworker, sweep
):
    """A window is for a party to act (an appeal, an objection): staff are not reminded and it
    is never 'missed'; it closes."""
    window = deadline_register(institution=kingsway, subject=subject, rule=Rule.APPEAL_WINDOW,
                               cohort="standard", start=day("2026-12-18"), assignee=caseworker)
    assert window.kind == Deadline.Kind.WINDOW

    for today in ("2027-01-04", "2027-01-06", "2027-01-07"):
        sweep(kingsway, today=today)

    assert mail.outbox == []
    assert reload(window).status == Deadline.Status.CLOSED
