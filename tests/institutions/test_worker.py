"""The deadline sweep on a real Celery worker thread, through Redis, against the real database.

The rest of the suite runs Celery eagerly. Here the task is serialised to JSON, goes through the
broker, and runs in another thread with its own database connection, so the test data must be
committed (``transactional_db``) and the test waits (bounded) for the worker's effect.
"""

import os
import threading
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_prerun
from django.conf import settings
from django.core import mail

from accounts.models import Membership
from config import celery_app
from institutions.models import Deadline
from institutions.services.deadlines import deadline_register_date
from institutions.tasks import deadlines_sweep_task
from outbox.tasks import outbox_relay_task

from .conftest import day

WAIT_SECONDS = 20.0


@pytest.fixture
def real_worker_app(monkeypatch):
    """The project's Celery app with eager execution off (restored afterwards), and a queue of
    its own so that no other worker on the same Redis takes the task, and no message left by
    an earlier run reaches this worker. The sweep writes its reminders to the outbox and nudges
    the outbox relay: that nudge goes to the same queue, so this worker sends the email."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("task_always_eager", "worker_hijack_root_logger")}
    conf.task_always_eager = False
    conf.worker_hijack_root_logger = False  # leave pytest's logging alone
    queue = f"test-deadlines-{uuid.uuid4().hex}"
    monkeypatch.setattr(outbox_relay_task, "queue", queue, raising=False)
    monkeypatch.setattr(outbox_relay_task, "_exec_options", None)  # Celery caches the queue
    try:
        yield celery_app, queue
    finally:
        conf.update(saved)
        # The worker created the queue (and a direct exchange of the same name) on demand.
        # Drop it from the app and from Redis; a fresh channel must learn the binding before
        # it can delete it.
        test_queue = celery_app.amqp.queues.pop(queue, None)
        if test_queue is not None:
            with celery_app.connection_for_write() as connection:
                bound = test_queue.bind(connection.default_channel)
                bound.declare()
                bound.delete()


def wait_for(condition, timeout: float = WAIT_SECONDS) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass (a bound, not a sleep that
    the test's outcome depends on)."""
    give_up_at = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < give_up_at:
        if condition():
            return True
        pause.wait(0.1)
    return condition()


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis")
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
    reason="needs a database server (DATABASE_URL): the in-memory SQLite test database locks "
           "whole tables against a second thread",
)
def test_real_worker_sweeps_one_institutions_deadlines(
    transactional_db, real_worker_app, kingsway, midshire, caseworker, outsider
):
    app, queue = real_worker_app
    subject = Membership.objects.for_institution(kingsway).get(user=caseworker)
    their_subject = Membership.objects.for_institution(midshire).get(user=outsider)

    def register(institution, subject, due, **kwargs):
        return deadline_register_date(
            institution=institution, subject=subject, purpose="Decision letter",
            start=day("2026-12-01"), due=day(due), description="10 working days (§64)",
            **kwargs)

    overdue = register(kingsway, subject, "2027-01-04")
    soon = register(kingsway, subject, "2027-01-11", assignee=caseworker)
    theirs = register(midshire, their_subject, "2027-01-04")

    def reload(deadline):
        return Deadline.objects.for_institution(deadline.institution_id).get(pk=deadline.pk)

    def swept():
        return (reload(overdue).status == Deadline.Status.MISSED
                and reload(soon).reminder_before_sent
                and len(mail.outbox) == 1)

    runs = []

    def record_run(sender=None, task=None, **kwargs):
        if getattr(sender, "name", None) == deadlines_sweep_task.name:
            runs.append((threading.get_ident(), bool(task.request.is_eager)))

    task_prerun.connect(record_run, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue],
                          shutdown_timeout=30):
            result = deadlines_sweep_task.apply_async(
                kwargs={"institution_id": kingsway.pk, "today": "2027-01-07"}, queue=queue)
            assert wait_for(swept), "the worker did not sweep the deadlines in time"
    finally:
        task_prerun.disconnect(record_run)

    # Sent through the broker and run once by the worker thread, not here.
    assert not isinstance(result, EagerResult)
    assert len(runs) == 1
    worker_thread, eager = runs[0]
    assert not eager
    assert worker_thread != threading.get_ident()
    assert mail.outbox[0].to == ["caseworker@kingsway.test"]
    assert mail.outbox[0].subject == "[Kingsway School of Economics] Deadline in two working days"
    assert reload(theirs).status == Deadline.Status.RUNNING
