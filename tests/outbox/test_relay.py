"""The relay: backoff doubling to a cap, a permanent failure after the last attempt (visible in
the admin, and on the letter), idempotency keys, and one Message-ID per message."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from cases.models import Letter
from outbox.mail import message_id, outbox_mail
from outbox.models import OutboxMessage
from outbox.services import RelayResult, backoff, outbox_enqueue, outbox_relay
from outbox.tasks import outbox_relay_task

from ..cases.api_support import case_at_investigation, get, post
from ..cases.conftest import case_data
from .backends import FAILING

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
T0 = dt.datetime(2027, 1, 7, 9, tzinfo=LONDON)


def at(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


def queue_mail(institution, key="test:reminder", to=("dm@kingsway.test",)) -> OutboxMessage:
    with transaction.atomic():
        return outbox_mail(key=key, institution=institution, to=list(to),
                           subject="Deadline today", body="Decision letter: due today.")


def test_backoff_doubles_from_a_minute_up_to_an_hour():
    assert [backoff(n) for n in (1, 2, 3, 6, 7, 8, 47)] == [
        dt.timedelta(minutes=m) for m in (1, 2, 4, 32, 60, 60, 60)]


def test_failed_delivery_is_retried_with_backoff_then_failed_permanently(
        kingsway, settings):
    settings.EMAIL_BACKEND = FAILING
    settings.OUTBOX_MAX_ATTEMPTS = 4
    with at(T0):
        message = queue_mail(kingsway)
    attempts = []
    moment = T0
    for _ in range(4):
        with at(moment - dt.timedelta(seconds=1)):
            if attempts:  # a second early: nothing is tried
                assert outbox_relay() == RelayResult()
        with at(moment):
            result = outbox_relay()
        message.refresh_from_db()
        attempts.append((message.attempts, message.status, message.next_attempt_at - moment,
                         result.retrying, result.failed))
        moment = message.next_attempt_at
    assert attempts == [
        (1, "pending", dt.timedelta(minutes=1), 1, 0),
        (2, "pending", dt.timedelta(minutes=2), 1, 0),
        (3, "pending", dt.timedelta(minutes=4), 1, 0),
        (4, "failed", dt.timedelta(0), 0, 1),
    ]
    assert message.last_error == "smtplib.SMTPRecipientsRefused"

    # Given up: not tried again, even by hand with --now, even once mail works.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(T0 + dt.timedelta(days=3)):
        assert outbox_relay(ignore_backoff=True).sent == 0
    assert mail.outbox == []


def test_relay_by_hand_can_skip_the_backoff(kingsway, settings):
    settings.EMAIL_BACKEND = FAILING
    with at(T0):
        message = queue_mail(kingsway)
        outbox_relay()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert outbox_relay().sent == 0
        assert outbox_relay(ignore_backoff=True).sent == 1
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(mail.outbox) == 1


def test_a_letter_that_never_renders_is_marked_failed_after_the_last_attempt(
        kingsway, ks, settings, monkeypatch, django_capture_on_commit_callbacks):
    """While the relay retries, the letter stays "Being generated"; after the last attempt it
    shows "Generation failed" with the kind of error."""
    import letters.services.render as letters

    def broken_renderer(html):
        raise OSError("WeasyPrint could not write")

    monkeypatch.setattr(letters, "html_to_pdf", broken_renderer)
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with at(T0), django_capture_on_commit_callbacks(execute=True):
        case_id = case_at_investigation(kingsway, ks, case_data())
        post(ks.secretary, kingsway, case_id, "formal-decision", {
            "result": "uphold", "reasons": "Proven", "considered_previous_record": True,
            "penalties": [{"code": "written_warning"}]}, expect=201)
    letters_now = Letter.objects.for_institution(kingsway).filter(case_id=case_id)
    assert {x.status for x in letters_now} == {"pending"}
    with at(T0 + dt.timedelta(minutes=1)):
        assert outbox_relay().failed == len(letters_now)
        assert {(x.status, x.error) for x in letters_now.all()} == {("failed", "OSError")}
        assert {x["status"] for x in get(ks.secretary, kingsway, case_id, "letters")} == {
            "failed"}


def test_enqueueing_twice_with_one_key_makes_one_message(kingsway):
    with transaction.atomic():
        first = outbox_enqueue(kind="mail", key="deadline:1:reminder_due_sent:2027-01-07",
                               institution=kingsway,
                               payload={"to": ["a@kingsway.test"], "subject": "s", "body": "b"})
        second = outbox_enqueue(kind="mail", key="deadline:1:reminder_due_sent:2027-01-07",
                                institution=kingsway,
                                payload={"to": ["b@kingsway.test"], "subject": "s", "body": "b"})
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert second.payload["to"] == ["a@kingsway.test"]  # the first one stands


def test_an_unknown_kind_is_refused_before_anything_commits(kingsway):
    with pytest.raises(LookupError), transaction.atomic():
        outbox_enqueue(kind="no.such_kind", key="x", payload={}, institution=kingsway)
    assert not OutboxMessage.objects.exists()


def test_every_delivery_of_a_message_carries_the_same_message_id(kingsway, settings):
    """At least once: if a delivery is repeated (the worker died before recording it), the
    repeat is recognisably the same email."""
    with at(T0):
        message = queue_mail(kingsway)
        outbox_relay()
        OutboxMessage.objects.filter(pk=message.pk).update(status="pending")
        OutboxMessage.objects.filter(pk=message.pk).update(payload=message.payload)
        outbox_relay()
    first, again = mail.outbox
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"] == \
        message_id(message.key)
    assert message.key not in message_id(message.key)
    assert message_id("test:other") != message_id(message.key)


def test_the_relay_task_delivers_what_is_due(kingsway):
    with at(T0):
        queue_mail(kingsway)
        assert outbox_relay_task.delay().get() == {"sent": 1, "retrying": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_no_recipients_no_message(kingsway):
    assert queue_mail(kingsway, to=("",)) is None
    assert not OutboxMessage.objects.exists()


def test_delivering_a_letter_render_again_changes_nothing(
        kingsway, ks, django_capture_on_commit_callbacks):
    """At least once: a render delivered twice (the worker died before recording it as sent)
    leaves the issued letter as it was."""
    with at(T0), django_capture_on_commit_callbacks(execute=True):
        case_id = case_at_investigation(kingsway, ks, case_data())
        post(ks.secretary, kingsway, case_id, "formal-decision", {
            "result": "uphold", "reasons": "Proven", "considered_previous_record": True,
            "penalties": [{"code": "written_warning"}]}, expect=201)
    letter = Letter.objects.for_institution(kingsway).filter(case_id=case_id).first()
    assert letter.status == "issued"
    before = (letter.sha256, letter.pdf.name, letter.issued_at)
    message = OutboxMessage.objects.get(key=f"letter:{letter.pk}:render")
    OutboxMessage.objects.filter(pk=message.pk).update(status="pending",
                                                       payload={"letter": letter.pk})
    with at(T0 + dt.timedelta(hours=1)):
        assert outbox_relay().sent == 1
    letter.refresh_from_db()
    assert (letter.sha256, letter.pdf.name, letter.issued_at) == before
