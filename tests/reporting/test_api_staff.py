"""The staff Report + Support API: the queue, a report, one endpoint per casework service, and
the need-to-know walls (same institution without a grant, the other institution)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.permissions import grant_object_access
from accounts.roles import Role
from audit.models import AccessEvent
from cases.models import Case
from reporting.models import Report, ReportEvidence
from reporting.services.casework import message_send, report_assign, report_set_tags
from reporting.services.submission import report_submit

from ..conftest import api_as
from ..factories import staff
from .conftest import named, submission

pytestmark = pytest.mark.django_db

BASE = "/api/v1/kingsway/reports/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def new_report(institution, data=None, files=()) -> Report:
    return report_submit(institution=institution, data=data or submission(),
                         files=files).report


@pytest.fixture
def named_report(kingsway):
    return new_report(kingsway, named())


@pytest.fixture
def granted(kingsway, named_report):
    """A decision maker the report was shared with: need-to-know, but no identity custodian."""
    user = staff(kingsway, Role.DECISION_MAKER, email="dm@kingsway.test")
    grant_object_access(user=user, obj=named_report, perm="reporting.support_report")
    return user


def escalation_body(**overrides):
    body = {
        "consent_given_on": timezone.localdate().isoformat(),
        "respondent": {"student_id": "20230042", "given_name": "Jo", "family_name": "Bloggs"},
        "allegations": [{"misconduct_type": "24.6", "category": "harassment",
                         "severity": "minor", "description": "Unwanted messages"}],
        "summary": "Repeated unwanted messages in Block C after being asked to stop.",
    }
    body.update(overrides)
    return body


# -- the queue ---------------------------------------------------------------------------------
def test_caseworker_queue_with_filters(kingsway, caseworker, caseworker2, named_report):
    anonymous = new_report(kingsway)
    report_assign(report=named_report, actor=caseworker, assignee=caseworker2)
    report_set_tags(report=anonymous, actor=caseworker, labels=["hall"])
    client = api_as(caseworker)

    page = client.get(BASE).json()
    assert page["count"] == 2
    rows = {row["reference"]: row for row in page["results"]}
    assert rows[named_report.reference]["reporter"] == "Sam Reporter"  # custodian
    assert rows[named_report.reference]["assignee"]["id"] == caseworker2.pk
    assert rows[anonymous.reference]["reporter"] == anonymous.pseudonym
    assert rows[anonymous.reference]["next_due"] is not None
    assert rows[anonymous.reference]["tags"] == ["hall"]

    def refs(**params):
        return [r["reference"] for r in client.get(BASE, params).json()["results"]]

    assert refs(status="assigned") == [named_report.reference]
    assert refs(assignee=caseworker2.pk) == [named_report.reference]
    assert refs(tag="hall") == [anonymous.reference]
    assert refs(search=anonymous.reference[-4:]) == [anonymous.reference]
    assert refs(awaiting_staff="true") == []
    bad = client.get(BASE, {"status": "lost"})
    assert bad.status_code == 400
    assert "status" in bad.json()["errors"]


def test_queue_queries_do_not_grow_with_the_page(kingsway, caseworker, caseworker2,
                                                 django_assert_max_num_queries):
    def make(n):
        for index in range(n):
            report = new_report(kingsway, named() if index % 2 else None)
            report_assign(report=report, actor=caseworker, assignee=caseworker2)
            report_set_tags(report=report, actor=caseworker, labels=["hall", f"t{index % 3}"])

    client = api_as(caseworker)
    make(5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(BASE).json()["count"] == 5
    assert len(five) <= 12
    make(25)
    with django_assert_max_num_queries(len(five)):
        page = client.get(BASE).json()
    assert page["count"] == 30
    assert len(page["results"]) == 25


def test_safe_contact_sees_an_empty_queue_and_404_on_a_report(kingsway, bystander,
                                                               named_report):
    client = api_as(bystander)
    assert client.get(BASE).json()["count"] == 0
    response = client.get(f"{BASE}{named_report.pk}/")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found.",
                               "errors": {}}
    assert client.get(f"{BASE}999999/").json() == response.json()  # same as missing
    assert client.post(f"{BASE}{named_report.pk}/notes/", {"body": "x"},
                       format="json").status_code == 404


def test_other_institution_caseworker_sees_nothing(kingsway, outsider, named_report):
    client = api_as(outsider)
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}{named_report.pk}/").status_code == 404
    assert client.post(f"{BASE}{named_report.pk}/close/", {"reason": "x"},
                       format="json").status_code == 404
    # nor through their own institution's URL
    assert client.get(f"/api/v1/midshire/reports/{named_report.pk}/").status_code == 404


def test_not_signed_in_is_refused(kingsway, named_report):
    assert APIClient().get(BASE).status_code in (401, 403)


# -- one report ----------------------------------------------------------------------------------
def test_granted_non_custodian_sees_the_pseudonym_not_the_contact(kingsway, granted,
                                                                  named_report):
    client = api_as(granted)
    response = client.get(f"{BASE}{named_report.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["reporter"] == named_report.pseudonym
    assert body["identity"] is None
    content = response.content.decode()
    assert "sam@student.test" not in content
    assert "Sam Reporter" not in content
    row = client.get(BASE).json()["results"][0]
    assert row["reporter"] == named_report.pseudonym
    # need-to-know, but not a caseworker: the services refuse the casework
    refused = client.post(f"{BASE}{named_report.pk}/notes/", {"body": "x"}, format="json")
    assert refused.status_code == 403
    assert "can do this" in refused.json()["detail"]


def test_caseworker_detail_has_identity_deadlines_flags_and_evidence(kingsway, caseworker,
                                                                     named_report):
    earlier = new_report(kingsway, files=[SimpleUploadedFile("chat.pdf", PDF)])
    message_send(report=named_report, actor=caseworker, body="Hello Sam")
    response = api_as(caseworker).get(f"{BASE}{named_report.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["reporter"] == "Sam Reporter"
    assert body["identity"]["contact_email"] == "sam@student.test"
    assert body["narrative"].startswith("He kept sending")
    assert body["wants"] == ["support"]
    assert [d["rule"] for d in body["deadlines"]] == ["support_first_contact"]
    assert body["deadlines"][0]["status"] == "met"  # the message was the first contact
    assert body["messages"][0]["author"]["id"] == caseworker.pk
    assert body["repeat_respondent_flags"] == [
        {"kind": "report", "id": earlier.pk, "reference": earlier.reference}]
    assert body["involved"][0]["student_id"] == "20230042"
    assert body["case"] is None
    assert AccessEvent.objects.for_institution(kingsway).filter(
        object_type="reporting.report", object_id=str(named_report.pk)).exists()

    other = api_as(caseworker).get(f"{BASE}{earlier.pk}/").json()
    assert other["identity"] is None  # anonymous: there is none
    evidence = other["evidence"][0]
    assert evidence["name"] == "chat.pdf"
    assert evidence["size"] == len(PDF)
    assert evidence["download_url"].endswith(
        f"/reports/{earlier.pk}/evidence/{evidence['id']}/download/")


def test_evidence_download_is_decrypted_and_audited(kingsway, caseworker, bystander, outsider):
    report = new_report(kingsway, files=[SimpleUploadedFile("chat log.pdf", PDF)])
    evidence = ReportEvidence.objects.for_institution(kingsway).get(report=report)
    url = f"{BASE}{report.pk}/evidence/{evidence.pk}/download/"
    response = api_as(caseworker).get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "chat log.pdf" in response["Content-Disposition"]
    event = AccessEvent.objects.for_institution(kingsway).get(
        object_type="reporting.reportevidence", object_id=str(evidence.pk))
    assert event.actor_id == caseworker.pk
    assert event.what == "report evidence download"
    assert api_as(bystander).get(url).status_code == 404
    assert api_as(outsider).get(url).status_code == 404
    missing = api_as(caseworker).get(f"{BASE}{report.pk}/evidence/999999/download/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


# -- casework actions ------------------------------------------------------------------------
def test_casework_actions_call_the_services(kingsway, caseworker, caseworker2, named_report):
    client = api_as(caseworker)
    url = f"{BASE}{named_report.pk}/"

    assigned = client.post(url + "assign/", {"assignee": caseworker2.pk}, format="json")
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "assigned"
    assert assigned.json()["assignee"]["id"] == caseworker2.pk
    assert client.post(url + "assign/", {"assignee": 999999}, format="json").json()[
        "errors"] == {"assignee": ["Choose a member of staff of this institution."]}

    status = client.post(url + "status/", {"status": "awaiting_reporter"}, format="json")
    assert status.json()["status"] == "awaiting_reporter"
    wrong = client.post(url + "status/", {"status": "closed"}, format="json")
    assert wrong.status_code == 400
    assert "status" in wrong.json()["errors"]

    tags = client.post(url + "tags/", {"labels": ["hall", "online"]}, format="json")
    assert sorted(tags.json()["tags"]) == ["hall", "online"]

    appointment = client.post(url + "appointments/", {
        "mode": "online", "date": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "status": "offered"}, format="json")
    assert appointment.status_code == 201, appointment.content
    assert appointment.json()["recorded_by"]["id"] == caseworker.pk

    action = client.post(url + "support-actions/", {"kind": "mitigating",
                                                     "detail": "Extension for essay"},
                         format="json")
    assert action.status_code == 201
    assert action.json()["kind"] == "mitigating"
    assert client.post(url + "support-actions/", {"kind": "magic"},
                       format="json").json()["errors"] == {
        "kind": ["Choose the kind of support."]}

    message = client.post(url + "messages/", {"body": "Would Tuesday suit?"}, format="json")
    assert message.status_code == 201
    assert message.json()["channel"] == "email"  # the reporter's preferred way
    assert client.post(url + "messages/", {}, format="json").json()["errors"] == {
        "body": ["Write the message."]}

    note = client.post(url + "notes/", {"body": "Reporter prefers afternoons."},
                       format="json")
    assert note.status_code == 201
    assert note.json()["author"]["id"] == caseworker.pk

    risk = client.post(url + "refer-risk/", {"reason": "Threats of violence"}, format="json")
    assert risk.status_code == 201
    assert risk.json()["status"] == "open"

    detail = client.get(url).json()
    assert len(detail["appointments"]) == len(detail["support_actions"]) == 1
    assert len(detail["notes"]) == len(detail["risk_assessment_requests"]) == 1

    closed = client.post(url + "close/", {"reason": "Support complete"}, format="json")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    again = client.post(url + "close/", {"reason": "Again"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "transition_refused"
    assert "closed" in again.json()["detail"]


def test_an_anonymous_reporter_cannot_be_offered_an_appointment(kingsway, caseworker):
    report = new_report(kingsway)
    response = api_as(caseworker).post(f"{BASE}{report.pk}/appointments/", {
        "mode": "online", "date": timezone.localdate().isoformat()}, format="json")
    assert response.status_code == 409
    assert "anonymous" in response.json()["detail"]


def test_hr_referral_only_for_a_report_about_staff(kingsway, caseworker, named_report):
    client = api_as(caseworker)
    refused = client.post(f"{BASE}{named_report.pk}/refer-hr/", {"note": "To HR"},
                          format="json")
    assert refused.status_code == 409
    assert "member of staff" in refused.json()["detail"]
    about_staff = new_report(kingsway, named(involved=[
        {"name": "Dr Smith", "email": "smith@kingsway.test", "role": "staff"}]))
    referred = client.post(f"{BASE}{about_staff.pk}/refer-hr/",
                           {"note": "Passed to HR business partner"}, format="json")
    assert referred.status_code == 200, referred.content
    assert referred.json()["status"] == "closed"
    about_staff.refresh_from_db()
    assert about_staff.hr_referred_on == timezone.localdate()


def test_escalation_opens_a_case_linked_both_ways(kingsway, caseworker, named_report):
    response = api_as(caseworker).post(f"{BASE}{named_report.pk}/escalate/",
                                       escalation_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.for_institution(kingsway).get(pk=body["case"]["id"])
    assert body["case"]["reference"] == case.reference
    assert case.source_report_id == named_report.pk
    named_report.refresh_from_db()
    assert named_report.case_id == case.pk
    assert named_report.status == Report.Status.ESCALATED
    assert body["report"]["status"] == "escalated"
    assert body["report"]["case_id"] == case.pk
    detail = api_as(caseworker).get(f"{BASE}{named_report.pk}/").json()
    assert detail["case"] == {"id": case.pk, "reference": case.reference}


def test_escalation_refused_without_consent(kingsway, caseworker, named_report):
    client = api_as(caseworker)
    response = client.post(f"{BASE}{named_report.pk}/escalate/",
                           escalation_body(consent_given_on=None), format="json")
    assert response.status_code == 400
    assert "consent_given_on" in response.json()["errors"]
    anonymous = new_report(kingsway)
    response = client.post(f"{BASE}{anonymous.pk}/escalate/", escalation_body(),
                           format="json")
    # Not a fault in the body: the report cannot be escalated while anonymous (the policy's
    # refusal, 409, which available_actions left out).
    assert response.status_code == 409
    assert "anonymous" in response.json()["detail"]
    incomplete = client.post(f"{BASE}{named_report.pk}/escalate/",
                             escalation_body(respondent={"student_id": ""}), format="json")
    assert incomplete.status_code == 400
    assert "respondent.student_id" in incomplete.json()["errors"]
    assert not Case.objects.for_institution(kingsway).exists()
    named_report.refresh_from_db()
    assert named_report.case_id is None
    assert named_report.status == Report.Status.NEW


def test_evidence_file_names_are_neutral_for_non_custodians(kingsway, caseworker):
    """A file's name can carry the reporter's name: only identity custodians see it."""
    report = report_submit(institution=kingsway, data=named(), files=[SimpleUploadedFile(
        "sam-taylor-statement.txt", b"what happened", content_type="text/plain")]).report
    other = staff(kingsway, Role.DECISION_MAKER, email="dm-files@kingsway.test")
    grant_object_access(user=other, obj=report, perm="reporting.support_report")
    url = f"/api/v1/kingsway/reports/{report.pk}/"

    custodian_view = api_as(caseworker).get(url).json()["evidence"][0]
    other_view = api_as(other).get(url).json()["evidence"][0]
    assert custodian_view["name"] == "sam-taylor-statement.txt"
    assert "sam" not in other_view["name"].lower()
    download = api_as(other).get(other_view["download_url"])
    assert "sam" not in download["Content-Disposition"].lower()
