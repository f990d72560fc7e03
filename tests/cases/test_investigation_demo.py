"""The demo shows the investigation file at both institutions (Kingsway = 002, Midshire = 004):
meetings, statements, a request for evidence, and at Kingsway a submitted report."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from cases.models import (
    EvidenceRequest,
    InvestigationMeeting,
    InvestigatorReport,
    LetterKind,
    Stage,
    Statement,
)
from institutions.models import Institution
from letters.models import Letter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", ["2026-12-06", "2027-03-01"])  # a Sunday, a Monday
def test_demo_cases_at_investigation_show_the_investigation_file(today):
    day = dt.date.fromisoformat(today)
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 9), tick=False):
        call_command("seed_demo", verbosity=0)
    for slug in ("kingsway", "midshire"):
        inst = Institution.objects.get(slug=slug)
        meetings = InvestigationMeeting.objects.for_institution(inst).select_related("case")
        assert {m.interviewee for m in meetings} == {"reporting_party", "respondent"}
        case = meetings[0].case
        assert case.stage == Stage.INVESTIGATION
        assert not case.is_paused
        assert Statement.objects.for_institution(inst).filter(case=case).count() == 2
        assert EvidenceRequest.objects.for_institution(inst).filter(case=case).exists()
        assert Letter.objects.for_institution(inst).filter(
            case=case, kind=LetterKind.ALLEGATION_NOTICE).exists()
        reports = InvestigatorReport.objects.for_institution(inst).filter(case=case)
        assert reports.exists() == (slug == "kingsway")
