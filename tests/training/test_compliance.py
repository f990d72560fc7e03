"""Training compliance (issue 11 §10): who has met each module, by module, campaign, department
and cohort, counted from the roster and the module's audience in the database.

The fixtures here (a small roster in each demo shape) are shared with the other compliance and
opt-out test modules, which import them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from accounts.models import Membership
from accounts.roles import Role
from reporting.services.setup import reporting_defaults_apply
from tests.factories import staff
from training.catalogue import training_catalogue_apply
from training.compliance import (
    Filters,
    Scope,
    campaigns_progress,
    compliance_counts,
    modules_progress,
    outstanding,
    scope_progress,
    scope_progress_by,
)
from training.models import Campaign, Completion, Learner, Module
from training.services.completions import completion_record
from training.services.roster import learner_for_membership

pytestmark = pytest.mark.django_db

#: The fixtures the other compliance and opt-out modules share (``import *`` gives only these).
__all__ = ["_frozen_clock", "kingsway_roster", "kingsway_training_admin", "midshire_roster",
           "openapi", "training_admin"]

#: A Monday while Midshire's Bystander and Consent campaign runs (15 Sept to 20 Oct 2026).
NOW = dt.datetime(2026, 10, 5, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
S, ST = Learner.Kind.STUDENT, Learner.Kind.STAFF


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        cache.clear()
        yield
        cache.clear()


def learner(institution, email, *, kind=S, department="", cohort="", year=None, active=True,
            name=""):
    return Learner.objects.create(
        institution=institution, kind=kind, email=email, full_name=name or email.split("@")[0],
        department=department, cohort=cohort, year_of_study=year, is_active=active,
        external_id=f"ID{abs(hash(email)) % 10**8:08d}")


def complete(person, module, on, source=Completion.Source.IMPORT):
    return completion_record(learner=person, module=module, completed_on=on, source=source)[0]


def module_of(institution, key) -> Module:
    return Module.objects.for_institution(institution).get(key=key)


@pytest.fixture
def kingsway_roster(kingsway):
    training_catalogue_apply(institution=kingsway, shape="002")
    reporting_defaults_apply(institution=kingsway)
    return kingsway


@pytest.fixture
def midshire_roster(midshire):
    """Midshire's first-year students in three departments, with every status."""
    training_catalogue_apply(institution=midshire, shape="004")
    reporting_defaults_apply(institution=midshire)
    module = module_of(midshire, "bystander-consent")
    people = {
        "law_done": learner(midshire, "law1@midshire.test", department="Law", cohort="2026",
                            year=1, name="Ada Law"),
        "law_exempt": learner(midshire, "law2@midshire.test", department="Law",
                              cohort="2026", year=1, name="Bea Law"),
        "law_out": learner(midshire, "law3@midshire.test", department="Law", cohort="2026",
                           year=1, name="Cal Law"),
        "hist_a": learner(midshire, "hist1@midshire.test", department="History",
                          cohort="2026", year=1, name="Dee History"),
        "hist_b": learner(midshire, "hist2@midshire.test", department="History",
                          cohort="2026", year=1, name="Eve History"),
        "nodept": learner(midshire, "nodept@midshire.test", cohort="2026", year=1,
                          name="Fay Nodept"),
        "second_year": learner(midshire, "phys1@midshire.test", department="Physics",
                               cohort="2025", year=2, name="Gus Physics"),
        "left": learner(midshire, "left@midshire.test", department="Law", cohort="2026",
                        year=1, active=False, name="Hal Left"),
    }
    complete(people["law_done"], module, dt.date(2026, 9, 20))
    complete(people["law_exempt"], module, dt.date(2026, 9, 22), Completion.Source.EXEMPTION)
    complete(people["hist_a"], module, dt.date(2026, 9, 25))
    complete(people["hist_b"], module, dt.date(2026, 9, 26), Completion.Source.REGISTER)
    complete(people["second_year"], module, dt.date(2025, 10, 1))
    complete(people["left"], module, dt.date(2026, 9, 21))
    campaign = Campaign.objects.create(
        institution=midshire, module=module, name="Bystander and Consent 2026",
        opens_on=dt.date(2026, 9, 15), deadline=dt.date(2026, 10, 20), cohort="2026")
    return {"institution": midshire, "module": module, "campaign": campaign, **people}


