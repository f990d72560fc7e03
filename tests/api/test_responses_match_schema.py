"""Real responses validate against the OpenAPI schema the API publishes (GET /api/schema/):
the queues, the detail views and the errors, checked with openapi-core, so a value the schema
does not list (the queue's ``deadline_status`` did) or an undocumented error shape fails."""

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_schema_validator import OAS30Validator
from rest_framework.test import APIClient

from cases.selectors import DeadlineStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(db) -> dict:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def openapi(schema) -> OpenAPI:
    return OpenAPI.from_dict(schema)


def check(openapi: OpenAPI, response) -> None:
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request),
                              DjangoOpenAPIResponse(response))


def test_the_queue_deadline_status_lists_every_value_the_api_returns(schema):
    components = schema["components"]["schemas"]
    ref = components["CaseSummary"]["properties"]["deadline_status"]["$ref"]
    enum = components[ref.rsplit("/", 1)[1]]["enum"]
    assert set(enum) == {value for value, _ in DeadlineStatus.CHOICES}
    # and a Deadline's own status keeps its own enum
    deadline_ref = components["CaseDeadline"]["properties"]["status"]["$ref"]
    assert deadline_ref != ref


def test_every_operation_documents_the_error_format(schema):
    error = {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {
        "status", "code", "detail", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            default = operation["responses"]["default"]
            assert default["content"]["application/json"]["schema"] == error, (method, path)
            if path.startswith("/api/v1/") and "/public/" not in path:
                assert "401" in operation["responses"], (method, path)


def test_queue_and_detail_responses_match_the_schema(openapi, kingsway, actor, case, report):
    client = APIClient()
    client.force_authenticate(actor)
    for path in ["/api/v1/kingsway/cases/", f"/api/v1/kingsway/cases/{case.pk}/",
                 "/api/v1/kingsway/reports/", f"/api/v1/kingsway/reports/{report.pk}/",
                 "/api/v1/kingsway/me/", "/api/v1/kingsway/procedure/"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        check(openapi, response)
    statuses = {row["deadline_status"] for row in client.get(
        "/api/v1/kingsway/cases/").json()["results"]}
    assert statuses  # the case is in the queue, with a status the schema just accepted


def test_transition_responses_match_the_schema(openapi, kingsway, actor, case, report):
    client = APIClient()
    client.force_authenticate(actor)
    response = client.post(f"/api/v1/kingsway/reports/{report.pk}/appointments/",
                           {"mode": "online", "date": "2026-11-10"}, format="json")
    assert response.status_code == 201, response.content
    check(openapi, response)
    response = client.post(f"/api/v1/kingsway/cases/{case.pk}/intake-decision/",
                           {"route": "formal", "reasons": "Needs investigating"}, format="json")
    assert response.status_code == 200, response.content
    check(openapi, response)


def test_error_responses_match_the_schema(openapi, kingsway, actor, case, report):
    client = APIClient()
    client.force_authenticate(actor)
    samples = [
        (client.post(f"/api/v1/kingsway/reports/{report.pk}/appointments/", {},
                     format="json"), 400),
        (client.get("/api/v1/kingsway/cases/", {"deadline_status": "late"}), 400),
        (client.get("/api/v1/kingsway/cases/999999/"), 404),
        (APIClient().get("/api/v1/kingsway/reports/"), 401),
        (client.post(f"/api/v1/kingsway/cases/{case.pk}/resume/", {}, format="json"), 409),
    ]
    for response, status in samples:
        assert response.status_code == status, (status, response.content[:300])
        check(openapi, response)


def test_an_undocumented_method_still_answers_the_documented_error(schema, kingsway, actor):
    client = APIClient()
    client.force_authenticate(actor)
    response = client.delete("/api/v1/kingsway/cases/")
    assert response.status_code == 405
    error = {**schema["components"]["schemas"]["Error"], "additionalProperties": False}
    OAS30Validator(error).validate(response.json())
