"""Redis unreachable (issue 7 §2): the public form, the public API and the follow-up page keep
working, and their rate limits still hold, counted in the database (core.ratelimit)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from core import ratelimit
from core.models import RateCount
from reporting.models import Report

from .conftest import submission
from .public_walk import receipt_on, send, url, walk

pytestmark = pytest.mark.django_db

DEAD_REDIS = {"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}}


@pytest.fixture(autouse=True)
def dead_cache(settings):
    ratelimit.cache_reset()
    settings.CACHES = DEAD_REDIS
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 5, tzinfo=dt.UTC), tick=False):
        yield
    ratelimit.cache_reset()


def test_the_web_form_keeps_the_report_and_shows_the_receipt(client, kingsway, settings):
    settings.REPORT_SUBMISSIONS_PER_SESSION = 1
    walk(client)
    done = send(client)
    assert done.status_code == 200
    receipt = receipt_on(done)
    assert receipt
    assert Report.objects.for_institution(kingsway).count() == 1
    assert RateCount.objects.exists()  # counted in the database instead

    walk(client)  # the per-session limit still holds through the fallback
    refused = send(client)
    assert refused.status_code == 429
    assert Report.objects.for_institution(kingsway).count() == 1

    opened = client.post(url("follow_up"), {"receipt": receipt})
    assert opened.status_code == 302
    assert opened["Location"] == url("follow_up_messages")
    assert client.get(url("follow_up_messages")).status_code == 200


def test_the_public_api_keeps_the_report_and_still_limits(kingsway, settings):
    settings.REPORT_API_SUBMISSIONS_PER_INSTITUTION = 1
    first = APIClient().post("/api/v1/kingsway/public/reports/", submission(), format="json")
    assert first.status_code == 201, first.content
    assert first.json()["receipt"]
    second = APIClient().post("/api/v1/kingsway/public/reports/", submission(), format="json")
    assert second.status_code == 429
    assert Report.objects.for_institution(kingsway).count() == 1


def test_wrong_receipts_are_still_counted(client, kingsway, settings):
    settings.REPORT_RECEIPT_FAILURES_PER_SESSION = 2
    for _ in range(2):
        assert client.post(url("follow_up"), {"receipt": "AAAA-BBBB-CCCC-DDDD"}).status_code \
            == 200
    assert client.post(url("follow_up"), {"receipt": "AAAA-BBBB-CCCC-DDDD"}).status_code == 429


def test_the_database_counter_increments_atomically_and_is_swept(db):
    assert [ratelimit.hit("probe", window=60) for _ in range(3)] == [1, 2, 3]
    ratelimit.check("probe", limit=4, window=60)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check("probe", limit=3, window=60)
    assert "probe" not in repr(list(RateCount.objects.values()))  # keys are HMACs
    assert ratelimit.db_sweep() == 0
    assert ratelimit.db_sweep(now=dt.datetime(2026, 3, 10, 10, 7, tzinfo=dt.UTC).timestamp()) \
        == 1