@pytest.fixture(scope="module")
def openapi(django_db_blocker) -> OpenAPI:
    """The published schema, to check the API's answers against."""
    with django_db_blocker.unblock():
        schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    return OpenAPI.from_dict(schema)


def check(openapi, response) -> None:
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request),
                              DjangoOpenAPIResponse(response))


@pytest.fixture
def training_admin(midshire):
    return staff(midshire, Role.TRAINING_ADMIN, email="training@midshire.test")


@pytest.fixture
def kingsway_training_admin(kingsway):
    return staff(kingsway, Role.TRAINING_ADMIN, email="training@kingsway.test")


# -- the numbers -----------------------------------------------------------------------------
def test_compliance_by_department_counts(midshire_roster):
    r = midshire_roster
    scope = Scope.of_module(r["module"], TODAY)
    total = scope_progress(scope)
    # First-year students only, the one who left the roster not counted.
    assert (total.total, total.completed, total.exempt, total.outstanding) == (6, 3, 1, 2)
    by_department = {d: (p.total, p.completed, p.exempt, p.outstanding)
                     for d, p in scope_progress_by(scope, "department")}
    assert by_department == {"Law": (3, 1, 1, 1), "History": (2, 2, 0, 0), "": (1, 0, 0, 1)}
    by_cohort = {c: (p.total, p.met) for c, p in scope_progress_by(scope, "cohort")}
    assert by_cohort == {"2026": (6, 4)}


def test_outstanding_lists_who_has_not_met_it_by_name(midshire_roster):
    scope = Scope.of_module(midshire_roster["module"], TODAY)
    assert [x.email for x in outstanding(scope)] == ["law3@midshire.test",
                                                      "nodept@midshire.test"]
    assert [x.email for x in outstanding(scope, Filters(department=""))] == [
        "nodept@midshire.test"]


def test_a_completion_counts_only_while_in_force(kingsway_roster):
    kingsway = kingsway_roster
    user = staff(kingsway, Role.INVESTIGATOR, email="inv@kingsway.test")
    member = Membership.objects.for_institution(kingsway).get(user=user)
    module = module_of(kingsway, "investigations-adjudications-decision-making")
    complete(learner_for_membership(membership=member), module, dt.date(2023, 10, 1))
    # Three years' validity: in force to 30 September 2026.
    assert scope_progress(Scope.of_module(module, dt.date(2026, 9, 30))).completed == 1
    later = scope_progress(Scope.of_module(module, dt.date(2026, 10, 1)))
    assert (later.total, later.completed, later.outstanding) == (1, 0, 1)
    # Not yet done on a day before the completion.
    assert scope_progress(Scope.of_module(module, dt.date(2023, 9, 30))).completed == 0


def test_audiences_of_staff_modules(kingsway_roster):
    kingsway = kingsway_roster
    investigator = staff(kingsway, Role.INVESTIGATOR, email="inv@kingsway.test")
    safe_contact = staff(kingsway, Role.SAFE_CONTACT, email="sc@kingsway.test")
    clerk = staff(kingsway, Role.CLERK, email="clerk@kingsway.test")
    for user in (investigator, safe_contact, clerk):
        learner_for_membership(membership=Membership.objects.for_institution(kingsway)
                               .get(user=user))
    learner(kingsway, "student@kingsway.test", year=1)
    Membership.objects.for_institution(kingsway).filter(user=clerk).update(is_active=False)
    totals = {m.key: p.total for m, p in modules_progress(institution=kingsway, on=TODAY)}
    assert totals["staff-harassment-sexual-misconduct"] == 3  # all staff on the roster
    # Disciplinary roles: the investigator (the clerk's membership has ended).
    assert totals["investigations-adjudications-decision-making"] == 1
    assert totals["safe-contact-induction"] == 1  # holders of the safe_contact role
    assert totals["consent-ed-1"] == 1  # all students


