"""Flooding costs the flooder (issue 7 §3): oversized bodies are refused before they are read,
and reporters' files have a daily quota per institution."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reporting.models import Report, ReportDraftFile

from .conftest import submission
from .public_walk import STEP_DATA, post_step, step_url

pytestmark = pytest.mark.django_db
HUGE = str(200 * 1024 * 1024)


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture(autouse=True)
def day():
    with time_machine.travel(dt.datetime(2026, 3, 10, 11, tzinfo=dt.UTC), tick=False):
        yield


def test_a_huge_api_body_is_refused_before_it_is_read(client, kingsway):
    response = client.generic("POST", "/api/v1/kingsway/public/reports/", b"",
                              content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=HUGE, **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 413
    body = response.json()
    assert (body["status"], body["code"]) == (413, "too_large")
    assert "20 MB" in body["detail"]
    assert not Report.objects.for_institution(kingsway).exists()


def test_a_huge_form_page_gets_a_clear_page_before_it_is_read(client, kingsway):
    response = client.generic("POST", step_url(7), b"",
                              content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(22 * 1024 * 1024),
                              **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 413
    assert "That file is too large" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_an_allowed_size_still_passes(client, kingsway):
    assert post_step(client, 1, STEP_DATA[1]).status_code == 302


def test_reporter_files_have_a_daily_quota_per_institution(client, kingsway, midshire,
                                                           settings):
    settings.REPORT_EVIDENCE_BYTES_PER_DAY = 30
    for number in range(1, 7):
        post_step(client, number, STEP_DATA[number])
    note = SimpleUploadedFile("a.txt", b"x" * 20, content_type="text/plain")
    client.post(step_url(7), {"action": "add", "file": note})
    assert ReportDraftFile.objects.for_institution(kingsway).count() == 1
    again = SimpleUploadedFile("b.txt", b"y" * 20, content_type="text/plain")
    page = client.post(step_url(7), {"action": "add", "file": again})
    assert page.status_code == 200
    assert "We cannot take more files today" in page.content.decode()
    assert ReportDraftFile.objects.for_institution(kingsway).count() == 1

    api = APIClient().post("/api/v1/kingsway/public/reports/",
                           {**submission(), "categories": "harassment", "involved": "",
                            "files": [SimpleUploadedFile("c.txt", b"z" * 20)]},
                           format="multipart")
    assert api.status_code == 400
    assert "We cannot take more files today" in repr(api.json()["errors"])
    assert not Report.objects.for_institution(kingsway).exists()

    other = APIClient().post("/api/v1/midshire/public/reports/", submission(), format="json")
    assert other.status_code == 201  # another institution's quota is its own
