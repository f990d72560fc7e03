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


def pytest_collection_modifyitems(config, items):
    """In the clock-shifted pass, tests marked ``once`` are skipped: they take minutes and pin
    their own dates (the isolation matrix, the API fuzzing, the browser journeys), so a second
    run with another "today" proves nothing new."""
    if not int(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0):
        return
    skip = pytest.mark.skip(reason="marked once: ran in the pass with today's clock")
    for item in items:
        if item.get_closest_marker("once"):
            item.add_marker(skip)


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


def verify_session_of(client, user) -> None:
    """Mark ``client``'s session as having verified a second factor, as django_otp.login does
    after a right code: the user's test authenticator (made once) is named in the session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _second_factor_verified_on_force_login(monkeypatch):
    """Staff logged in by tests with ``client.force_login`` (APIClient too) get a session that
    has verified its second factor (issue 14 item 2), so enforcement stays on for every test
    without each one going through the second step. A test of the second step itself sets
    ``client.second_factor_unverified = True`` first (tests/twofactor/)."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if not getattr(self, "second_factor_unverified", False):
            verify_session_of(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


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
