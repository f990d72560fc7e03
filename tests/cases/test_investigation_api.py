"""The investigation file through the API (§28, §39-44): field errors as 400, need-to-know as
404, case material only for those in a disciplinary role on the case."""

import pytest
from rest_framework.test import APIClient

from cases.models import CaseRole, Party
from cases.services.common import assign

from .rules_support import at, midshire, on, to_investigation

pytestmark = pytest.mark.django_db
__all__ = ["midshire"]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def path(case, action=""):
    return f"/api/v1/{case.institution.slug}/cases/{case.pk}/{action}"


@pytest.fixture
def case(kingsway, ks):
    with at("2026-11-03"):
        return to_investigation(kingsway, ks)


def test_meeting_without_the_right_to_be_accompanied_answers_400_with_field_errors(case, ks):
    with at("2026-11-06"):
        response = api(ks.investigator).post(path(case, "investigation/meetings/"), {
            "interviewee": "respondent", "held_on": "2026-11-05", "companion": "friend",
            "companion_role": "representative"}, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert set(errors) == {"told_of_right_to_be_accompanied", "representation_reason"}


def test_junk_in_the_report_answers_400(case, ks):
    with at("2026-11-06"):
        response = api(ks.investigator).post(path(case, "investigation/reports/"), {
            "summary": "", "findings": "F", "statements": ["x"]}, format="json")
    assert response.status_code == 400
    assert "statements.0" in response.json()["errors"]


def test_the_investigation_file_through_the_api(case, ks, django_capture_on_commit_callbacks):
    investigator = api(ks.investigator)
    reporter = Party.objects.for_institution(case.institution_id).get(case=case)
    with on("2026-11-06", django_capture_on_commit_callbacks):
        notice = investigator.post(path(case, "allegation-notice/"), {
            "particulars": "Repeated abusive messages (§24.6).", "respond_by": "2026-11-20"},
            format="json")
        assert notice.status_code == 201, notice.content
        assert [x["kind"] for x in notice.json()["letters"]] == ["allegation_notice"]
        meeting = investigator.post(path(case, "investigation/meetings/"), {
            "interviewee": "reporting_party", "party": reporter.pk, "held_on": "2026-11-05",
            "companion": "caseworker", "notes": "Account of the messages."}, format="json")
        assert meeting.status_code == 201, meeting.content
        meeting_id = meeting.json()["meeting"]["id"]
        statement = investigator.post(path(case, "investigation/statements/"), {
            "meeting": meeting_id, "taken_on": "2026-11-05", "text": "They messaged me daily."},
            format="json")
        assert statement.status_code == 201, statement.content
        statement_id = statement.json()["statement"]["id"]
        assert statement.json()["statement"]["agreement"] == "pending"
        agreed = investigator.post(
            path(case, f"investigation/statements/{statement_id}/agreement/"),
            {"agreement": "agreed", "on": "2026-11-06", "how": "Signed"}, format="json")
        assert agreed.status_code == 200, agreed.content
        request = investigator.post(path(case, "investigation/evidence-requests/"), {
            "what": "Screenshots", "from_whom": "Sam Reporter", "requested_on": "2026-11-06"},
            format="json")
        assert request.status_code == 201, request.content
        report = investigator.post(path(case, "investigation/reports/"), {
            "summary": "Summary", "findings": "Findings", "statements": [statement_id]},
            format="json")
        assert report.status_code == 201, report.content
    file = investigator.get(path(case, "investigation/")).json()
    assert file["may_read"] is True
    assert file["statements"][0]["text"] == "They messaged me daily."
    assert file["meetings"][0]["notes"] == "Account of the messages."
    assert file["reports"][0]["version"] == 1
    assert file["reports"][0]["statements"] == [statement_id]
    assert len(file["notices"]) == 1

    # A support caseworker on the case sees the file's shape, not what was said.
    with at("2026-11-07"):
        assign(case=case, user=ks.caseworker, role=CaseRole.CASEWORKER, by=ks.secretary)
    seen = api(ks.caseworker).get(path(case, "investigation/")).json()
    assert seen["may_read"] is False
    assert seen["statements"][0]["text"] is None
    assert seen["meetings"][0]["notes"] is None
    assert seen["reports"][0]["summary"] is None
    # ... and may not add to it.
    with at("2026-11-07"):
        refused = api(ks.caseworker).post(path(case, "investigation/evidence-requests/"), {
            "what": "x", "from_whom": "y", "requested_on": "2026-11-07"}, format="json")
    assert refused.status_code == 403


def test_submitted_report_has_no_edit_endpoint(case, ks):
    with at("2026-11-06"):
        response = api(ks.investigator).post(path(case, "investigation/reports/"), {
            "summary": "S", "findings": "F"}, format="json")
        assert response.status_code == 201
        for method in ("put", "patch", "delete"):
            answer = getattr(api(ks.investigator), method)(
                path(case, "investigation/reports/"), {"summary": "changed"}, format="json")
            assert answer.status_code == 405


def test_another_institutions_case_is_404(case, ms, midshire):
    client = api(ms.secretary)
    for action in ("investigation/", "investigation/meetings/", "investigation/reports/",
                   "allegation-notice/"):
        method = client.get if action == "investigation/" else client.post
        assert method(path(case, action), {}, format="json").status_code == 404, action
        assert method(f"/api/v1/midshire/cases/{case.pk}/{action}", {},
                      format="json").status_code == 404, action


@pytest.mark.parametrize("who", ["bystander", "clerk", "reviewer", "caseworker"])
def test_unassigned_staff_get_404(case, ks, who):
    client = api(getattr(ks, who))
    assert client.get(path(case, "investigation/")).status_code == 404
    with at("2026-11-06"):
        response = client.post(path(case, "investigation/meetings/"), {
            "interviewee": "respondent", "held_on": "2026-11-05",
            "told_of_right_to_be_accompanied": True}, format="json")
    assert response.status_code == 404


def test_schema_names_the_investigation_components(db):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in ("InvestigationFile", "InvestigationMeeting", "InvestigationMeetingInputRequest",
                 "InvestigationStatement", "InvestigatorReport", "AllegationNoticeInputRequest"):
        assert name in components, name
    assert "/api/v1/{institution_slug}/cases/{case_id}/investigation/" in schema["paths"]
