"""Need-to-know on every case page: the same 404 for another institution's case, for a case
of one's own institution one is not appointed to, and for a case that does not exist."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AccessEvent
from cases.models import CaseAssignment, CaseRole, EvidenceDocument, Letter
from cases.services.appeals import appeal_lodge
from cases.services.common import assign
from cases.services.evidence import evidence_add
from cases.services.intake import case_decide_intake, case_open
from cases.services.outcomes import formal_decide
from cases.transitions import TRANSITIONS

from .conftest import case_data
from .pages import fails, submit, url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a small test document\n"


@pytest.fixture
def full_case(kingsway, ks, django_capture_on_commit_callbacks):
    """A Kingsway case with a decision, letters, evidence, an appointment and an appeal."""
    with time_machine.travel(dt.datetime(2026, 11, 3, 10), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        case = case_open(institution=kingsway, actor=ks.secretary, **case_data())
        case_decide_intake(case=case, actor=ks.secretary, route="formal", reasons="Serious")
        assignment = assign(case=case, user=ks.investigator, role=CaseRole.INVESTIGATOR,
                            by=ks.secretary)
        document = evidence_add(case=case, actor=ks.investigator, title="Screenshots",
                                uploaded_file=SimpleUploadedFile("shots.pdf", PDF))
        formal_decide(case=case, actor=ks.secretary, result="uphold", reasons="Proven",
                      considered_previous_record=True, penalties=[{"code": "written_warning"}])
        appeal = appeal_lodge(case=case, actor=ks.secretary, received_on=dt.date(2026, 11, 3),
                              grounds=["bias"], summary="Biased", contact="a@b.test",
                              decision_received_on=dt.date(2026, 11, 3))
    letter = Letter.objects.for_institution(kingsway).filter(case=case).first()
    assert letter.status == Letter.Status.ISSUED
    return {"case": case, "assignment": assignment, "document": document, "appeal": appeal,
            "letter": letter}


def every_path(f) -> list[str]:
    """The case page, every transition's page (from the registry, so a new transition is
    covered without editing this list) and the files."""
    ids = {"assignment_id": f["assignment"].pk, "objection_id": 1, "pause_id": 1, "review_id": 1,
           "appeal_id": f["appeal"].pk, "letter_id": f["letter"].pk}
    pages = [re.sub(r"<int:(\w+)>", lambda m: str(ids[m.group(1)]), t.page_path)
             for t in TRANSITIONS.values()]
    assert len(pages) >= 20
    return ["", *pages, "assign/?role=investigator", f"evidence/{f['document'].pk}/",
            f"letters/{f['letter'].pk}/pdf/"]


def test_another_institutions_staff_get_404_everywhere(client, full_case, midshire, ms):
    client.force_login(ms.secretary)  # a decision maker, but at Midshire
    case = full_case["case"]
    for path in every_path(full_case):
        assert client.get(url(case, path)).status_code == 404, path
        assert client.post(url(case, path), {"reasons": "x"}).status_code == 404, path
    # Nor can they reach it through their own institution's address.
    assert client.get(f"/midshire/staff/cases/{case.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["bystander", "clerk", "reviewer", "untrained", "caseworker"])
def test_unassigned_staff_of_the_same_institution_get_404_everywhere(client, full_case, ks,
                                                                     who):
    client.force_login(getattr(ks, who))
    case = full_case["case"]
    for path in every_path(full_case):
        assert client.get(url(case, path)).status_code == 404, path
        assert client.post(url(case, path), {"reasons": "x"}).status_code == 404, path


def test_a_missing_case_is_the_same_404(client, full_case, ks):
    client.force_login(ks.secretary)
    assert client.get("/kingsway/staff/cases/999999/").status_code == 404
    case = full_case["case"]
    assert client.get(url(case, "letters/999999/pdf/")).status_code == 404
    assert client.get(url(case, "evidence/999999/")).status_code == 404
    assert client.get(url(case, "appeals/999999/decide/")).status_code == 404


def test_a_midshire_case_is_not_found_at_a_kingsway_address(client, kingsway, ks, midshire,
                                                            ms):
    theirs = case_open(institution=midshire, actor=ms.secretary, **case_data())
    client.force_login(ks.secretary)
    assert client.get(f"/kingsway/staff/cases/{theirs.pk}/").status_code == 404


def test_ending_an_appointment_ends_access(client, full_case, ks):
    case, assignment = full_case["case"], full_case["assignment"]
    client.force_login(ks.investigator)
    assert client.get(url(case)).status_code == 200
    client.force_login(ks.secretary)
    page = client.get(url(case)).text
    assert f'href="{url(case, f"assignments/{assignment.pk}/end/")}"' in page
    fails(client, url(case, f"assignments/{assignment.pk}/end/"), {"reason": ""})
    submit(client, url(case, f"assignments/{assignment.pk}/end/"),
           {"reason": "Conflict of interest declared"})
    assignment = CaseAssignment.objects.for_institution(case.institution).get(pk=assignment.pk)
    assert assignment.end_reason == "Conflict of interest declared"
    client.force_login(ks.investigator)
    assert client.get(url(case)).status_code == 404


def test_evidence_upload_and_audited_download(client, full_case, ks):
    case = full_case["case"]
    client.force_login(ks.investigator)
    page = client.get(url(case)).text
    assert 'enctype="multipart/form-data"' in page  # the upload form is on the case page
    html = fails(client, url(case, "evidence/"), {
        "title": "A program", "file": SimpleUploadedFile("run.exe", b"MZ\x90\x00\x03\x00")}).text
    assert "run.exe cannot be accepted. Use PDF" in html
    assert 'value="A program"' in html
    submit(client, url(case, "evidence/"), {
        "title": "Statement", "file": SimpleUploadedFile("statement.pdf", PDF)})
    document = EvidenceDocument.objects.for_institution(case.institution).get(title="Statement")
    response = client.get(url(case, f"evidence/{document.pk}/"))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="statement.pdf"' in response["Content-Disposition"]
    assert AccessEvent.objects.for_institution(case.institution).filter(
        actor=ks.investigator, object_type="cases.evidencedocument",
        object_id=str(document.pk)).exists()


def test_a_letter_still_being_generated_cannot_be_downloaded(client, full_case, ks):
    letter = full_case["letter"]
    Letter.objects.for_institution(letter.institution).filter(pk=letter.pk).update(
        status=Letter.Status.PENDING)
    client.force_login(ks.secretary)
    case = full_case["case"]
    assert client.get(url(case, f"letters/{letter.pk}/pdf/")).status_code == 404
    assert f"letters/{letter.pk}/pdf/" not in client.get(url(case)).text
