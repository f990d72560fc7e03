import datetime as dt

import pytest
import time_machine

from institutions.models import AcademicTerm
from reporting.services.setup import reporting_defaults_apply
from reporting.services.submission import report_submit

from ..factories import InstitutionFactory

#: Kingsway's calendar in the tests: autumn, winter, spring 2026/27, and the last term of
#: 2025/26.
TERMS = [
    ("Spring term 2026", dt.date(2026, 4, 27), dt.date(2026, 6, 12)),
    ("Autumn term 2026", dt.date(2026, 9, 28), dt.date(2026, 12, 11)),
    ("Winter term 2027", dt.date(2027, 1, 18), dt.date(2027, 3, 26)),
    ("Spring term 2027", dt.date(2027, 4, 26), dt.date(2027, 6, 11)),
]


def with_terms(inst):
    for name, start, end in TERMS:
        AcademicTerm.objects.create(institution=inst, name=name, start=start, end=end)
    return inst


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    reporting_defaults_apply(institution=inst)
    return with_terms(inst)


@pytest.fixture
def midshire(db):
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    reporting_defaults_apply(institution=inst)
    return with_terms(inst)


def term(inst, name):
    return AcademicTerm.objects.for_institution(inst).get(name=name)


def submission(**overrides):
    data = {
        "reporter_role": "student", "perspective": "self", "categories": ["harassment"],
        "when": "last_week", "location": "hall", "location_detail": "Block C kitchen",
        "involved": [], "narrative": "What happened, in the reporter's words.",
        "wants": ["support"], "anonymous": True,
    }
    data.update(overrides)
    if not data["anonymous"]:
        data.setdefault("contact_name", "Sam Reporter")
        data.setdefault("contact_email", "sam@student.test")
        data.setdefault("preferred_contact", "email")
    return data


def submit(inst, on: dt.date, **overrides):
    """A report made through the public intake on ``on``."""
    with time_machine.travel(dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC), tick=False):
        return report_submit(institution=inst, data=submission(**overrides)).report


def many_reports(inst, n: int, on: dt.date, **fields):
    """``n`` reports made on ``on`` (rows written directly: the measures only count them)."""
    from reporting.models import Report

    start = Report.objects.for_institution(inst).count()
    defaults = {"reporter_role": "student", "when": "last_week", "location": "hall",
                "is_anonymous": True, "submitted_on": on}
    Report.objects.bulk_create([
        Report(institution=inst, reference=f"BULK-{start + i:06d}", **{**defaults, **fields})
        for i in range(n)])
