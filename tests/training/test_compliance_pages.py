"""The compliance pages and exports: training administrators only, in both demo shapes,
paginated, a constant number of queries whatever the roster's size."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from audit.models import AccessEvent
from tests.factories import staff
from training.models import Campaign

from .test_compliance import *  # noqa: F403 - the shared fixtures
from .test_compliance import complete, learner

pytestmark = pytest.mark.django_db


def url(name, slug="midshire", **kwargs):
    return reverse(f"staff:training_compliance:{name}",
                   kwargs={"institution_slug": slug, **kwargs})


@pytest.fixture
def admin_client(client, training_admin):
    client.force_login(training_admin)
    return client


def test_the_overview_shows_every_module_and_campaign_with_its_progress(midshire_roster,
                                                                         admin_client):
    response = admin_client.get(url("overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bystander and Consent training" in html
    assert "Bystander and Consent 2026" in html
    assert 'class="tc-bar"' in html
    assert "3 completed, 1 met by exemption, 2 outstanding, of 6" in html


def test_kingsway_has_its_own_modules(kingsway_roster, kingsway_training_admin, client):
    learner(kingsway_roster, "s1@kingsway.test", department="Economics", year=1)
    client.force_login(kingsway_training_admin)
    response = client.get(url("overview", "kingsway"))
    assert response.status_code == 200
    assert "Consent.Ed Level 1" in response.content.decode()


def test_an_institution_admin_sees_compliance_too(midshire_roster, client):
    client.force_login(staff(midshire_roster["institution"], Role.INSTITUTION_ADMIN,
                             email="admin@midshire.test"))
    assert client.get(url("overview")).status_code == 200


def test_wrong_role_refused_403_on_the_overview_404_on_a_module(midshire_roster, client):
    """A module's pages answer the refused role as for a module that does not exist."""
    client.force_login(staff(midshire_roster["institution"], Role.SUPPORT_CASEWORKER,
                             email="cw@midshire.test"))
    module = midshire_roster["module"].pk
    assert client.get(url("overview")).status_code == 403
    for path in (url("module", module_id=module),
                 url("module_outstanding", module_id=module),
                 url("module_export", module_id=module, what="status", fmt="csv"),
                 url("opt_out_links", module_id=module)):
        assert client.get(path).status_code == 404, path


def test_other_institution_404(midshire_roster, kingsway_training_admin, client):
    client.force_login(kingsway_training_admin)
    module, campaign = midshire_roster["module"].pk, midshire_roster["campaign"].pk
    # The other institution's pages, and its rows through one's own institution's pages.
    assert client.get(url("overview")).status_code == 404
    for slug in ("midshire", "kingsway"):
        for path in (url("module", slug, module_id=module),
                     url("campaign", slug, campaign_id=campaign),
                     url("module_outstanding", slug, module_id=module),
                     url("campaign_export", slug, campaign_id=campaign, what="outstanding",
                         fmt="xlsx"),
                     url("opt_out_links", slug, module_id=module)):
            assert client.get(path).status_code == 404, path


def test_module_page_by_department_and_cohort(midshire_roster, admin_client):
    module = midshire_roster["module"].pk
    response = admin_client.get(url("module", module_id=module), {"on": "2026-10-05"})
    assert response.status_code == 200
    by_department = {value: (p.total, p.completed, p.exempt, p.outstanding)
                     for value, p in response.context["by_department"]}
    assert by_department == {"Law": (3, 1, 1, 1), "History": (2, 2, 0, 0), "": (1, 0, 0, 1)}
    filtered = admin_client.get(url("module", module_id=module), {"department": "Law"})
    assert filtered.context["progress"].total == 3
    blank = admin_client.get(url("module", module_id=module), {"department": "(none)"})
    assert blank.context["progress"].total == 1


