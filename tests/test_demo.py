"""`manage.py seed_demo` (what `make run` loads) works whatever day it is run: it walks the
cases through the real services at dates counted back from today, so a weekend or a month end
must not put a step before the one it depends on (a hearing recorded before its date, say)."""

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import MembershipRole
from cases.models import Case, Stage
from institutions.models import Institution
from institutions.selectors import deadlines_for
from precautionary.models import (
    Appeal,
    Breach,
    Decision,
    Matter,
    MatterMember,
    MatterRole,
    Measure,
    Review,
    Share,
)
from precautionary.procedure import REVIEW

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
            demo_precautionary_matters_at_every_stage(institution, day)
            demo_retention(institution, day)


def demo_retention(institution, today):
    """A record due for deletion within 30 days, and another under a legal hold (issue 14)."""
    from retention.models import LegalHold
    from retention.selectors import due_for_deletion

    due = due_for_deletion(institution=institution, today=today)
    assert "anonymous_report" in [r.kind for r in due]
    assert LegalHold.objects.for_institution(institution).filter(released_on__isnull=True)


def demo_precautionary_matters_at_every_stage(institution, today):
    matters = Matter.objects.for_institution(institution)
    stages = set(matters.values_list("stage", flat=True))
    assert set(Matter.Stage.values) <= stages, stages
    measures = Measure.objects.for_institution(institution)
    decisions = Decision.objects.for_institution(institution)
    # Decided after representations, and urgently without them (the reason recorded).
    assert decisions.filter(status="decided", representations_received_on__isnull=False)
    assert any(d.skip_reason for d in decisions.filter(status="decided")
               .exclude(skipped_because=""))
    assert decisions.filter(status="representations", representations_due__gt=today)
    assert measures.filter(status=Measure.Status.ACTIVE)
    # A review coming due within the fortnight, on a matter in force.
    reviews_due = [d for m in matters.filter(stage=Matter.Stage.IN_FORCE)
                   for d in deadlines_for(institution=institution, subject=m)
                   if d.rule == REVIEW and d.is_open]
    assert any(d.due_date - today <= dt.timedelta(days=14) for d in reviews_due)
    # Every measure in force has its next review open (none missed by the demo's history).
    for matter in matters.filter(stage=Matter.Stage.IN_FORCE):
        assert [d for d in deadlines_for(institution=institution, subject=matter)
                if d.rule == REVIEW and d.is_open], matter
    assert Share.objects.for_institution(institution).filter(recipient_kind="security")
    # The demo's group logins have real work, as chair and as member.
    group = MatterMember.objects.for_institution(institution).filter(
        user__email=f"precautionary-group@{institution.slug}.example", ended_at__isnull=True,
        matter__stage__in=[Matter.Stage.REFERRED, Matter.Stage.ASSESSED,
                           Matter.Stage.PROPOSED, Matter.Stage.IN_FORCE])
    assert {MatterRole.CHAIR, MatterRole.MEMBER} <= set(group.values_list("role", flat=True))
    assert MembershipRole.objects.for_institution(institution).filter(
        role="security", membership__user__email=f"security@{institution.slug}.example")
    # Taken up from a report's request for a risk assessment, with no case yet (§19).
    assert matters.filter(origin_request__isnull=False, case__isnull=True,
                          report__isnull=False)
    if institution.slug == "kingsway":
        assert Appeal.objects.for_institution(institution).filter(
            status=Appeal.Status.UNDER_REVIEW, is_late=False, window_due__gte=today
            - dt.timedelta(days=7))
        assert measures.filter(status=Measure.Status.LIFTED)
        assert measures.filter(status=Measure.Status.REPLACED)
        assert not matters.filter(opened_by__isnull=True)
    else:
        # Every conduct case was referred to the Cause for Concern group automatically.
        cases = Case.objects.for_institution(institution)
        assert matters.filter(opened_by__isnull=True, case__isnull=False).count() \
            == cases.count()
        nco = measures.filter(status=Measure.Status.ACTIVE,
                              measure_type__code="non_contact_order")
        assert nco.filter(protected__isnull=False)
        teo = matters.filter(measures__status=Measure.Status.ACTIVE,
                             measures__measure_type__code="temporary_exclusion_order")
        assert Review.objects.for_institution(institution).filter(
            matter__in=teo, held_on__isnull=True, kind=Review.Kind.MATERIAL_CHANGE)
        assert Breach.objects.for_institution(institution).filter(kind=Breach.Kind.BREACH)


def test_seed_demo_prints_the_group_and_security_logins(db):
    with time_machine.travel(dt.datetime(2026, 11, 16, 9), tick=False):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for slug in ("kingsway", "midshire"):
        for login in (f"precautionary-group@{slug}.example",
                      f"precautionary-member@{slug}.example", f"security@{slug}.example"):
            assert login in printed
            assert login in readme


def test_midshire_demo_case_pages_speak_004_not_002(client):
    """Issue 13 item 6: every Midshire demo case page (decision, delays, alumni, timeline,
    investigation link) cites 004's sections, never 002's paragraphs or its Board's name."""
    from accounts.models import User

    with time_machine.travel(dt.datetime(2026, 12, 4, 9), tick=False):
        call_command("seed_demo", verbosity=0)
        midshire = Institution.objects.get(slug="midshire")
        client.force_login(User.objects.get(email="decision-maker@midshire.example"))
        pages = 0
        for case in Case.objects.for_institution(midshire):
            response = client.get(f"/midshire/staff/cases/{case.pk}/")
            assert response.status_code == 200, case.reference
            text = response.content.decode()
            assert "§" not in text, case.reference
            assert "Board of Discipline" not in text, case.reference
            pages += 1
        assert pages >= 15
