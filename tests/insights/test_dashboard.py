"""The staff insights dashboard (issue 12 item 6): who may see it, raw counts on screen marked
where publication hides them, the export suppressed, the API, and queries that do not grow
with the reports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.roles import Role
from insights.services.settings import insights_settings_set

from ..factories import staff
from .conftest import many_reports, submit

TODAY = dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC)  # five weeks into the autumn term
URL = "/kingsway/staff/insights/"
API = "/api/v1/kingsway/insights/dashboard/"


@pytest.fixture
def publisher(kingsway):
    return staff(kingsway, Role.INSIGHTS_PUBLISHER, email="insights@kingsway.test")


@pytest.fixture
def figures(kingsway):
    """This term so far: 12 in halls, 3 online (5 October); the spring term, to the same
    day of term: 9 in halls, and one more in halls after that day (not compared)."""
    many_reports(kingsway, 12, dt.date(2026, 10, 5))
    many_reports(kingsway, 3, dt.date(2026, 10, 5), location="online")
    many_reports(kingsway, 9, dt.date(2026, 5, 1))
    many_reports(kingsway, 1, dt.date(2026, 6, 20))


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_insights_publisher_sees_this_term_so_far_against_the_previous_term_to_the_same_day(
        client, publisher, figures, clock):
    client.force_login(publisher)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Autumn term 2026 so far" in page
    assert "Spring term 2026, same point" in page
    board = response.context["board"]
    assert board.comparison.end == dt.date(2026, 6, 1)  # 35 days into each term
    location = next(t for t in response.context["tables"]
                    if t["raw"].key == "reports_by_location")
    assert dict(location["raw"].rows)["Hall of residence or student accommodation"] == [12, 9]
    assert "<svg" in page
    assert 'role="img"' in page


def test_on_screen_the_counts_are_raw_and_marked_where_publication_hides_them(
        client, publisher, figures, clock):
    client.force_login(publisher)
    response = client.get(URL)
    location = next(t for t in response.context["tables"]
                    if t["raw"].key == "reports_by_location")
    online = dict(location["rows"])["Online or on social media"]
    assert online[0].value == 3
    assert online[0].hidden == "small"
    assert "hidden when published" in response.content.decode()


def test_the_export_is_suppressed_as_a_published_report(client, publisher, figures, clock):
    client.force_login(publisher)
    response = client.get(URL + "export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    online = [r for r in rows if r["Table"] == "Where it happened"
              and r["Row"] == "Online or on social media" and r["Column"].startswith("Autumn")]
    assert online == [{**online[0], "Count": "fewer than 5", "Hidden": "small"}]
    assert not any(r["Count"] in ("1", "2", "3", "4") for r in rows)


def test_the_export_uses_the_institutions_threshold(client, kingsway, publisher, figures,
                                                    clock):
    admin = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    insights_settings_set(institution=kingsway, actor=admin, threshold=10)
    client.force_login(publisher)
    body = client.get(URL + "export.csv").content.decode()
    assert "fewer than 10" in body
    assert "fewer than 5" not in body


def test_the_institution_admin_sees_the_dashboard(client, kingsway, clock):
    client.force_login(staff(kingsway, Role.INSTITUTION_ADMIN))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", [Role.SUPPORT_CASEWORKER, Role.DECISION_MAKER,
                                  Role.SAFE_CONTACT])
def test_a_member_of_staff_without_the_role_is_refused(client, kingsway, role, clock):
    client.force_login(staff(kingsway, role))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export.csv").status_code == 403


def test_another_institutions_insights_publisher_gets_404(client, kingsway, midshire, clock):
    client.force_login(staff(midshire, Role.INSIGHTS_PUBLISHER))
    assert client.get(URL).status_code == 404
    assert client.get(URL + "export.csv").status_code == 404


def test_the_dashboard_link_is_shown_to_the_insights_publisher_only(client, kingsway,
                                                                    publisher, clock):
    client.force_login(publisher)
    assert URL in client.get("/kingsway/staff/").content.decode()
    client.force_login(staff(kingsway, Role.SUPPORT_CASEWORKER))
    assert URL not in client.get("/kingsway/staff/").content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_queries_do_not_grow_with_the_reports(client, kingsway, publisher,
                                                            clock):
    client.force_login(publisher)
    submit(kingsway, dt.date(2026, 10, 1), anonymous=False)
    few_page, few_api = _queries(client, URL), None
    api = APIClient()
    api.force_authenticate(publisher)
    with CaptureQueriesContext(connection) as ctx:
        api.get(API)
    few_api = len(ctx.captured_queries)
    many_reports(kingsway, 300, dt.date(2026, 10, 7), location="online")
    many_reports(kingsway, 200, dt.date(2026, 5, 7), location="nightlife")
    for day in (dt.date(2026, 10, 2), dt.date(2026, 10, 9)):
        submit(kingsway, day, anonymous=False, location="department")
    assert _queries(client, URL) == few_page
    with CaptureQueriesContext(connection) as ctx:
        api.get(API)
    assert len(ctx.captured_queries) == few_api
    assert few_page <= 40


# -- the API -------------------------------------------------------------------------------------
def test_api_dashboard_gives_raw_counts_marked_where_publication_hides_them(
        publisher, figures, clock):
    api = APIClient()
    api.force_authenticate(publisher)
    response = api.get(API)
    assert response.status_code == 200
    data = response.json()
    assert data["period"]["label"] == "Autumn term 2026 so far"
    assert data["comparison"]["end"] == "2026-06-01"
    location = next(t for t in data["tables"] if t["key"] == "reports_by_location")
    online = next(r for r in location["rows"] if r["label"] == "Online or on social media")
    assert online["values"][0] == {"value": 3, "hidden": "small"}


def test_api_published_figures_are_suppressed(publisher, figures, clock):
    api = APIClient()
    api.force_authenticate(publisher)
    data = api.get(API + "published/").json()
    assert data["threshold"] == 5
    location = next(t for t in data["tables"] if t["key"] == "reports_by_location")
    online = dict(map(tuple, location["rows"]))["Online or on social media"]
    assert online[0] == {"value": None, "hidden": "small", "shown": "fewer than 5"}


def test_api_refuses_a_member_without_the_role_and_hides_from_another_institution(
        kingsway, midshire, clock):
    api = APIClient()
    api.force_authenticate(staff(kingsway, Role.SUPPORT_CASEWORKER))
    assert api.get(API).status_code == 403
    api.force_authenticate(staff(midshire, Role.INSIGHTS_PUBLISHER))
    assert api.get(API).status_code == 404
    assert api.get(API + "published/").status_code == 404


@pytest.mark.django_db
def test_both_demo_institutions_show_their_dashboard_and_export(client):
    from django.core.management import call_command

    from accounts.models import User

    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", verbosity=0)
        for slug in ("kingsway", "midshire"):
            client.force_login(User.objects.get(email=f"insights-publisher@{slug}.example"))
            page = client.get(f"/{slug}/staff/insights/")
            assert page.status_code == 200
            assert "High-risk areas" in page.content.decode()
            assert client.get(f"/{slug}/staff/insights/export.csv").status_code == 200