def test_a_campaign_counts_what_was_done_by_its_deadline_in_its_cohort(midshire_roster):
    r = midshire_roster
    module, campaign = r["module"], r["campaign"]
    late = learner(r["institution"], "late@midshire.test", department="Law", cohort="2026",
                   year=1)
    complete(late, module, dt.date(2026, 10, 21))  # the day after the deadline
    progress = scope_progress(Scope.of_campaign(campaign))
    assert (progress.total, progress.completed, progress.exempt) == (7, 3, 1)
    # On 22 October the module itself counts it.
    assert scope_progress(Scope.of_module(module, dt.date(2026, 10, 22))).completed == 4


def test_the_overviews_agree_with_each_scope(midshire_roster, kingsway_roster):
    r = midshire_roster
    module = r["module"]
    last_year = Campaign.objects.create(
        institution=r["institution"], module=module, name="Bystander and Consent 2025",
        opens_on=dt.date(2025, 9, 15), deadline=dt.date(2025, 10, 20), cohort="2025")
    no_cohort = Campaign.objects.create(
        institution=r["institution"], module=module, name="Catch-up", cohort="",
        opens_on=dt.date(2026, 9, 1), deadline=dt.date(2026, 9, 23))
    campaigns = [r["campaign"], last_year, no_cohort]
    found = {c.pk: p for c, p in campaigns_progress(institution=r["institution"],
                                                    campaigns=campaigns)}
    for campaign in campaigns:
        assert found[campaign.pk] == scope_progress(Scope.of_campaign(campaign)), campaign
    assert (found[last_year.pk].total, found[last_year.pk].completed) == (1, 1)
    assert (found[no_cohort.pk].total, found[no_cohort.pk].met) == (6, 2)
    for institution in (r["institution"], kingsway_roster):
        for module, progress in modules_progress(institution=institution, on=TODAY):
            assert progress == scope_progress(Scope.of_module(module, TODAY)), module.key


def test_aggregate_counts_for_insights_name_nobody(midshire_roster):
    counts = {row["module"]: row for row in compliance_counts(
        institution=midshire_roster["institution"], on=TODAY)}
    row = counts["bystander-consent"]
    assert {k: row[k] for k in ("total", "completed", "exempt", "outstanding")} == {
        "total": 6, "completed": 3, "exempt": 1, "outstanding": 2}
    assert row["met_percent"] == 66.7
    assert not any("@" in str(value) for row in counts.values() for value in row.values())


def test_the_numbers_cost_the_same_queries_for_any_roster(midshire_roster,
                                                          django_assert_num_queries):
    r = midshire_roster
    scope = Scope.of_module(r["module"], TODAY)

    def measure():
        with django_assert_num_queries(1):
            scope_progress(scope)
        with django_assert_num_queries(1):
            scope_progress_by(scope, "department")
        with django_assert_num_queries(3):
            modules_progress(institution=r["institution"], on=TODAY)
        campaigns = list(Campaign.objects.for_institution(r["institution"])
                         .select_related("module"))
        with django_assert_num_queries(2):
            campaigns_progress(institution=r["institution"], campaigns=campaigns)

    measure()
    for n in range(40):
        person = learner(r["institution"], f"more{n}@midshire.test",
                         department=f"Dept {n % 7}", cohort="2026", year=1)
        if n % 3 == 0:
            complete(person, r["module"], dt.date(2026, 9, 30))
    Campaign.objects.create(institution=r["institution"], module=r["module"], name="Another",
                            opens_on=dt.date(2026, 9, 1), deadline=dt.date(2026, 12, 1))
    measure()
