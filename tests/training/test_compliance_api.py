"""The compliance API: the same numbers, lists and files as the pages, for training
administrators only; its answers match the published schema."""

from __future__ import annotations

import csv
import io

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from tests.factories import staff

from .test_compliance import *  # noqa: F403 - the shared fixtures
from .test_compliance import check, learner

pytestmark = pytest.mark.django_db

BASE = "/api/v1/midshire/training/"


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api_admin(training_admin):
    return as_user(training_admin)


def test_modules_on_a_day(midshire_roster, api_admin, openapi):
    response = api_admin.get(BASE + "compliance/", {"on": "2026-10-05"})
    assert response.status_code == 200
    check(openapi, response)
    rows = {row["module"]["key"]: row["progress"] for row in response.json()["modules"]}
    assert rows["bystander-consent"] == {"total": 6, "completed": 3, "exempt": 1,
                                         "outstanding": 2, "met_percent": 66.7}


def test_campaigns_and_one_campaign_by_department(midshire_roster, api_admin, openapi):
    response = api_admin.get(BASE + "compliance/campaigns/")
    assert response.status_code == 200
    check(openapi, response)
    assert response.json()["results"][0]["campaign"]["name"] == "Bystander and Consent 2026"
    one = api_admin.get(BASE + f"compliance/campaigns/{midshire_roster['campaign'].pk}/")
    assert one.status_code == 200
    check(openapi, one)
    body = one.json()
    assert body["on"] == "2026-10-20"
    by_department = {row["value"]: row["progress"]["outstanding"]
                     for row in body["by_department"]}
    assert by_department == {"Law": 1, "History": 0, "": 1}


def test_outstanding_and_statuses_are_paginated(midshire_roster, api_admin, openapi,
                                               django_assert_max_num_queries):
    module = midshire_roster["module"].pk
    path = BASE + f"compliance/modules/{module}/learners/"
    with django_assert_max_num_queries(10) as small:
        response = api_admin.get(path)
    check(openapi, response)
    statuses = {row["email"]: row["status"] for row in response.json()["results"]}
    assert statuses["law2@midshire.test"] == "met_by_exemption"
    assert statuses["law1@midshire.test"] == "completed"
    for n in range(70):
        learner(midshire_roster["institution"], f"more{n:03d}@midshire.test", cohort="2026",
                year=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = api_admin.get(BASE + f"compliance/modules/{module}/outstanding/",
                                 {"page": 2, "department": "(none)"})
    assert response.status_code == 200
    check(openapi, response)
    assert response.json()["count"] == 71


def test_the_export_through_the_api(midshire_roster, api_admin):
    module = midshire_roster["module"].pk
    response = api_admin.get(BASE + f"compliance/modules/{module}/export/status.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row[1]: row[7] for row in csv.reader(io.StringIO(body))}
    assert rows["law2@midshire.test"] == "Met by exemption"
    assert api_admin.get(BASE + f"compliance/modules/{module}/export/all.csv").status_code \
        == 404


def test_wrong_role_refused_and_other_institution_404(midshire_roster, kingsway_roster,
                                                      kingsway_training_admin):
    module = midshire_roster["module"].pk
    caseworker = as_user(staff(midshire_roster["institution"], Role.SUPPORT_CASEWORKER,
                               email="cw@midshire.test"))
    assert caseworker.get(BASE + "compliance/").status_code == 403
    assert caseworker.post(BASE + "opt-out-links/", {"module": module, "delivery": "email"},
                           format="json").status_code == 403
    other = as_user(kingsway_training_admin)
    assert other.get(BASE + "compliance/").status_code == 404
    assert other.get(f"/api/v1/kingsway/training/compliance/modules/{module}/").status_code \
        == 404
    response = other.post("/api/v1/kingsway/training/opt-out-links/",
                          {"module": module, "delivery": "links"}, format="json")
    assert response.status_code == 404


def test_a_wrong_day_is_a_field_error(midshire_roster, api_admin):
    response = api_admin.get(BASE + "compliance/", {"on": "2026-02-30"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"on"}
