"""Coming back with a receipt: the follow-up pages, through HTTP with a real database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from reporting.models import Report, ReportMessage
from reporting.services.casework import message_send, note_add, report_assign, report_close
from reporting.services.submission import report_submit

from .conftest import named, submission
from .public_walk import pdf_upload, url

pytestmark = pytest.mark.django_db
NOT_FOUND = "We could not find a report with that receipt. Check it and try again."


@pytest.fixture
def sent(kingsway, caseworker):
    """An anonymous report with a reply from the caseworker and an internal note."""
    result = report_submit(institution=kingsway, data=submission())
    report_assign(report=result.report, actor=caseworker, assignee=caseworker)
    message_send(report=result.report, actor=caseworker,
                 body="Thank you for telling us. We are here to help.")
    note_add(report=result.report, actor=caseworker, body="INTERNAL: check the CCTV")
    return result


def open_with(client, receipt: str):
    return client.post(url("follow_up"), {"receipt": receipt})


def reload(report: Report) -> Report:
    return Report.objects.for_institution(report.institution_id).get(pk=report.pk)


def test_receipt_in_lower_case_without_hyphens_opens_the_thread(client, sent, kingsway):
    typed = sent.receipt.replace("-", "").lower()
    response = open_with(client, typed)
    assert response.status_code == 302
    assert response["Location"] == url("follow_up_messages")
    page = client.get(url("follow_up_messages")).content.decode()
    assert "Thank you for telling us. We are here to help." in page
    assert "From the team" in page
    assert "INTERNAL" not in page
    assert "CCTV" not in page
    assert "Give my name so someone can contact me" in page
    held = [v for k, v in client.session.items() if k.startswith("follow-up")]
    assert held == [{"report": sent.report.pk}]  # only the id: no time (the browser counts)


def test_receipt_with_spaces_also_works(client, sent):
    spaced = " " + sent.receipt.replace("-", " ") + " "
    assert open_with(client, spaced).status_code == 302


def test_the_reporter_can_reply(client, sent):
    open_with(client, sent.receipt)
    response = client.post(url("follow_up_messages"), {"body": "Thank you. Can we meet?"})
    assert response.status_code == 302
    page = client.get(url("follow_up_messages")).content.decode()
    assert "Your message was sent." in page
    assert "Thank you. Can we meet?" in page
    assert "You wrote" in page
    message = sent.report.messages.filter(direction=ReportMessage.Direction.FROM_REPORTER).get()
    assert message.body == "Thank you. Can we meet?"
    assert reload(sent.report).awaiting_staff is True


def test_an_empty_reply_names_the_problem(client, sent):
    open_with(client, sent.receipt)
    response = client.post(url("follow_up_messages"), {"body": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write your message." in page
    assert 'class="error-summary"' in page


def test_the_reporter_can_add_a_file(client, sent):
    open_with(client, sent.receipt)
    response = client.post(url("follow_up_files"), {"files": pdf_upload("later.pdf")})
    assert response.status_code == 302
    evidence = sent.report.evidence.get()
    assert (evidence.original_name, evidence.content_type) == ("later.pdf", "application/pdf")
    response = client.post(url("follow_up_files"), {})
    assert "Choose a file to add." in response.content.decode()


def test_an_anonymous_reporter_can_give_their_name(client, sent):
    open_with(client, sent.receipt)
    response = client.post(url("follow_up_contact"), {"contact_email": "sam@student.test",
                                                      "preferred_contact": "email"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tell us your name." in page
    assert 'value="sam@student.test"' in page
    response = client.post(url("follow_up_contact"), {
        "contact_name": "Sam Reporter", "contact_email": "sam@student.test",
        "preferred_contact": "email"})
    assert response.status_code == 302
    report = reload(sent.report)
    assert (report.is_anonymous, report.contact_name, report.contact_email) == (
        False, "Sam Reporter", "sam@student.test")
    page = client.get(url("follow_up_messages")).content.decode()
    assert "We have your contact details" in page
    assert "Give my name so someone can contact me" not in page
    assert client.get(url("follow_up_contact"))["Location"] == url("follow_up_messages")


def test_a_wrong_receipt_gets_one_generic_message(client, sent):
    one_off = sent.receipt[:-1] + ("1" if sent.receipt.endswith("0") else "0")
    for wrong in ("ABCD-EFGH-JKMN-PQRS", "not a receipt", one_off):
        response = open_with(client, wrong)
        assert response.status_code == 200
        page = response.content.decode()
        assert NOT_FOUND in page
        assert "Thank you for telling us" not in page
    assert not any(k.startswith("follow-up") for k, _ in client.session.items())


def test_a_receipt_from_another_institution_is_not_found(client, kingsway, midshire):
    other = report_submit(institution=midshire, data=submission())
    response = open_with(client, other.receipt)
    assert NOT_FOUND in response.content.decode()


def test_the_sixth_wrong_receipt_in_a_session_is_refused_with_429(client, sent):
    for _ in range(5):
        assert open_with(client, "ABCD-EFGH-JKMN-PQRS").status_code == 200
    response = open_with(client, sent.receipt)  # even the right one, while limited
    assert response.status_code == 429
    page = response.content.decode()
    assert "Please wait a little" in page
    assert "minute" in page
    assert int(response["Retry-After"]) > 0
    assert "Thank you for telling us" not in page
    # Another session is not held back by this one.
    from django.test import Client

    assert open_with(Client(), sent.receipt).status_code == 302


def test_the_follow_up_page_closes_after_30_minutes(client, sent):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        open_with(client, sent.receipt)
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert client.get(url("follow_up_messages")).status_code == 200  # keeps it open
    with time_machine.travel(start + dt.timedelta(minutes=45), tick=False):
        assert client.get(url("follow_up_messages")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=76), tick=False):
        response = client.get(url("follow_up_messages"))
        assert response["Location"] == url("follow_up")
        page = client.get(response["Location"]).content.decode()
        assert "closes after 30 minutes" in page


def test_leave_forgets_the_session(client, sent):
    open_with(client, sent.receipt)
    response = client.post(url("follow_up_leave"))
    assert response["Location"] == "/kingsway/"
    assert client.get(url("follow_up_messages"))["Location"] == url("follow_up")
    assert not any(k.startswith("follow-up") for k, _ in client.session.items())


def test_pages_need_an_open_report(client, sent):
    for name in ("follow_up_messages", "follow_up_contact"):
        assert client.get(url(name))["Location"] == url("follow_up")
    assert client.post(url("follow_up_files"), {})["Location"] == url("follow_up")


def test_a_closed_report_says_so_and_refuses_replies(client, sent, caseworker):
    report_close(report=sent.report, actor=caseworker, reason="Support completed")
    open_with(client, sent.receipt)
    page = client.get(url("follow_up_messages")).content.decode()
    assert "This report is closed" in page
    assert "Send message" not in page
    response = client.post(url("follow_up_messages"), {"body": "One more thing"})
    assert response.status_code == 200
    assert "This report is closed. If something new has happened" in response.content.decode()
    assert not sent.report.messages.filter(
        direction=ReportMessage.Direction.FROM_REPORTER).exists()


def test_a_named_reporter_can_use_the_receipt_too(client, kingsway):
    result = report_submit(institution=kingsway, data=named())
    open_with(client, result.receipt)
    page = client.get(url("follow_up_messages")).content.decode()
    assert "Your report" in page
    assert "Give my name" not in page