def test_a_wrong_day_is_named_and_today_is_used(midshire_roster, admin_client):
    response = admin_client.get(url("module", module_id=midshire_roster["module"].pk),
                                {"on": "31/02/2026"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
    assert response.context["scope"].on == dt.date(2026, 10, 5)


def test_campaign_page_and_outstanding_list(midshire_roster, admin_client):
    campaign = midshire_roster["campaign"].pk
    assert admin_client.get(url("campaign", campaign_id=campaign)).status_code == 200
    response = admin_client.get(url("campaign_outstanding", campaign_id=campaign))
    assert response.status_code == 200
    assert [x.email for x in response.context["page"]] == ["law3@midshire.test",
                                                           "nodept@midshire.test"]


def test_the_outstanding_list_is_paginated_in_constant_queries(midshire_roster, admin_client,
                                                               django_assert_max_num_queries):
    r = midshire_roster
    path = url("module_outstanding", module_id=r["module"].pk)
    with django_assert_max_num_queries(12) as small:
        assert admin_client.get(path).status_code == 200
    for n in range(120):
        learner(r["institution"], f"more{n:03d}@midshire.test", department=f"D{n % 9}",
                cohort="2026", year=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin_client.get(path, {"page": "2"})
    assert response.context["page"].paginator.count == 122
    assert len(response.context["page"].object_list) == 50


def test_the_dashboards_cost_the_same_queries_for_any_roster(midshire_roster, admin_client,
                                                             django_assert_max_num_queries):
    r = midshire_roster
    pages = [url("overview"), url("module", module_id=r["module"].pk),
             url("campaign", campaign_id=r["campaign"].pk)]
    counts = []
    for path in pages:
        with django_assert_max_num_queries(15) as queries:
            assert admin_client.get(path).status_code == 200
        counts.append(len(queries.captured_queries))
    for n in range(60):
        person = learner(r["institution"], f"big{n:03d}@midshire.test", department=f"D{n % 11}",
                         cohort=f"20{20 + n % 7}", year=1 + n % 3)
        if n % 2:
            complete(person, r["module"], dt.date(2026, 9, 30))
    for n in range(5):
        Campaign.objects.create(institution=r["institution"], module=r["module"],
                                name=f"Campaign {n}", opens_on=dt.date(2026, 1, 1 + n),
                                deadline=dt.date(2026, 12, 1), cohort=f"20{20 + n}")
    for path, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert admin_client.get(path).status_code == 200


# -- exports ----------------------------------------------------------------------------------
def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_exports_of_outstanding_and_status(midshire_roster, admin_client):
    module = midshire_roster["module"].pk
    response = admin_client.get(url("module_export", module_id=module, what="outstanding",
                                    fmt="csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv(response)
    assert rows[0][:2] == ["Name", "Email"]
    assert [row[1] for row in rows[1:]] == ["law3@midshire.test", "nodept@midshire.test"]
    status = {row[1]: (row[7], row[8]) for row in _csv(admin_client.get(
        url("module_export", module_id=module, what="status", fmt="csv")))[1:]}
    assert status["law1@midshire.test"] == ("Completed", "2026-09-20")
    assert status["law2@midshire.test"] == ("Met by exemption", "")
    assert status["law3@midshire.test"] == ("Outstanding", "")
    assert AccessEvent.objects.for_institution(midshire_roster["institution"]).filter(
        what__startswith="training compliance").count() == 2


def test_xlsx_export_of_a_campaign(midshire_roster, admin_client):
    response = admin_client.get(url("campaign_export", campaign_id=midshire_roster["campaign"].pk,
                                    what="status", fmt="xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][7] == "Status"
    assert {row[1]: row[7] for row in rows[1:]}["law2@midshire.test"] == "Met by exemption"


def test_a_name_is_never_read_as_a_formula(midshire_roster, admin_client):
    learner(midshire_roster["institution"], "formula@midshire.test", name="=HYPERLINK(1)",
            cohort="2026", year=1)
    rows = _csv(admin_client.get(url("module_export", module_id=midshire_roster["module"].pk,
                                     what="outstanding", fmt="csv")))
    assert ["'=HYPERLINK(1)", "formula@midshire.test"] in [row[:2] for row in rows]


def test_unknown_export_is_a_404(midshire_roster, admin_client):
    module = midshire_roster["module"].pk
    assert admin_client.get(url("module_export", module_id=module, what="everything",
                                fmt="csv")).status_code == 404
    assert admin_client.get(url("module_export", module_id=module, what="status",
                                fmt="pdf")).status_code == 404


def test_exports_cost_the_same_queries_for_any_roster(midshire_roster, admin_client,
                                                      django_assert_max_num_queries):
    r = midshire_roster
    paths = [url("module_export", module_id=r["module"].pk, what=what, fmt=fmt)
             for what in ("outstanding", "status") for fmt in ("csv", "xlsx")]

    def read(path):
        response = admin_client.get(path)
        assert response.status_code == 200
        return b"".join(response.streaming_content) if response.streaming else response.content

    counts = []
    for path in paths:
        with django_assert_max_num_queries(12) as queries:
            read(path)
        counts.append(len(queries.captured_queries))
    for n in range(80):
        person = learner(r["institution"], f"x{n:03d}@midshire.test", cohort="2026", year=1)
        if n % 4 == 0:
            complete(person, r["module"], dt.date(2026, 9, 29))
    for path, count in zip(paths, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert read(path).count(b"@midshire.test") or path.endswith("xlsx")
