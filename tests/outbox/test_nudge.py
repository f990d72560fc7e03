"""The nudge after a commit that wrote to the outbox is cheap (issue 9 §2): while one nudge waits
in the queue no other is sent (the relay it starts reads the outbox after that commit), and the
broker connection is kept from one nudge to the next."""

from __future__ import annotations

import logging

import pytest

from config import celery_app
from outbox import services
from outbox.services import nudge_relay, nudge_taken
from outbox.tasks import outbox_relay_task

from .conftest import broker_down


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache every process shares, as Redis is in production (a file-based one here)."""
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache")}}
    services._nudge.__dict__.pop("cache_down_until", None)
    return settings.CACHES


@pytest.fixture
def published(monkeypatch):
    sent: list[dict] = []
    monkeypatch.setattr(outbox_relay_task, "apply_async", lambda **kw: sent.append(kw))
    return sent


def test_no_second_nudge_while_one_waits_in_the_queue(shared_cache, published):
    nudge_relay()
    nudge_relay()
    nudge_relay()
    assert len(published) == 1
    nudge_taken()  # the relay starts: what commits from now on needs a nudge of its own
    nudge_relay()
    assert len(published) == 2


def test_the_relay_task_clears_the_mark_before_it_reads(shared_cache, published, db):
    nudge_relay()
    assert len(published) == 1
    outbox_relay_task.apply()  # the worker runs the nudge it was sent
    nudge_relay()
    assert len(published) == 2


def test_a_nudge_that_could_not_be_sent_holds_back_nothing(shared_cache, caplog, db):
    caplog.set_level(logging.WARNING, logger="outbox.services")
    with broker_down():
        nudge_relay()
    assert "Could not ask a worker to deliver the outbox now" in caplog.text
    sent: list[dict] = []
    original = outbox_relay_task.apply_async
    try:
        outbox_relay_task.apply_async = lambda **kw: sent.append(kw)  # type: ignore[method-assign]
        nudge_relay()
    finally:
        outbox_relay_task.apply_async = original  # type: ignore[method-assign]
    assert len(sent) == 1


def test_with_a_cache_of_its_own_every_commit_nudges(settings, published):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    nudge_relay()
    nudge_relay()
    assert len(published) == 2  # a worker could not clear this process's mark


def test_the_broker_connection_is_kept_per_broker():
    first = services._nudge_connection(celery_app)
    assert services._nudge_connection(celery_app) is first
    with broker_down():
        other = services._nudge_connection(celery_app)
    assert other is not first
    services._drop_nudge_connection()
