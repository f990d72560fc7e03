"""The demo, seeded once per fuzzing module (it takes ~20 s): every test of the module runs in
a savepoint inside the module's transaction, so what one test writes is gone before the next,
and the demo itself is rolled back at the end of the module."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

#: The demo's day: every fuzzing test runs on it (the clock does not tick).
DEMO_DAY = dt.datetime(2026, 12, 4, 9)


def app_role_name() -> str | None:
    """On PostgreSQL, the application's database role made for this module's demo (its name
    carries the test database's, as two test runs may share a server); None on SQLite."""
    if connection.vendor != "postgresql":
        return None
    return f"st_app_fuzz_{connection.settings_dict['NAME']}"[:63]


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo, and on PostgreSQL the application's role (``create_app_role``), both made in
    the module's transaction and rolled back with it."""
    with django_db_blocker.unblock(), time_machine.travel(DEMO_DAY, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            if app_role_name():
                call_command("create_app_role", "--name", app_role_name(), "--password",
                             "fuzz-app-role", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(seeded_demo, db):
    """The demo, on its day, for one test (its writes rolled back after it)."""
    with time_machine.travel(DEMO_DAY, tick=False):
        yield
