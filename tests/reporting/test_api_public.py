"""The public Report + Support API: submitting with no account, and coming back by receipt."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from audit.anonymous import audit_seal_anonymous
from audit.models import AuditEvent
from institutions.models import Deadline
from institutions.procedure import Rule
from reporting.models import Report, ReportCategory, ReportEvidence
from reporting.services.casework import message_send, note_add, report_close

from .conftest import named, submission

pytestmark = pytest.mark.django_db

BASE = "/api/v1/kingsway/public/"
RECEIPT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BROWSER = {"HTTP_USER_AGENT": "SecretBrowser/9.9", "REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters live in the cache (Redis when REDIS_URL is set)
    yield
    cache.clear()


def submit(client=None, data=None, slug="kingsway", **extra):
    client = client or APIClient()
    return client.post(f"/api/v1/{slug}/public/reports/", data or submission(),
                       format="json", **BROWSER, **extra)


def follow_up(receipt, path="", client=None, headers=None, **data):
    client = client or APIClient()
    return client.post(f"{BASE}follow-up/{path}", {"receipt": receipt, **data}, format="json",
                       headers=headers or {}, **BROWSER)


def text_columns(table: str, where: str, params) -> list[str]:
    """Every value of every column of the matching rows, as text (raw SQL: what a copy of the
    database would show)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {where}", params)  # noqa: S608
        return [str(value) for row in cursor.fetchall() for value in row]


# -- reference lists ---------------------------------------------------------------------------
def test_categories_and_support_services_need_no_account(kingsway, midshire):
    ReportCategory.objects.for_institution(kingsway).filter(code="spiking").update(
        is_active=False)
    response = APIClient().get(f"{BASE}categories/")
    assert response.status_code == 200
    codes = [c["code"] for c in response.json()]
    assert "harassment" in codes
    assert "spiking" not in codes
    assert set(response.json()[0]) == {"code", "label", "hint"}
    services = APIClient().get(f"{BASE}support-services/").json()
    names = [s["name"] for s in services]
    assert "Samaritans" in names
    assert "The Havens" in names  # Kingsway's, not Midshire's
    assert "Standing Together team" not in names


def test_unknown_institution_is_404_in_the_api_format(kingsway):
    response = APIClient().get("/api/v1/nowhere/public/categories/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# -- submitting --------------------------------------------------------------------------------
def test_anonymous_submission_gives_a_receipt_once_and_keeps_no_ip(kingsway):
    response = submit()
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"reference", "receipt", "anonymous", "next_steps"}
    assert RECEIPT.match(body["receipt"]), body["receipt"]
    assert len(body["receipt"].replace("-", "")) == 16
    assert body["anonymous"] is True
    assert any("receipt" in step for step in body["next_steps"])
    assert response["Cache-Control"] == "no-store"

    report = Report.objects.for_institution(kingsway).get(reference=body["reference"])
    assert report.is_anonymous
    assert report.contact_name == ""
    assert report.narrative.startswith("He kept sending me messages")
    stored = text_columns("reporting_report", "id = %s", [report.pk])
    audit = text_columns("audit_auditevent", "institution_id = %s", [kingsway.pk])
    audit += text_columns("audit_pendinganonymousevent", "institution_id = %s", [kingsway.pk])
    for value in stored + audit:
        assert "127.0.0.1" not in value
        assert "SecretBrowser" not in value
        assert "He kept sending" not in value  # the narrative is encrypted at rest
        assert body["receipt"].replace("-", "") not in value.upper().replace("-", "")
    # The event joins the audit chain only after its day has ended (issue 7 §3).
    assert not AuditEvent.objects.for_institution(kingsway).filter(
        action="report.submitted").exists()
    audit_seal_anonymous(institution=kingsway, today=timezone.localdate() + dt.timedelta(days=1))
    event = AuditEvent.objects.for_institution(kingsway).get(action="report.submitted")
    assert event.occurred_at is None
    assert event.actor_id is None
    assert event.actor_label == "anonymous reporter"


def test_named_submission_registers_the_first_contact_deadline(kingsway):
    response = submit(data=named())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["anonymous"] is False
    report = Report.objects.for_institution(kingsway).get(reference=body["reference"])
    deadline = Deadline.objects.for_institution(kingsway).get(
        object_id=report.pk, rule=Rule.SUPPORT_FIRST_CONTACT)
    assert deadline.status == Deadline.Status.RUNNING
    assert any("aims to contact you by email no later than" in step for step in body["next_steps"])
    assert report.contact_email == "sam@student.test"


