"""`manage.py seed_demo` (what `make run` loads) works whatever day it is run: it walks the
cases through the real services at dates counted back from today, so a weekend or a month end
must not put a step before the one it depends on (a hearing recorded before its date, say)."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from cases.models import Case, Stage
from institutions.models import Institution

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.mark.parametrize("today", [
    "2026-12-04",  # a Friday: the hearing 40 days back fell on a Sunday
    "2026-12-06",  # a Sunday
    "2027-03-01",  # a Monday after a short month
])
def test_seed_demo_loads_on_any_day(today):
    day = dt.date.fromisoformat(today)
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 9), tick=False):
        call_command("seed_demo", verbosity=0)
        slugs = set(Institution.objects.values_list("slug", flat=True))
        assert {"kingsway", "midshire"} <= slugs
        for slug in ("kingsway", "midshire"):
            institution = Institution.objects.get(slug=slug)
            stages = set(Case.objects.for_institution(institution).values_list("stage", flat=True))
            assert Stage.CLOSED in stages
            assert len(stages) >= 4, stages
            # The letterhead is the institution's own name, not another school's.
            assert institution.display_letter_name == institution.name
