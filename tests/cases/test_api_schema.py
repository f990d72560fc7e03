"""Every case endpoint is in the OpenAPI schema with its request and response."""

from collections import Counter

import pytest

pytestmark = pytest.mark.django_db

BASE = "/api/v1/{institution_slug}/cases/"
CASE = BASE + "{case_id}/"
TRANSITIONS = {
    "intake-decision/": ("IntakeDecisionRequest", "200", "CaseSummary"),
    "assign/": ("CaseAssignRequest", "201", "CaseAssignmentResponse"),
    "unassign/": ("CaseUnassignRequest", "200", "CaseSummary"),
    "informal-outcome/": ("InformalOutcomeRequest", "201", "CaseOutcomeResponse"),
    "refer-to-formal/": ("CaseReasonRequest", "200", "CaseSummary"),
    "formal-decision/": ("FormalDecisionRequest", "201", "CaseOutcomeResponse"),
    "board-notice/": ("BoardNoticeInputRequest", "201", "BoardNoticeResponse"),
    "board-objection/": ("BoardObjectionInputRequest", "201", "BoardObjectionResponse"),
    "board-objection-decision/": ("ObjectionDecisionRequest", "200", "BoardObjectionResponse"),
    "board-hearing/": ("BoardHearingInputRequest", "200", "BoardHearingResponse"),
    "board-decision/": ("BoardDecisionRequest", "201", "CaseOutcomeResponse"),
    "appeals/": ("AppealLodgeRequest", "201", "CaseAppealResponse"),
    "appeals/{appeal_id}/late-decision/": ("LateDecisionRequest", "200", "CaseAppealResponse"),
    "appeals/{appeal_id}/decision/": ("AppealDecisionRequest", "201", "CaseOutcomeResponse"),
    "close-no-appeal/": (None, "200", "CaseSummary"),
    "completion-letter/": (None, "201", "CaseLettersResponse"),
    "pause/": ("PauseInputRequest", "201", "CasePauseResponse"),
    "resume/": ("CaseResumeRequest", "200", "CaseSummary"),
    "extend-deadline/": ("CaseExtendDeadlineRequest", "200", "CaseDeadlineResponse"),
    "letters/{letter_id}/correct/": ("CaseReasonRequest", "201", "CaseLettersResponse"),
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def ref(content: dict, media: str = "application/json") -> str:
    return content[media]["schema"]["$ref"].rsplit("/", 1)[1]


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_transition_has_request_response_and_errors(schema, action):
    request, code, response = TRANSITIONS[action]
    operation = schema["paths"][CASE + action]["post"]
    if request is None:
        assert "requestBody" not in operation
    else:
        assert ref(operation["requestBody"]["content"]) == request
    assert ref(operation["responses"][code]["content"]) == response
    assert {"400", "403", "404", "409"} <= set(operation["responses"])
    assert operation["description"]  # the service's own account of its rules
    assert {p["name"] for p in operation["parameters"]} >= {"institution_slug", "case_id"}


def test_queue_open_detail_and_files_are_described(schema):
    paths = schema["paths"]
    queue = paths[BASE]["get"]
    assert {p["name"] for p in queue["parameters"]} == {
        "institution_slug", "stage", "assignee", "cohort", "deadline_status", "search", "page",
        "export"}
    assert ref(queue["responses"]["200"]["content"]) == "CaseQueuePage"
    assert ref(paths[BASE]["post"]["requestBody"]["content"]) == "CaseOpenRequest"
    assert ref(paths[CASE]["get"]["responses"]["200"]["content"]) == "CaseDetail"
    upload = paths[CASE + "evidence/"]["post"]
    assert ref(upload["requestBody"]["content"], "multipart/form-data") == \
        "CaseEvidenceUploadRequest"
    assert paths[CASE + "evidence/"]["get"]["responses"]["200"]
    pdf = paths[CASE + "letters/{letter_id}/download/"]["get"]["responses"]["200"]["content"]
    assert pdf["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
    assert "200" in paths[CASE + "evidence/{doc_id}/download/"]["get"]["responses"]
    assert "200" in paths[CASE + "letters/"]["get"]["responses"]


def test_operation_ids_are_unique(schema):
    ids = Counter(op["operationId"] for path in schema["paths"].values()
                  for op in path.values() if isinstance(op, dict) and "operationId" in op)
    assert [name for name, count in ids.items() if count > 1] == []
    assert {"cases_queue", "cases_open", "cases_retrieve", "cases_board_decision",
            "cases_letter_download"} <= set(ids)