def test_multipart_submission_with_files(kingsway):
    data = submission(involved=[])
    form = {k: v for k, v in data.items() if k not in ("involved", "categories", "wants")}
    form |= {"categories": ["harassment", "stalking"], "wants": ["support", "information"],
             "anonymous": "true", "files[]": [SimpleUploadedFile("screenshot.pdf", PDF)],
             "involved": json.dumps([{"name": "Jo Bloggs", "student_id": "20230042",
                                      "role": "student"}])}
    response = APIClient().post(f"{BASE}reports/", form, format="multipart", **BROWSER)
    assert response.status_code == 201, response.content
    report = Report.objects.for_institution(kingsway).get()
    assert sorted(c.code for c in report.categories.all()) == ["harassment", "stalking"]
    assert report.involved.get().student_id == "20230042"
    evidence = ReportEvidence.objects.for_institution(kingsway).get(report=report)
    assert evidence.original_name == "screenshot.pdf"
    assert evidence.content_type == "application/pdf"
    with evidence.file.open("rb") as handle:
        assert not handle.read().startswith(b"%PDF")  # encrypted at rest


def test_invalid_submission_answers_field_errors_and_keeps_nothing(kingsway):
    response = submit(data=submission(categories=[], anonymous=False, wants=["money"]))
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert {"categories", "wants", "contact_name", "preferred_contact"} <= set(body["errors"])
    assert body["errors"]["categories"] == [
        "Choose at least one thing that describes what happened."]
    assert not Report.objects.for_institution(kingsway).exists()


