"""Every Report + Support endpoint is in the OpenAPI schema with its request and response."""

import collections

import pytest
from rest_framework.test import APIClient

PREFIX = "/api/v1/{institution_slug}/"
REPORT = PREFIX + "reports/{report_id}/"
ACTIONS = {
    "assign/": ("reports_assign", "200"), "status/": ("reports_set_status", "200"),
    "tags/": ("reports_set_tags", "200"),
    "appointments/": ("reports_appointment_record", "201"),
    "support-actions/": ("reports_support_action_record", "201"),
    "messages/": ("reports_message_send", "201"), "notes/": ("reports_note_add", "201"),
    "refer-hr/": ("reports_refer_hr", "200"), "refer-risk/": ("reports_refer_risk", "201"),
    "escalate/": ("reports_escalate", "201"), "close/": ("reports_close", "200"),
}
PUBLIC_POSTS = ["public/reports/", "public/follow-up/", "public/follow-up/reply/",
                "public/follow-up/files/", "public/follow-up/identity/"]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_has_request_response_and_errors(schema, action):
    operation = schema["paths"][REPORT + action]["post"]
    operation_id, success = ACTIONS[action]
    assert operation["operationId"] == operation_id
    assert "application/json" in operation["requestBody"]["content"]
    assert {success, "400", "403", "404", "409"} <= set(operation["responses"])
    assert operation["description"]  # the service's docstring


def test_queue_detail_and_download_are_described(schema):
    paths = schema["paths"]
    queue = paths[PREFIX + "reports/"]["get"]
    assert {p["name"] for p in queue["parameters"]} >= {
        "status", "assignee", "tag", "awaiting_staff", "search", "page"}
    detail = paths[REPORT]["get"]["responses"]["200"]["content"]["application/json"]
    component = detail["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][component]["properties"]
    assert {"identity", "repeat_respondent_flags", "deadlines", "messages", "notes",
            "appointments", "evidence", "case"} <= set(fields)
    download = paths[REPORT + "evidence/{evidence_id}/download/"]["get"]
    assert download["operationId"] == "reports_evidence_download"
    assert "application/octet-stream" in download["responses"]["200"]["content"]


def test_public_endpoints_need_no_authentication(schema):
    paths = schema["paths"]
    for path in PUBLIC_POSTS:
        operation = paths[PREFIX + path]["post"]
        assert operation["security"] == [{}], path  # no authentication
        assert {"400", "429"} <= set(operation["responses"]), path
    for path in ("public/categories/", "public/support-services/"):
        assert paths[PREFIX + path]["get"]["security"] == [{}]
    assert paths[PREFIX + "reports/"]["get"]["security"] != [{}]
    submit = paths[PREFIX + "public/reports/"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(submit["requestBody"]["content"])
    assert "201" in submit["responses"]
    follow_up = paths[PREFIX + "public/follow-up/"]["post"]
    assert {"404", "429"} <= set(follow_up["responses"])
    assert any(p["name"] == "X-Client-Token" and p["in"] == "header"
               for p in follow_up["parameters"])


def test_operation_ids_are_unique(schema):
    ids = [operation["operationId"] for path in schema["paths"].values()
           for operation in path.values() if isinstance(operation, dict)
           and "operationId" in operation]
    duplicates = [i for i, n in collections.Counter(ids).items() if n > 1]
    assert duplicates == []
