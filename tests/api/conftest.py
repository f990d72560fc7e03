"""One institution with both procedures set up, one member of staff who may act on a case and
on a named report there, and the clock frozen on a working day (so nothing here depends on the
day the suite runs)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from accounts.roles import Role
from cases.services.intake import case_open
from cases.services.setup import disciplinary_catalogue_apply
from reporting.services.setup import reporting_defaults_apply
from reporting.services.submission import report_submit

from ..cases.conftest import case_data, qualified
from ..factories import InstitutionFactory
from ..reporting.conftest import named

NOW = dt.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    disciplinary_catalogue_apply(institution=inst, shape="002")
    reporting_defaults_apply(institution=inst)
    return inst


@pytest.fixture
def actor(kingsway):
    """A decision maker who is also a support caseworker (and trained): past every role
    check, so a request is refused only for what it sends."""
    return qualified(kingsway, Role.DECISION_MAKER, Role.SUPPORT_CASEWORKER,
                     email="dm-cw@kingsway.test")


@pytest.fixture
def case(kingsway, actor):
    data = case_data()
    return case_open(institution=kingsway, actor=actor, **data)


@pytest.fixture
def report(kingsway):
    return report_submit(institution=kingsway, data=named(), files=()).report


@pytest.fixture
def matter(kingsway, actor, case):
    """A precautionary matter on the case, which the actor (the convener) may see."""
    from precautionary.services.matters import matter_open

    return matter_open(institution=kingsway, actor=actor, student=case.respondent,
                       reason="Risk to the reporting student", case=case)
