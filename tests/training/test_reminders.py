"""Reminders to staff before a qualification their role needs expires (issue 11 §10): 60 and
14 days before, once each, by email through the outbox, from the daily beat task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from accounts.models import Membership
from accounts.roles import Role
from outbox.models import OutboxMessage
from outbox.services import outbox_relay
from training.models import ExpiryReminder
from training.services.completions import completion_record
from training.services.reminders import expiry_reminders_send
from training.services.roster import learner_for_membership
from training.tasks import expiry_reminders_daily_task

from ..factories import staff
from .conftest import learner, module

pytestmark = pytest.mark.django_db

SPECIALIST = "investigations-adjudications-decision-making"  # 3 years, disciplinary roles


def member(inst, *roles, email):
    user = staff(inst, *roles, email=email)
    return learner_for_membership(membership=Membership.objects.for_institution(inst).get(
        user=user))


def expiring_on(inst, person, key: str, expires: dt.date):
    """A completion of ``key`` (3 years' validity) whose last day in force is ``expires``."""
    completed = (expires + dt.timedelta(days=1)).replace(year=expires.year - 3)
    completion, _ = completion_record(learner=person, module=module(inst, key),
                                      completed_on=completed, source="manual")
    assert completion.expires_on == expires
    return completion


def mails(inst):
    return list(OutboxMessage.objects.filter(institution=inst, kind="mail").order_by("pk"))


def test_expiry_reminder_sent_once_60_days_before(world, mailoutbox):
    inst, _admin = world
    person = member(inst, Role.INVESTIGATOR, email=f"inv@{inst.slug}.test")
    completion = expiring_on(inst, person, SPECIALIST, dt.date(2027, 1, 2))
    today = dt.date(2026, 11, 3)  # 60 days before
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 11, 2)) == 0  # 61 days
    assert expiry_reminders_send(institution=inst, today=today) == 1
    assert expiry_reminders_send(institution=inst, today=today) == 0  # the same day again
    assert expiry_reminders_send(institution=inst, today=today + dt.timedelta(days=1)) == 0
    assert [(r.days_before, r.emailed) for r in ExpiryReminder.objects.for_institution(inst)
            .filter(completion=completion)] == [(60, True)]
    outbox_relay()
    assert [m.to for m in mailoutbox] == [[f"inv@{inst.slug}.test"]]
    assert "expires on 02 January 2027" in mailoutbox[0].subject
    assert "(60 days from today)" in mailoutbox[0].body
    assert "cannot take a role in a disciplinary process" in mailoutbox[0].body


def test_a_second_reminder_14_days_before(world):
    inst, _admin = world
    person = member(inst, Role.CLERK, email=f"clerk@{inst.slug}.test")
    expiring_on(inst, person, "unconscious-bias", dt.date(2027, 1, 2))
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 11, 3)) == 1
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 12, 18)) == 0  # 15 days
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 12, 19)) == 1  # 14 days
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 12, 30)) == 0
    assert len(mails(inst)) == 2


def test_two_thresholds_due_together_send_one_email(world):
    inst, _admin = world
    person = member(inst, Role.DECISION_MAKER, email=f"dm@{inst.slug}.test")
    completion = expiring_on(inst, person, SPECIALIST, dt.date(2026, 11, 14))  # 10 days left
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 11, 4)) == 1
    assert sorted((r.days_before, r.emailed) for r in ExpiryReminder.objects.for_institution(
        inst).filter(completion=completion)) == [(14, True), (60, False)]
    assert len(mails(inst)) == 1


def test_a_role_module_reminds_its_role_holders(world):
    inst, _admin = world
    contact = member(inst, Role.SAFE_CONTACT, email=f"sc@{inst.slug}.test")
    expiring_on(inst, contact, "sc-sexual-violence", dt.date(2026, 12, 20))
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 11, 4)) == 1
    body = OutboxMessage.objects.filter(institution=inst).get().payload["body"]
    assert "Your role as Safe Contact needs it to be current." in body


def test_no_reminder_without_the_role_for_students_or_once_renewed(world):
    inst, _admin = world
    # Holds the module but no longer a role that needs it.
    caseworker = member(inst, Role.SUPPORT_CASEWORKER, email=f"cw@{inst.slug}.test")
    expiring_on(inst, caseworker, SPECIALIST, dt.date(2026, 12, 1))
    # Renewed: a later completion of the same module.
    renewed = member(inst, Role.INVESTIGATOR, email=f"renewed@{inst.slug}.test")
    expiring_on(inst, renewed, SPECIALIST, dt.date(2026, 12, 1))
    completion_record(learner=renewed, module=module(inst, SPECIALIST),
                      completed_on=dt.date(2026, 10, 1), source="manual")
    # A student's module: reminders stay with the learning platform (and it does not expire).
    student = learner(inst, "student@students.test")
    key = "consent-ed-1" if inst.slug == "kingsway" else "bystander-consent"
    completion_record(learner=student, module=module(inst, key),
                      completed_on=dt.date(2026, 10, 1), source="import")
    # Staff training for everyone (not for a role): no reminder either.
    expiring_on(inst, renewed, "prevent-awareness", dt.date(2026, 12, 1))
    # Already expired: too late for a reminder.
    late = member(inst, Role.CLERK, email=f"late@{inst.slug}.test")
    expiring_on(inst, late, SPECIALIST, dt.date(2026, 11, 3))
    assert expiry_reminders_send(institution=inst, today=dt.date(2026, 11, 4)) == 0
    assert mails(inst) == []


def test_the_daily_beat_task_reminds_every_institution(kingsway, midshire):
    for inst in (kingsway, midshire):
        person = member(inst, Role.INVESTIGATOR, email=f"inv@{inst.slug}.test")
        expiring_on(inst, person, SPECIALIST, dt.date(2026, 12, 1))
    assert expiry_reminders_daily_task("2026-11-04") == 2  # institutions fanned out (eager)
    assert len(mails(kingsway)) == len(mails(midshire)) == 1
    expiry_reminders_daily_task("2026-11-04")
    assert len(mails(kingsway)) == len(mails(midshire)) == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["training-expiry-reminders"]
    assert schedule["task"] == "training.tasks.expiry_reminders_daily_task"
