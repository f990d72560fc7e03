"""Messages to reporters never bind them to silence (000 §9), as letters to reporting parties
never do: the same check (``letters.silence``) refuses such a message on its field, on the
staff page and in the API, and nothing is recorded or sent."""

import pytest
from django.core import mail

from reporting.models import ReportMessage
from reporting.services.casework import message_send

from ..conftest import api_as
from .test_staff_support import anonymous_report, named_report, url

pytestmark = pytest.mark.django_db

GAG = "Thank you. Please do not discuss this with other students while we look into it."


def test_a_message_binding_the_reporter_to_silence_is_refused_on_the_page(
        client, kingsway, caseworker):
    report = anonymous_report(kingsway)
    client.force_login(caseworker)

    response = client.post(url(report, "messages"), {"message-body": GAG})

    assert response.status_code == 200
    assert ("Messages to reporters must never bind them to silence (000 §9): remove "
            "&#x27;do not discuss&#x27;.") in response.text
    assert "while we look into it." in response.text  # what was typed is shown again
    assert not ReportMessage.objects.for_institution(kingsway).exists()


def test_a_message_binding_the_reporter_to_silence_is_refused_by_the_api(
        kingsway, caseworker, django_capture_on_commit_callbacks):
    report = named_report(kingsway)
    mail.outbox.clear()
    client = api_as(caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(f"/api/v1/kingsway/reports/{report.pk}/messages/", {
            "body": "You are required to keep this strictly confidential.",
            "channel": "email"}, format="json")

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"body": [
        "Messages to reporters must never bind them to silence (000 §9): remove 'are "
        "required to keep this strictly confidential'."]}
    assert not ReportMessage.objects.for_institution(kingsway).exists()
    assert [m for m in mail.outbox if m.to == ["sam@student.test"]] == []


def test_the_institutions_own_promise_of_confidentiality_is_not_silence(kingsway, caseworker):
    """"We will not share your details" binds the reporter to nothing."""
    report = anonymous_report(kingsway)
    message = message_send(report=report, actor=caseworker,
                           body="We will not share your details with the student named.")
    assert message.direction == ReportMessage.Direction.TO_REPORTER
