"""Subject access requests (issue 14 item 6): the due date, matching, the export's contents with
other people's data redacted, the audit without the name, and the walls around the pages."""

import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from audit.models import AuditEvent
from outbox.services import outbox_relay
from subjectaccess.models import SubjectAccessExport, SubjectAccessMatch, SubjectAccessRequest
from subjectaccess.models import one_calendar_month_after as due
from subjectaccess.services.export import (
    access_export,
    subject_access_export_download,
)
from subjectaccess.services.requests import (
    subject_access_export_request,
    subject_access_matches_confirm,
    subject_access_matches_find,
    subject_access_request_receive,
)

from ..factories import staff
from .conftest import OTHERS, RESPONDENT, at, d

pytestmark = pytest.mark.django_db


def receive(kingsway, dpo, **identifiers):
    with at("2026-11-20"):
        return subject_access_request_receive(institution=kingsway, actor=dpo,
                                              received_on=d("2026-11-20"), **identifiers)


def export_zip(sar, dpo, *, kinds=None) -> zipfile.ZipFile:
    with at("2026-11-20"):
        matches = subject_access_matches_find(request=sar, actor=dpo)
        subject_access_matches_confirm(request=sar, actor=dpo, confirmed=[
            m.pk for m in matches if kinds is None or m.kind in kinds])
        export = subject_access_export_request(request=sar, actor=dpo)
        outbox_relay(ignore_backoff=True)
        export = access_export(user=dpo, institution=sar.institution, export_id=export.pk)
        _name, data = subject_access_export_download(export=export, actor=dpo)
    return zipfile.ZipFile(io.BytesIO(data))


def texts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Every file's text: JSON and README as they are, PDFs as their extracted text."""
    found = {}
    for name in archive.namelist():
        raw = archive.read(name)
        if name.endswith(".pdf"):
            found[name] = "\n".join(page.extract_text() for page in PdfReader(
                io.BytesIO(raw)).pages)
        else:
            found[name] = raw.decode()
    return found


# -- the request's lifecycle -------------------------------------------------------------------
@pytest.mark.parametrize(("received", "due_on"), [
    ("2026-11-20", "2026-12-20"), ("2027-01-31", "2027-02-28"), ("2028-01-31", "2028-02-29"),
    ("2026-12-15", "2027-01-15")])
def test_due_date_is_one_calendar_month_after_receipt(received, due_on):
    assert due(d(received)) == d(due_on)


def test_request_due_one_month_after_it_was_received(kingsway, dpo):
    sar = receive(kingsway, dpo, **RESPONDENT)
    assert sar.due_on == d("2026-12-20")
    assert sar.reference.startswith("SAR-")
    assert sar.handled_by == dpo


def test_request_needs_an_identifier_and_a_real_receipt(kingsway, dpo):
    with pytest.raises(ValidationError) as exc:
        receive(kingsway, dpo)
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        receive(kingsway, dpo, name="Alex Sample", receipt="not-a-receipt")
    assert "receipt" in exc.value.message_dict


def test_identifiers_are_encrypted_at_rest(kingsway, dpo):
    from django.db import connection

    sar = receive(kingsway, dpo, **RESPONDENT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, student_id FROM subjectaccess_subjectaccessrequest "
                       "WHERE id = %s", [sar.pk])
        row = cursor.fetchone()
    assert "Alex" not in row[0]
    assert "sample" not in row[1]
    assert "20260001" not in row[2]


def test_only_a_data_protection_officer_receives_requests(kingsway, ks):
    with pytest.raises(PermissionDenied):
        receive(kingsway, ks.secretary, **RESPONDENT)


# -- matching ------------------------------------------------------------------------------------
def test_matches_the_respondents_case_and_the_anonymous_report_only_with_its_receipt(
        kingsway, dpo, case, anonymous_report):
    report, receipt = anonymous_report
    with at("2026-11-20"):
        without = subject_access_matches_find(request=receive(kingsway, dpo, **RESPONDENT),
                                              actor=dpo)
        with_receipt = subject_access_matches_find(
            request=receive(kingsway, dpo, **RESPONDENT, receipt=receipt), actor=dpo)
    assert (SubjectAccessMatch.Kind.RESPONDENT, case.pk) in {(m.kind, m.object_id)
                                                             for m in without}
    assert report.pk not in {m.object_id for m in without
                             if m.kind == SubjectAccessMatch.Kind.REPORTER}
    assert (SubjectAccessMatch.Kind.REPORTER, report.pk) in {(m.kind, m.object_id)
                                                            for m in with_receipt}


def test_matches_a_witness_and_a_staff_member(kingsway, dpo, case, ks):
    with at("2026-11-20"):
        witness = subject_access_matches_find(request=receive(
            kingsway, dpo, email="j.witness@student.test"), actor=dpo)
        member = subject_access_matches_find(request=receive(
            kingsway, dpo, email=ks.investigator.email), actor=dpo)
    assert [m.kind for m in witness] == [SubjectAccessMatch.Kind.PARTY]
    assert SubjectAccessMatch.Kind.STAFF in {m.kind for m in member}


def test_only_confirmed_records_can_be_exported(kingsway, dpo, case):
    sar = receive(kingsway, dpo, **RESPONDENT)
    with at("2026-11-20"):
        subject_access_matches_find(request=sar, actor=dpo)
        with pytest.raises(ValidationError):
            subject_access_export_request(request=sar, actor=dpo)
        with pytest.raises(ValidationError):
            subject_access_matches_confirm(request=sar, actor=dpo, confirmed=[999999])


