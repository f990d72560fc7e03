"""A mail server that is down: the public form still keeps the report and shows the one-time
receipt; the caseworkers' notice waits in the outbox and goes out once, when mail is back."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from outbox.models import OutboxMessage
from outbox.services import outbox_relay
from reporting.models import Report
from reporting.services.casework import message_send
from reporting.services.followup import report_for_receipt
from reporting.services.submission import report_submit

from ..reporting.conftest import named
from ..reporting.public_walk import receipt_on, send, walk
from .backends import FAILING

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(*args):
    return time_machine.travel(dt.datetime(*args, tzinfo=LONDON), tick=False)


def test_public_report_in_a_mail_outage_is_kept_and_its_notice_sent_once_mail_is_back(
        client, kingsway, caseworker, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING
    with at(2026, 3, 10, 10):
        walk(client)
        # The commit's follow-ups run here (the nudge runs the relay at once: Celery is eager
        # in tests); any exception from them would fail the test.
        with django_capture_on_commit_callbacks(execute=True):
            done = send(client)  # the receipt is in the answer to Send, never stored
        assert done.status_code == 200
        receipt = receipt_on(done)
        assert receipt, done.content.decode()

        report = Report.objects.for_institution(kingsway).get()
        assert report_for_receipt(institution=kingsway, receipt=receipt,
                                  session_key="t").pk == report.pk
        waiting = OutboxMessage.objects.get(institution=kingsway)
        assert (waiting.kind, waiting.status, waiting.attempts) == (
            "reporting.new_disclosure", "pending", 1)
        # The kind of error, not its text (which named an address).
        assert waiting.last_error == "smtplib.SMTPRecipientsRefused"
        assert waiting.next_attempt_at == dt.datetime(2026, 3, 10, 10, 1, tzinfo=LONDON)
        assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(2026, 3, 10, 10, 0, 59):
        assert outbox_relay().sent == 0  # still waiting out its backoff
    with at(2026, 3, 10, 10, 1):
        assert outbox_relay().sent == 1
        assert outbox_relay().sent == 0  # a second run sends nothing again
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [caseworker.email]
    assert mail.outbox[0].subject == "[Kingsway School of Economics] New disclosure received"
    assert report.reference in mail.outbox[0].body
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.last_error) == ("sent", 2, "")
    assert waiting.sent_at == dt.datetime(2026, 3, 10, 10, 1, tzinfo=LONDON)
    assert waiting.payload == {}  # nothing kept once delivered


def test_message_to_a_named_reporter_in_a_mail_outage_is_recorded_and_sent_later(
        kingsway, caseworker, settings, django_capture_on_commit_callbacks):
    """The reporter's address and the message wait encrypted, and are emptied once sent."""
    with at(2026, 3, 10, 9):
        report = report_submit(institution=kingsway, data=named()).report
    settings.EMAIL_BACKEND = FAILING
    with at(2026, 3, 10, 10), django_capture_on_commit_callbacks(execute=True):
        message = message_send(report=report, actor=caseworker, body="Could we meet?",
                               channel="email")
    waiting = OutboxMessage.objects.get(key=f"report-message:{message.pk}:email")
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.payload["to"] == ["sam@student.test"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload, last_error FROM outbox_outboxmessage WHERE id = %s",
                       [waiting.pk])
        stored, error = cursor.fetchone()
    assert "sam@student.test" not in stored
    assert "Could we meet?" not in stored
    assert "@" not in error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(2026, 3, 10, 10, 5):
        outbox_relay()
    to_reporter = [m for m in mail.outbox if m.to == ["sam@student.test"]]
    assert [m.body for m in to_reporter] == ["Could we meet?"]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.payload) == ("sent", {})
