"""Kingsway with its report catalogue, its disciplinary catalogue and a calendar; the data
protection officer, a caseworker, and Midshire's admin who must see nothing of Kingsway."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.roles import Role
from cases.services.intake import case_decide_intake, case_open
from cases.services.setup import disciplinary_catalogue_apply
from reporting.services.casework import report_close
from reporting.services.setup import reporting_defaults_apply
from retention.roles import DATA_PROTECTION_OFFICER

from ..cases.conftest import case_data, qualified
from ..factories import InstitutionFactory, staff
from ..insights.conftest import submit, with_terms

LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 11):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON),
                               tick=False)


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    reporting_defaults_apply(institution=inst)
    disciplinary_catalogue_apply(institution=inst, shape="002")
    return with_terms(inst)


@pytest.fixture
def midshire(db):
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    reporting_defaults_apply(institution=inst)
    return inst


@pytest.fixture
def dpo(kingsway):
    return staff(kingsway, DATA_PROTECTION_OFFICER, email="dpo@kingsway.test")


@pytest.fixture
def caseworker(kingsway):
    return staff(kingsway, Role.SUPPORT_CASEWORKER, email="caseworker@kingsway.test")


@pytest.fixture
def outsider(midshire):
    return staff(midshire, Role.INSTITUTION_ADMIN, DATA_PROTECTION_OFFICER,
                 email="admin@midshire.test")


@pytest.fixture
def secretary(kingsway):
    return qualified(kingsway, Role.DECISION_MAKER, email="dm@kingsway.test")


def closed_report(inst, actor, *, made: dt.date, closed: dt.date, **overrides):
    """A report made on ``made`` through the public intake and closed on ``closed``."""
    report = submit(inst, made, **overrides)
    with at(closed):
        return report_close(report=report, actor=actor, reason="Support given; closed.")


def ended_case(inst, actor, *, raised: dt.date, ended: dt.date):
    """A case opened on ``raised`` and closed with no action on ``ended``."""
    with at(raised):
        case = case_open(institution=inst, actor=actor,
                         **case_data(allegation_raised_on=raised, incident_date=raised))
    with at(ended):
        return case_decide_intake(case=case, actor=actor, route="no_action",
                                  reasons="No case to answer.")
