"""Who may reach the training records: the training administrator (and the institution
admin) of the institution in the URL. Anyone else there is refused (403, as every staff page
and endpoint of the app refuses a role); another institution's records are not found (404),
and a member of another institution finds nothing at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from training.services.imports import import_upload
from training.services.modules import campaign_create, module_create
from training.services.sessions import session_create

from ..api.test_write_endpoints_refuse_junk import (
    api_routes,
    assert_error_format,
    concrete,
    field_names,
    junk_bodies,
)
from ..conftest import api_as
from ..factories import staff
from .conftest import csv_bytes, learner, module

pytestmark = pytest.mark.django_db

PAGES = ["", "modules/", "modules/new/", "campaigns/", "campaigns/new/", "roster/",
         "roster/new/", "imports/", "imports/new/", "sessions/", "sessions/new/"]
API = ["modules/", "campaigns/", "learners/", "sessions/", "imports/", "import-mapping/"]


@pytest.fixture
def records(kingsway, admin_k):
    """One of every Kingsway record that has its own page."""
    m = module(kingsway, "consent-ed-2")
    return {
        "module": m,
        "campaign": campaign_create(institution=kingsway, actor=admin_k, module=m,
                                    name="Workshops 2026", opens_on=dt.date(2026, 10, 1),
                                    deadline=dt.date(2026, 12, 1)),
        "learner": learner(kingsway, "someone@students.test"),
        "session": session_create(institution=kingsway, actor=admin_k, module=m,
                                  held_on=dt.date(2026, 10, 20), location="R", facilitator="F"),
        "run": import_upload(institution=kingsway, actor=admin_k, filename="x.csv",
                             data=csv_bytes([["Email", "Completed"], ["a@b.test", "x"]])),
    }


def record_pages(r) -> list[str]:
    return [f"modules/{r['module'].pk}/", f"campaigns/{r['campaign'].pk}/",
            f"roster/{r['learner'].pk}/", f"roster/{r['learner'].pk}/completions/new/",
            f"sessions/{r['session'].pk}/", f"sessions/{r['session'].pk}/edit/",
            f"imports/{r['run'].pk}/", f"imports/{r['run'].pk}/progress/",
            f"imports/{r['run'].pk}/errors.csv"]


def record_api(r) -> list[str]:
    return [f"modules/{r['module'].pk}/", f"campaigns/{r['campaign'].pk}/",
            f"learners/{r['learner'].pk}/", f"sessions/{r['session'].pk}/",
            f"imports/{r['run'].pk}/", f"imports/{r['run'].pk}/errors/",
            f"imports/{r['run'].pk}/errors.csv"]


def test_the_training_administrator_reaches_every_page(client, kingsway, admin_k, records):
    client.force_login(admin_k)
    for path in PAGES + record_pages(records):
        assert client.get(f"/kingsway/staff/training/{path}").status_code == 200, path
    dashboard = client.get("/kingsway/staff/")
    assert 'href="/kingsway/staff/training/"' in dashboard.text


def test_an_institution_admin_may_manage_training_too(client, kingsway, records):
    admin = staff(kingsway, Role.INSTITUTION_ADMIN, email="inst-admin@kingsway.test")
    client.force_login(admin)
    assert client.get("/kingsway/staff/training/roster/").status_code == 200
    assert api_as(admin).get("/api/v1/kingsway/training/modules/").status_code == 200


def test_another_role_is_refused_every_page_and_endpoint_a_record_as_if_missing(
        client, kingsway, caseworker_k, records):
    """403 on the lists and forms; 404 on a record's pages, the answer for a record that
    does not exist (accounts.permissions.refuse)."""
    client.force_login(caseworker_k)
    for path in PAGES:
        assert client.get(f"/kingsway/staff/training/{path}").status_code == 403, path
    for path in record_pages(records):
        assert client.get(f"/kingsway/staff/training/{path}").status_code == 404, path
    assert 'href="/kingsway/staff/training/"' not in client.get("/kingsway/staff/").text
    api = api_as(caseworker_k)
    for path in API:
        response = api.get(f"/api/v1/kingsway/training/{path}")
        assert response.status_code == 403, path
    for path in record_api(records):
        response = api.get(f"/api/v1/kingsway/training/{path}")
        assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found.",
                                   "errors": {}}, path
    created = api.post("/api/v1/kingsway/training/learners/",
                       {"kind": "student", "email": "x@y.test"}, format="json")
    assert created.status_code == 403


def test_the_services_refuse_another_role_too(kingsway, caseworker_k):
    with pytest.raises(PermissionDenied, match="Only a Training administrator or an "
                                               "Institution admin"):
        module_create(institution=kingsway, actor=caseworker_k, key="x", title="X",
                      audience="all_staff", delivery="online")


def test_another_institutions_records_are_not_found(client, kingsway, midshire, admin_m,
                                                    records):
    """Midshire's training administrator, in Midshire's URLs, asks for Kingsway's ids."""
    client.force_login(admin_m)
    for path in record_pages(records):
        assert client.get(f"/midshire/staff/training/{path}").status_code == 404, path
    api = api_as(admin_m)
    for path in record_api(records):
        assert api.get(f"/api/v1/midshire/training/{path}").status_code == 404, path
    patched = api.patch(f"/api/v1/midshire/training/modules/{records['module'].pk}/",
                        {"title": "Mine now"}, format="json")
    assert patched.status_code == 404
    # A Kingsway module named in a Midshire body is a field error, not a way in.
    response = api.post("/api/v1/midshire/training/campaigns/", {
        "module_id": records["module"].pk, "name": "X", "opens_on": "2026-10-01",
        "deadline": "2026-10-02"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["module_id"]


def test_a_member_of_another_institution_finds_nothing_there(client, kingsway, admin_m,
                                                             records):
    client.force_login(admin_m)
    for path in PAGES[:3] + record_pages(records)[:2]:
        assert client.get(f"/kingsway/staff/training/{path}").status_code == 404, path
    assert api_as(admin_m).get("/api/v1/kingsway/training/modules/").status_code == 404


TRAINING_WRITES = sorted(
    (route, method) for route, view_class in api_routes() if "/training/" in route
    for method in ("post", "put", "patch") if hasattr(view_class, method))


def test_the_training_write_routes_are_found():
    assert len(TRAINING_WRITES) >= 14


@pytest.mark.parametrize(("route", "method"), TRAINING_WRITES)
def test_junk_bodies_are_refused_in_the_error_format(route, method, kingsway, admin_k, records):
    """As tests/api does for every endpoint, but as the training administrator, so the junk
    reaches the serializers and the services."""
    ids = {"institution_slug": "kingsway", "module_id": records["module"].pk,
           "campaign_id": records["campaign"].pk, "learner_id": records["learner"].pk,
           "session_id": records["session"].pk, "run_id": records["run"].pk}
    path = concrete(route, ids)
    client = api_as(admin_k)
    client.raise_request_exception = False
    for label, body, content_type in junk_bodies(field_names(route, method)):
        response = getattr(client, method)(path, body, content_type=content_type)
        assert_error_format(response, f"{method.upper()} {path} with {label}")


def test_api_400_names_each_field(kingsway, admin_k):
    response = api_as(admin_k).post("/api/v1/kingsway/training/learners/", {
        "kind": "visitor", "email": "not an email", "year_of_study": 0}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"kind", "email", "year_of_study"}


TRAINING_READS = sorted(route for route, view_class in api_routes()
                        if "/training/" in route and hasattr(view_class, "get"))


@pytest.mark.parametrize("route", TRAINING_READS)
def test_junk_query_parameters_are_refused_in_the_error_format(route, kingsway, admin_k,
                                                               records):
    from ..api.test_write_endpoints_refuse_junk import JUNK_QUERIES

    ids = {"institution_slug": "kingsway", "module_id": records["module"].pk,
           "campaign_id": records["campaign"].pk, "learner_id": records["learner"].pk,
           "session_id": records["session"].pk, "run_id": records["run"].pk}
    path = concrete(route, ids)
    client = api_as(admin_k)
    client.raise_request_exception = False
    for query in [*JUNK_QUERIES, {"module": "zz"}, {"module": str(10**30)},
                  {"kind": "visitor"}]:
        assert_error_format(client.get(path, query), f"GET {path} ? {query}")
