"""Fixtures for the working-day calendar, deadlines and the daily deadline task."""

import datetime as dt

import pytest

from accounts.models import Membership
from audit.models import AuditEvent
from institutions.models import Institution

from ..factories import InstitutionFactory


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def edinburgh(db):
    """An institution in Scotland: Scottish bank holidays."""
    return InstitutionFactory(slug="edinburgh", name="University of Edinburgh Road",
                              region=Institution.Region.SCOTLAND)


@pytest.fixture
def belfast(db):
    """An institution in Northern Ireland."""
    return InstitutionFactory(slug="belfast", name="Lagan University",
                              region=Institution.Region.NORTHERN_IRELAND)


@pytest.fixture
def subject(kingsway, caseworker):
    """Something a deadline can run against. Cases do not exist yet; any row that belongs to
    the institution will do, and a Membership does not change the calendar (a ClosureDay
    would)."""
    return Membership.objects.for_institution(kingsway).get(user=caseworker)


def audit_actions(institution, obj=None) -> list[str]:
    events = AuditEvent.objects.for_institution(institution).order_by("sequence")
    if obj is not None:
        events = events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return list(events.values_list("action", flat=True))
