"""The demo, seeded once per fuzzing module (it takes ~20 s): every test of the module runs in
a savepoint inside the module's transaction, so what one test writes is gone before the next,
and the demo itself is rolled back at the end of the module."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

#: The demo's day: every fuzzing test runs on it (the clock does not tick).
DEMO_DAY = dt.datetime(2026, 12, 4, 9)


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(DEMO_DAY, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(seeded_demo, db):
    """The demo, on its day, for one test (its writes rolled back after it)."""
    with time_machine.travel(DEMO_DAY, tick=False):
        yield