# -- the export --------------------------------------------------------------------------------
def test_export_contains_the_persons_own_letters_and_statements(kingsway, dpo, case,
                                                                 anonymous_report):
    _report, receipt = anonymous_report
    sar = receive(kingsway, dpo, **RESPONDENT, receipt=receipt)
    archive = export_zip(sar, dpo)
    names = archive.namelist()
    assert {"README.txt", "manifest.json"} <= set(names)
    letters = [n for n in names if n.startswith("letters/") and n.endswith(".pdf")]
    assert letters, names
    assert archive.read(letters[0]).startswith(b"%PDF")
    record = json.loads(archive.read(f"records/case-{case.reference}-respondent.json"))
    assert [s["text"] for s in record["your_statements"]] == [
        "I did not send them. [reporting party 1] knows I was away."]
    assert len(record["other_statements"]) == 2
    assert all("Withheld" in s["text"] for s in record["other_statements"])
    assert {s["given_by"] for s in record["other_statements"]} == {"[reporting party 1]",
                                                                   "[witness 1]"}
    reports = [n for n in names if n.startswith("records/report-")]
    report = json.loads(archive.read(reports[0]))
    assert report["your_narrative"] == "[involved person 1] kept sending me messages."
    manifest = json.loads(archive.read("manifest.json"))
    assert {f["path"] for f in manifest["files"]} == set(names) - {"README.txt",
                                                                   "manifest.json"}


def test_export_contains_no_other_partys_name(kingsway, dpo, case, anonymous_report):
    _report, receipt = anonymous_report
    sar = receive(kingsway, dpo, **RESPONDENT, receipt=receipt)
    for name, text in texts(export_zip(sar, dpo)).items():
        for other in OTHERS:
            assert other.lower() not in text.lower(), (name, other)


def test_witness_export_has_their_statement_and_none_of_the_others(kingsway, dpo, case):
    sar = receive(kingsway, dpo, email="j.witness@student.test")
    found = texts(export_zip(sar, dpo))
    record = next(json.loads(t) for n, t in found.items() if n.startswith("records/case-"))
    assert record["your_statements"][0]["text"] == \
        "I, Jamie Witness, saw [respondent] message [reporting party 1]."
    everything = "\n".join(found.values())
    for other in ["Alex Sample", "20260001", "a.sample@student.test", "Sam Reporter"]:
        assert other not in everything


def test_staff_export_lists_memberships_actions_and_no_case_names(kingsway, dpo, case, ks):
    sar = receive(kingsway, dpo, email=ks.investigator.email)
    found = texts(export_zip(sar, dpo, kinds={SubjectAccessMatch.Kind.STAFF}))
    record = next(json.loads(t) for n, t in found.items() if n.startswith("records/staff-"))
    assert "investigation.statement_recorded" in {a["action"]
                                                  for a in record["actions_you_took"]}
    assert record["roles"]
    assert "training" in record


def test_export_audited_without_the_name_in_the_payload(kingsway, dpo, case):
    sar = receive(kingsway, dpo, **RESPONDENT)
    export_zip(sar, dpo)
    events = AuditEvent.objects.for_institution(kingsway).filter(
        object_type="subjectaccess.subjectaccessrequest", object_id=str(sar.pk))
    actions = {e.action: e for e in events}
    assert {"subjectaccess.request_received", "subjectaccess.export_generated",
            "subjectaccess.export_downloaded"} <= set(actions)
    downloaded = actions["subjectaccess.export_downloaded"]
    assert downloaded.actor == dpo
    assert downloaded.changes["reference"] == sar.reference
    for event in events:
        payload = json.dumps(event.changes) + event.actor_label
        for value in RESPONDENT.values():
            assert value.lower() not in payload.lower()


def test_export_downloads_once_by_its_handler_before_it_expires(kingsway, dpo, dpo2, case):
    sar = receive(kingsway, dpo, **RESPONDENT)
    export_zip(sar, dpo)  # downloaded once
    export = sar.exports.get()
    with at("2026-11-20"), pytest.raises(ValidationError):
        subject_access_export_download(export=export, actor=dpo)
    assert not export.file
    with at("2026-11-20"):
        second = subject_access_export_request(request=sar, actor=dpo)
        outbox_relay(ignore_backoff=True)
        with pytest.raises(PermissionDenied):
            subject_access_export_download(export=second, actor=dpo2)
    with time_machine.travel(dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC), tick=False), \
            pytest.raises(ValidationError):
        subject_access_export_download(export=second, actor=dpo)
    second.refresh_from_db()
    assert second.status == SubjectAccessExport.Status.EXPIRED
    assert not second.file


def test_request_status_follows_the_lifecycle(kingsway, dpo, case):
    sar = receive(kingsway, dpo, **RESPONDENT)
    export_zip(sar, dpo)
    sar = SubjectAccessRequest.objects.for_institution(kingsway).get(pk=sar.pk)
    assert sar.status == SubjectAccessRequest.Status.EXPORTED


def test_bystander_is_not_a_handler(kingsway):
    from subjectaccess.services.requests import require_handler

    with pytest.raises(PermissionDenied):
        require_handler(staff(kingsway, "safe_contact", email="sc@kingsway.test"), kingsway)
