"""Evidence and letters through the API: uploads checked by content, files stored encrypted and
returned decrypted as attachments, every download audited; a letter is downloadable once its
PDF exists, and a correction is a new version."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AccessEvent
from cases.models import EvidenceDocument, Letter

from .api_support import EXE, PDF, call, case_at_investigation, get, post, url
from .conftest import case_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_id(kingsway, ks):
    with time_machine.travel(dt.datetime(2026, 11, 3, 10), tick=False):
        case_id = case_at_investigation(kingsway, ks, case_data())
        post(ks.secretary, kingsway, case_id, "assign",
             {"user": ks.investigator.pk, "role": "investigator"}, expect=201)
        yield case_id


def upload(user, inst, case_id, name, content, *, title="Evidence", expect=201):
    return call(user, "post", url(inst, case_id, "evidence"),
                {"title": title, "file": SimpleUploadedFile(name, content)},
                format="multipart", expect=expect)


def test_real_pdf_is_accepted_and_listed(kingsway, ks, case_id):
    document = upload(ks.investigator, kingsway, case_id, "statement.pdf", PDF,
                      title="Witness statement")
    assert document["content_type"] == "application/pdf"
    assert (document["original_name"], document["size"]) == ("statement.pdf", len(PDF))
    assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
    listed = get(ks.secretary, kingsway, case_id, "evidence")
    assert [(d["id"], d["title"]) for d in listed] == [(document["id"], "Witness statement")]
    assert listed[0]["download"] == url(kingsway, case_id, f"evidence/{document['id']}/download")
    stored = EvidenceDocument.objects.for_institution(kingsway).get(pk=document["id"])
    with stored.file.open("rb") as handle:
        assert not handle.read().startswith(b"%PDF")  # encrypted at rest


def test_disguised_executable_is_refused_and_nothing_is_stored(kingsway, ks, case_id):
    refused = upload(ks.investigator, kingsway, case_id, "statement.pdf", EXE, expect=400)
    assert list(refused["errors"]) == ["file"]
    assert refused["errors"]["file"][0].startswith("statement.pdf cannot be accepted. Use PDF")
    empty_title = upload(ks.investigator, kingsway, case_id, "s.pdf", PDF, title=" ",
                         expect=400)
    assert empty_title["errors"] == {"title": ["Give the document a title."]}
    missing = call(ks.investigator, "post", url(kingsway, case_id, "evidence"),
                   {"title": "No file"}, format="multipart", expect=400)
    assert list(missing["errors"]) == ["file"]
    assert not EvidenceDocument.objects.for_institution(kingsway).exists()


def test_only_staff_on_the_case_may_upload(kingsway, ks, case_id):
    upload(ks.bystander, kingsway, case_id, "s.pdf", PDF, expect=404)
    post(ks.secretary, kingsway, case_id, "assign",
         {"user": ks.caseworker.pk, "role": "caseworker"}, expect=201)
    assert upload(ks.caseworker, kingsway, case_id, "s.pdf", PDF)["title"] == "Evidence"


def test_download_returns_the_file_as_an_attachment_and_is_audited(kingsway, ks, case_id):
    document = upload(ks.investigator, kingsway, case_id, "witness statement.pdf", PDF)
    response = call(ks.secretary, "get", document["download"], expect=200)
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="witness statement.pdf"'
    read = AccessEvent.objects.for_institution(kingsway).filter(
        object_type="cases.evidencedocument", object_id=str(document["id"]))
    assert [(e.actor, e.what) for e in read] == [(ks.secretary, "evidence download")]
    # Someone who cannot see the case gets the plain 404, and no file.
    assert call(ks.bystander, "get", document["download"], expect=404)["code"] == "not_found"
    assert read.count() == 1


def test_download_also_answers_a_client_that_asks_for_the_file_type(kingsway, ks, case_id):
    document = upload(ks.investigator, kingsway, case_id, "s.pdf", PDF)
    response = call(ks.investigator, "get", document["download"], expect=200,
                    HTTP_ACCEPT="application/pdf")
    assert response.content == PDF
    missing = call(ks.investigator, "get", url(kingsway, case_id, "evidence/999/download"),
                   expect=404, HTTP_ACCEPT="application/pdf")
    assert missing["code"] == "not_found"  # errors stay JSON


def test_letter_is_downloadable_once_issued(kingsway, ks, case_id,
                                            django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10), tick=False), \
            django_capture_on_commit_callbacks(execute=False) as pending:
        post(ks.secretary, kingsway, case_id, "formal-decision", {
            "result": "uphold", "reasons": "Proven", "considered_previous_record": True,
            "penalties": [{"code": "written_warning"}]}, expect=201)
    letters = get(ks.secretary, kingsway, case_id, "letters")
    assert {(x["kind"], x["status"], x["download"]) for x in letters} == {
        ("formal_decision", "pending", None)}
    letter_id = next(x["id"] for x in letters if x["recipient_key"] == "respondent")
    not_yet = get(ks.secretary, kingsway, case_id, f"letters/{letter_id}/download", expect=404)
    assert not_yet["detail"] == "This letter has not been issued yet."

    for callback in pending:  # the transaction commits: the PDFs are rendered
        callback()
    response = call(ks.investigator, "get",
                    url(kingsway, case_id, f"letters/{letter_id}/download"), expect=200)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment; ")
    letter = Letter.objects.for_institution(kingsway).get(pk=letter_id)
    assert hashlib.sha256(response.content).hexdigest() == letter.sha256
    assert AccessEvent.objects.for_institution(kingsway).filter(
        object_type="letters.letter", object_id=str(letter_id),
        actor=ks.investigator).exists()


def test_correcting_a_letter_issues_a_new_version(kingsway, ks, case_id,
                                                 django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        post(ks.secretary, kingsway, case_id, "formal-decision", {
            "result": "uphold", "reasons": "Proven", "considered_previous_record": True,
            "penalties": [{"code": "written_warning"}]}, expect=201)
        original = next(x for x in get(ks.secretary, kingsway, case_id, "letters")
                        if x["recipient_key"] == "respondent")
        path = f"letters/{original['id']}/correct"
        blank = post(ks.secretary, kingsway, case_id, path, {"reason": ""}, expect=400)
        assert list(blank["errors"]) == ["reason"]
        refused = post(ks.investigator, kingsway, case_id, path, {"reason": "Typo"},
                       expect=403)
        assert "School Secretary" in refused["detail"]
        corrected = post(ks.secretary, kingsway, case_id, path,
                         {"reason": "The date of the decision was wrong"}, expect=201)
    assert [(x["version"], x["corrects"], x["recipient_key"]) for x in corrected["letters"]] == [
        (2, original["id"], "respondent")]
    versions = [x for x in get(ks.secretary, kingsway, case_id, "letters")
                if x["kind"] == "formal_decision" and x["recipient_key"] == "respondent"]
    assert [(x["version"], x["status"]) for x in versions] == [(1, "issued"), (2, "issued")]
