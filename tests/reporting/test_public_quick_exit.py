"""Quick exit deletes the saved draft and forgets the session (issue 7 §3), as a plain link."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from reporting.models import ReportDraft, ReportDraftFile
from reporting.services.submission import report_submit

from .conftest import submission
from .public_walk import STEP_DATA, is_checked, pdf_upload, post_step, step_url, url

pytestmark = pytest.mark.django_db


def quick_exit_link(html: str) -> str:
    return re.search(r'<a id="quick-exit"[^>]*\shref="([^"]+)"', html).group(1)


def test_quick_exit_deletes_the_draft_and_back_shows_an_empty_form(client, kingsway):
    for number in range(1, 7):
        post_step(client, number, STEP_DATA[number])
    client.post(step_url(7), {"action": "add", "file": pdf_upload()})
    assert "Continue where you left off" in client.get(url("start")).content.decode()

    link = quick_exit_link(client.get(step_url(3)).content.decode())  # the button, no JS
    assert link == url("quick_exit")
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert response["Cache-Control"] == "no-store"
    assert "cookies" in response["Clear-Site-Data"]

    assert not ReportDraft.objects.for_institution(kingsway).exists()
    assert not ReportDraftFile.objects.for_institution(kingsway).exists()
    back = client.get(step_url(1)).content.decode()  # Back: the page is fetched again
    assert not is_checked(back, "reporter_role", "student")
    assert "Continue where you left off" not in client.get(url("start")).content.decode()


def test_quick_exit_goes_to_the_institutions_neutral_site_and_closes_follow_up(client,
                                                                               kingsway):
    kingsway.quick_exit_url = "https://www.metoffice.gov.uk/"
    kingsway.save()
    result = report_submit(institution=kingsway, data=submission())
    client.post(url("follow_up"), {"receipt": result.receipt})
    assert client.get(url("follow_up_messages")).status_code == 200
    response = client.get(url("quick_exit"))
    assert response["Location"] == "https://www.metoffice.gov.uk/"
    assert client.get(url("follow_up_messages"))["Location"] == url("follow_up")


def test_quick_exit_leaves_another_visitors_draft_alone(client, kingsway):
    from django.test import Client

    other = Client()
    post_step(other, 1, STEP_DATA[1])
    post_step(client, 1, STEP_DATA[1])
    client.get(url("quick_exit"))
    assert ReportDraft.objects.for_institution(kingsway).count() == 1
    assert is_checked(other.get(step_url(1)).content.decode(), "reporter_role", "student")
