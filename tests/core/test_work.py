"""Proof of work (core.work): valid once, for its purpose and institution, within its hour."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core import ratelimit
from core.work import challenge_issue, leading_zero_bits, solve, work_spend

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def easy(settings):
    settings.PUBLIC_WORK_BITS = 8
    with time_machine.travel(NOON, tick=False):
        yield


def issued(purpose="report", institution_id=1):
    work = challenge_issue(purpose=purpose, institution_id=institution_id)
    return work["challenge"], solve(work["challenge"], work["bits"])


def test_leading_zero_bits():
    assert leading_zero_bits(b"\x00\x00\x01") == 23
    assert leading_zero_bits(b"\x80") == 0
    assert leading_zero_bits(b"\x00\x7f") == 9


def test_valid_work_is_accepted_once():
    challenge, nonce = issued()
    assert work_spend(challenge=challenge, nonce=nonce, purpose="report", institution_id=1)
    assert not work_spend(challenge=challenge, nonce=nonce, purpose="report", institution_id=1)


@pytest.mark.parametrize(("purpose", "institution_id"), [("receipt", 1), ("report", 2)])
def test_work_is_bound_to_its_purpose_and_institution(purpose, institution_id):
    challenge, nonce = issued()
    assert not work_spend(challenge=challenge, nonce=nonce, purpose=purpose,
                          institution_id=institution_id)


def test_forged_expired_or_too_little_work_is_refused(settings):
    challenge, nonce = issued()
    assert not work_spend(challenge=challenge + "x", nonce=nonce, purpose="report",
                          institution_id=1)
    assert not work_spend(challenge=challenge, nonce="", purpose="report", institution_id=1)
    settings.PUBLIC_WORK_BITS = 30  # the nonce found for 8 bits is not enough now
    assert not work_spend(challenge=challenge, nonce=nonce, purpose="report", institution_id=1)
    settings.PUBLIC_WORK_BITS = 8
    with time_machine.travel(NOON + dt.timedelta(hours=1, minutes=1), tick=False):
        assert not work_spend(challenge=challenge, nonce=nonce, purpose="report",
                              institution_id=1)


def test_spent_work_is_remembered_in_the_database_while_the_cache_is_down(settings):
    ratelimit.cache_reset()
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    try:
        challenge, nonce = issued()
        assert work_spend(challenge=challenge, nonce=nonce, purpose="report",
                          institution_id=1)
        assert not work_spend(challenge=challenge, nonce=nonce, purpose="report",
                              institution_id=1)
    finally:
        ratelimit.cache_reset()


def test_work_spent_while_the_cache_was_down_stays_spent_when_it_returns(settings):
    from django.core.cache import cache

    cache.clear()
    real = settings.CACHES
    ratelimit.cache_reset()
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    try:
        challenge, nonce = issued()
        assert work_spend(challenge=challenge, nonce=nonce, purpose="report",
                          institution_id=1)
    finally:
        settings.CACHES = real
        ratelimit.cache_reset()
    assert not work_spend(challenge=challenge, nonce=nonce, purpose="report", institution_id=1)
