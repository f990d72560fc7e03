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
from .public_walk import STEP_DATA, post_step, step_url, url

pytestmark = pytest.mark.django_db
HUGE = str(200 * 1024 * 1024)


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture(autouse=True)
def day():
    from django.core.cache import cache

    cache.clear()  # rate-limit counters live in the cache, across tests
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


# -- proof of work: floods without work do not block reporters who do the work --------------
def solved_form(page: str) -> dict:
    """The work a browser's static/js/work.js would do for this page."""
    import re

    from core.work import solve

    challenge = re.search(r'name="work_challenge" value="([^"]+)"', page).group(1)
    bits = int(re.search(r'data-work-bits="(\d+)"', page).group(1))
    return {"work_challenge": challenge, "work_nonce": solve(challenge, bits)}


@pytest.fixture
def light_work(settings):
    settings.PUBLIC_WORK_BITS = 8


def test_wrong_receipts_without_work_do_not_lock_out_a_reporter_who_does_the_work(
        kingsway, settings, light_work):
    from django.test import Client

    from reporting.services.submission import report_submit

    settings.REPORT_RECEIPT_FAILURES_PER_INSTITUTION = 3
    result = report_submit(institution=kingsway, data=submission())
    for _ in range(3):  # a flood, each from a new cookie, no work
        Client().post(url("follow_up"), {"receipt": "AAAA-BBBB-CCCC-DDDD"})
    typo = Client()  # without JavaScript: during the flood, one try, then a wait
    assert typo.post(url("follow_up"), {"receipt": "AAAA-BBBB-CCCC-DDDE"}).status_code == 200
    assert typo.post(url("follow_up"), {"receipt": result.receipt}).status_code == 429
    no_js = Client()  # its first try is always looked up
    assert no_js.post(url("follow_up"), {"receipt": result.receipt}).status_code == 302

    reporter = Client()
    page = reporter.get(url("follow_up")).content.decode()
    opened = reporter.post(url("follow_up"), {"receipt": result.receipt, **solved_form(page)})
    assert opened.status_code == 302
    assert opened["Location"] == url("follow_up_messages")


def test_web_sends_without_work_have_an_institution_budget_and_work_skips_it(
        kingsway, settings, light_work):
    from django.test import Client

    from .public_walk import receipt_on, send, walk

    settings.REPORT_SUBMISSIONS_WITHOUT_WORK_PER_INSTITUTION = 2
    for _ in range(2):  # new cookies each time: the per-session limit alone would not stop it
        flooder = Client()
        walk(flooder)
        assert receipt_on(send(flooder))
    late = Client()
    walk(late)
    refused = send(late)
    assert refused.status_code == 429
    assert "taking them more slowly" in refused.content.decode()

    reporter = Client()
    walk(reporter)
    page = reporter.get(url("check")).content.decode()
    done = reporter.post(url("check"), solved_form(page))
    assert receipt_on(done)
    replay = Client()
    walk(replay)  # the same work again counts as none
    assert replay.post(url("check"), solved_form(page)).status_code == 429


def test_api_junk_without_work_does_not_block_api_clients_that_do_the_work(
        kingsway, settings, light_work):
    from core.work import solve

    settings.REPORT_API_SUBMISSIONS_PER_INSTITUTION = 1
    for _ in range(5):  # refused junk uses up nothing
        junk = APIClient().post("/api/v1/kingsway/public/reports/", {"junk": 1}, format="json")
        assert junk.status_code == 400
    assert APIClient().post("/api/v1/kingsway/public/reports/", submission(),
                            format="json").status_code == 201
    assert APIClient().post("/api/v1/kingsway/public/reports/", submission(),
                            format="json").status_code == 429

    work = APIClient().get("/api/v1/kingsway/public/work/?purpose=report").json()
    headers = {"X-Work-Challenge": work["challenge"],
               "X-Work-Nonce": solve(work["challenge"], work["bits"])}
    sent = APIClient().post("/api/v1/kingsway/public/reports/", submission(), format="json",
                            headers=headers)
    assert sent.status_code == 201
    again = APIClient().post("/api/v1/kingsway/public/reports/", submission(), format="json",
                             headers=headers)
    assert again.status_code == 429  # spent
    assert APIClient().get("/api/v1/kingsway/public/work/?purpose=x").status_code == 400


def test_api_wrong_receipts_with_work_count_only_per_client(kingsway, settings, light_work):
    from core.work import solve

    settings.REPORT_RECEIPT_FAILURES_PER_INSTITUTION = 1
    base = "/api/v1/kingsway/public/follow-up/"
    APIClient().post(base, {"receipt": "AAAA-BBBB-CCCC-DDDD"}, format="json")
    assert APIClient().post(base, {"receipt": "AAAA-BBBB-CCCC-DDDE"},
                            format="json").status_code == 429
    work = APIClient().get("/api/v1/kingsway/public/work/?purpose=receipt").json()
    answer = APIClient().post(base, {"receipt": "AAAA-BBBB-CCCC-DDDE"}, format="json", headers={
        "X-Work-Challenge": work["challenge"],
        "X-Work-Nonce": solve(work["challenge"], work["bits"])})
    assert answer.status_code == 404  # looked up, not refused
