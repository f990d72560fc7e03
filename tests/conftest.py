"""Shared fixtures.

``TEST_CLOCK_SHIFT_DAYS=N`` runs the whole suite with the clock moved N days ahead (CI runs it
once with a large N), so a test that only passes near the day it was written - a date bomb -
fails the day it is written, not a year later. Tests that pin a date with time-machine still
get their pinned date; everything outside a pinned block sees the shifted "today".
"""

import datetime as dt
import os

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts.roles import Role

from .factories import InstitutionFactory, staff

_shifted_clock = None


def pytest_configure(config):
    global _shifted_clock
    days = int(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0)
    if days:
        _shifted_clock = time_machine.travel(
            dt.datetime.now(dt.UTC) + dt.timedelta(days=days), tick=True)
        _shifted_clock.start()


def pytest_unconfigure(config):
    if _shifted_clock is not None:
        _shifted_clock.stop()


def pytest_report_header(config):
    days = int(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0)
    if days:
        return f"clock shifted {days} days ahead: today is {dt.date.today().isoformat()}"
    return None


#: Event types the audit tests write to exercise the chain itself (not the app's events).
TEST_AUDIT_EVENTS = (
    "a", "b", "c", "d", "e", "x", "earlier", "kept", "other", "today", "midshire", "first",
    "second", "third", "rewritten",
    "rolled.back", "closure_day.added", "report.followup", "kingsway.secret.action",
    "midshire.secret.action", "kingsway.thing", "midshire.thing", "nested.done", "task.done",
    "api.done",
    "k.*", "m.*", "staff.*", "step.*", "page.*",
)


@pytest.fixture(autouse=True, scope="session")
def _test_audit_events():
    from audit.registry import register_audit_events

    register_audit_events("tests", TEST_AUDIT_EVENTS)


@pytest.fixture
def kingsway(db):
    return InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")


@pytest.fixture
def midshire(db):
    return InstitutionFactory(slug="midshire", name="University of Midshire")


@pytest.fixture
def caseworker(kingsway):
    return staff(kingsway, Role.SUPPORT_CASEWORKER, email="caseworker@kingsway.test")


@pytest.fixture
def decision_maker(kingsway):
    return staff(kingsway, Role.DECISION_MAKER, email="secretary@kingsway.test")


@pytest.fixture
def kingsway_admin(kingsway):
    user = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def outsider(midshire):
    """A member of the *other* institution, who must see nothing of Kingsway."""
    return staff(midshire, Role.DECISION_MAKER, Role.INSTITUTION_ADMIN,
                 email="registrar@midshire.test")


@pytest.fixture
def api():
    return APIClient()


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client