def test_a_refused_file_keeps_nothing(kingsway):
    form = submission(involved=[]) | {
        "categories": "harassment", "wants": "support", "anonymous": "true",
        "files": [SimpleUploadedFile("run.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04")]}
    del form["involved"]
    response = APIClient().post(f"{BASE}reports/", form, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["errors"]
    assert not Report.objects.for_institution(kingsway).exists()
    assert not ReportEvidence.objects.for_institution(kingsway).exists()


def test_a_malformed_body_is_a_400_not_a_crash(kingsway):
    response = submit(data=submission(involved="Jo", categories="harassment"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "categories" in errors
    assert any(key.startswith("involved") for key in errors)


@override_settings(REPORT_API_SUBMISSIONS_PER_INSTITUTION=2)
def test_submissions_are_throttled_per_institution_not_per_address(kingsway, midshire):
    assert submit().status_code == 201
    assert submit().status_code == 201
    # a different "address" changes nothing: the count is the institution's
    response = APIClient().post(f"{BASE}reports/", submission(), format="json",
                                REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    assert "999" in response.json()["detail"]
    assert Report.objects.for_institution(kingsway).count() == 2
    assert submit(slug="midshire").status_code == 201  # another institution, its own count


# -- following up by receipt -------------------------------------------------------------------
def test_follow_up_with_a_receipt_typed_loosely(kingsway, caseworker):
    receipt = submit().json()["receipt"]
    report = Report.objects.for_institution(kingsway).get()
    message_send(report=report, actor=caseworker, body="We are here to help.")
    note_add(report=report, actor=caseworker, body="Internal: check the hall warden rota.")
    response = follow_up(receipt.replace("-", "").lower())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference"] == report.reference
    assert body["anonymous"] is True
    assert body["is_open"] is True
    assert body["messages"] == [{"direction": "to_reporter", "channel": "receipt_page",
                                 "body": "We are here to help.",
                                 "sent_on": report.submitted_on.isoformat()}]
    assert "waiting" not in body["status"]
    assert body["status"].endswith(".")
    content = response.content.decode()
    assert "Internal" not in content
    assert "hall warden" not in content
    assert caseworker.email not in content
    assert caseworker.full_name not in content
    assert response["Cache-Control"] == "no-store"
    assert report.messages.get().read_by_reporter is True


def test_a_wrong_receipt_is_a_generic_404(kingsway):
    submit()
    unknown = follow_up("ABCD-EFGH-JKMN-PQRS")
    malformed = follow_up("not a receipt")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.json() == malformed.json()
    assert "receipt" in unknown.json()["detail"]


@override_settings(REPORT_RECEIPT_FAILURES_PER_SESSION=3,
                   REPORT_RECEIPT_FAILURES_PER_INSTITUTION=100)
def test_guessing_receipts_is_rate_limited(kingsway):
    receipt = submit().json()["receipt"]
    for _ in range(3):
        assert follow_up("ABCD-EFGH-JKMN-PQRS").status_code == 404
    limited = follow_up("ABCD-EFGH-JKMN-PQRS")
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert int(limited["Retry-After"]) > 0
    assert follow_up(receipt).status_code == 429  # even the right one, until the window ends
    # a client that sends its own token is counted apart from the shared sessionless count
    token = {"X-Client-Token": "a1b2c3d4e5f6g7h8i9j0"}
    assert follow_up(receipt, headers=token).status_code == 200


@override_settings(REPORT_RECEIPT_FAILURES_PER_SESSION=100,
                   REPORT_RECEIPT_FAILURES_PER_INSTITUTION=4)
def test_guessing_across_many_clients_hits_the_institution_limit(kingsway, midshire):
    submit()
    for n in range(4):
        headers = {"X-Client-Token": f"client-token-number-{n:04d}"}
        assert follow_up("ABCD-EFGH-JKMN-PQRS", headers=headers).status_code == 404
    # Past the institution's budget a new client still has its first try looked up (so the
    # flood locks nobody out), and is held after one wrong receipt (issue 7 §3).
    fresh = {"X-Client-Token": "a-brand-new-client-token"}
    assert follow_up("ABCD-EFGH-JKMN-PQRS", headers=fresh).status_code == 404
    assert follow_up("ABCD-EFGH-JKMN-PQRS", headers=fresh).status_code == 429
    other = APIClient().post("/api/v1/midshire/public/follow-up/",
                             {"receipt": "ABCD-EFGH-JKMN-PQRS"}, format="json")
    assert other.status_code == 404  # Midshire keeps its own count


def test_reply_files_and_identity_by_receipt(kingsway, caseworker):
    receipt = submit().json()["receipt"]
    report = Report.objects.for_institution(kingsway).get()

    reply = follow_up(receipt, "reply/", body="It happened again last night.")
    assert reply.status_code == 201, reply.content
    assert reply.json()["messages"][-1] == {
        "direction": "from_reporter", "channel": "receipt_page",
        "body": "It happened again last night.", "sent_on": report.submitted_on.isoformat()}
    report.refresh_from_db()
    assert report.awaiting_staff is True
    assert follow_up(receipt, "reply/", body="  ").json()["errors"] == {
        "body": ["Write your message."]}

    files = APIClient().post(f"{BASE}follow-up/files/", {
        "receipt": receipt, "files": [SimpleUploadedFile("photo.pdf", PDF)]},
        format="multipart")
    assert files.status_code == 201, files.content
    assert [f["name"] for f in files.json()["files"]] == ["photo.pdf"]
    assert ReportEvidence.objects.for_institution(kingsway).filter(report=report).count() == 1

    identity = follow_up(receipt, "identity/", contact_name="Sam Reporter",
                         contact_email="sam@student.test", preferred_contact="email")
    assert identity.status_code == 200, identity.content
    assert identity.json()["anonymous"] is False
    report.refresh_from_db()
    assert (report.is_anonymous, report.contact_name) == (False, "Sam Reporter")
    again = follow_up(receipt, "identity/", contact_name="Sam", contact_email="s@x.test",
                      preferred_contact="email")
    assert again.status_code == 409
    assert again.json()["code"] == "transition_refused"
    assert again.json()["detail"] == "We already have your contact details."


def test_every_follow_up_action_rechecks_the_receipt(kingsway):
    submit()
    wrong = "ABCD-EFGH-JKMN-PQRS"
    assert follow_up(wrong, "reply/", body="Hello").status_code == 404
    assert follow_up(wrong, "identity/", contact_name="X", contact_email="x@y.test",
                     preferred_contact="email").status_code == 404
    files = APIClient().post(f"{BASE}follow-up/files/", {
        "receipt": wrong, "files": [SimpleUploadedFile("a.pdf", PDF)]}, format="multipart")
    assert files.status_code == 404
    assert not ReportEvidence.objects.for_institution(kingsway).exists()


def test_a_closed_report_takes_no_more_replies(kingsway, caseworker):
    receipt = submit().json()["receipt"]
    report = Report.objects.for_institution(kingsway).get()
    report_close(report=report, actor=caseworker, reason="No further contact")
    thread = follow_up(receipt).json()
    assert thread["is_open"] is False
    assert "closed" in thread["status"]
    response = follow_up(receipt, "reply/", body="Hello?")
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]
