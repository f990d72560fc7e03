"""What the schema fuzzing (test_api_schema.py) found, each pinned by the rule it broke: the API
answers no 500 to a request its schema allows, and every answer is the one the schema
documents."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(db) -> dict:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def _response_schema(schema: dict, path: str, method: str = "get") -> dict:
    return schema["paths"][path][method]["responses"]["200"]["content"]


def test_an_opt_out_support_request_with_only_its_ticket_is_answered_not_a_server_error(
        kingsway):
    # The schema marks every field but the ticket optional; leaving them out was a TypeError.
    response = APIClient().post("/api/v1/kingsway/training/public/opt-out/support/",
                                {"ticket": "forged:1:2"}, format="json")
    assert response.status_code == 410, response.content
    assert response.json()["code"]


def test_the_risk_request_queue_is_documented_as_the_page_it_answers(schema):
    body = _response_schema(schema, "/api/v1/{institution_slug}/precautionary/risk-requests/")
    ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(_component(schema, ref)["properties"]) == {"count", "next", "previous",
                                                          "results"}


@pytest.mark.parametrize(("component", "field"), [
    ("MatterLetter", "download"),  # a letter not issued, or a caller who may not read it
    ("CaseLetter", "download"),  # a draft letter
    ("RiskRequest", "contact_details"),  # no consent to be contacted
])
def test_a_field_the_api_answers_null_is_documented_nullable(schema, component, field):
    documented = _component(schema, component)["properties"][field]
    assert documented.get("nullable") is True or "null" in documented.get("type", []), documented


def test_the_action_plan_export_documents_the_types_it_answers(schema):
    body = _response_schema(
        schema, "/api/v1/{institution_slug}/governance/action-plans/{plan_id}/export.{fmt}")
    assert set(body) == {"text/csv",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
