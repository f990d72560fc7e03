"""Reporters' files through the real pages and API (issue 14 item 7): the shared upload rule
refuses markup, unsafe documents and infected files, names the problem, keeps nothing, and
normalises the names it keeps."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import PendingAnonymousEvent
from reporting.models import Report, ReportDraftFile, ReportEvidence
from reporting.services.submission import report_submit

from ..upload_samples import (
    EICAR,
    HTML_AS_TEXT,
    SVG,
    clamd,  # noqa: F401 - fixture
    docx,
    docx_with_exe,
    zip_bomb_docx,
)
from .conftest import submission
from .public_walk import STEP_DATA, post_step, step_url, url

pytestmark = pytest.mark.django_db
BASE = "/api/v1/kingsway/public/"


def at_evidence_step(client):
    for number in range(1, 7):
        post_step(client, number, STEP_DATA[number])


def multipart(files) -> dict:
    form = submission(involved=[]) | {"categories": "harassment", "wants": "support",
                                      "anonymous": "true", "files": files}
    del form["involved"]
    return form


def test_html_disguised_as_txt_is_refused_on_the_public_form(client, kingsway):
    at_evidence_step(client)
    response = client.post(step_url(7), {"action": "add", "file": SimpleUploadedFile(
        "notes.txt", HTML_AS_TEXT, content_type="text/plain")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "notes.txt cannot be accepted. It looks like a web page" in page
    assert 'class="error-summary"' in page
    assert not ReportDraftFile.objects.for_institution(kingsway).exists()


def test_eicar_is_refused_on_the_public_form_and_audited_without_the_file(client, kingsway,
                                                                           clamd):  # noqa: F811
    at_evidence_step(client)
    response = client.post(step_url(7), {"action": "add", "file": SimpleUploadedFile(
        "Sam Reporter.txt", b"notes\n" + EICAR)})
    page = response.content.decode()
    assert "our virus check found harmful content in it (Eicar-Test-Signature)" in page
    assert not ReportDraftFile.objects.for_institution(kingsway).exists()
    event = PendingAnonymousEvent.objects.for_institution(kingsway).get(action="upload.infected")
    assert event.changes == {"where": "report evidence", "signature": "Eicar-Test-Signature",
                             "size": len(EICAR) + 6}
    assert "Sam" not in str(event.changes)


def test_follow_up_page_refuses_a_docx_with_an_exe_inside(client, kingsway):
    result = report_submit(institution=kingsway, data=submission())
    client.post(url("follow_up"), {"receipt": result.receipt})
    response = client.post(url("follow_up_files"), {"files": SimpleUploadedFile(
        "statement.docx", docx_with_exe())})
    assert response.status_code == 200
    assert "statement.docx cannot be accepted. It carries a file of a kind documents do not " \
           "hold (.exe)." in response.content.decode()
    assert not result.report.evidence.exists()


def test_svg_is_refused_by_the_public_api_and_nothing_is_kept(kingsway):
    response = APIClient().post(f"{BASE}reports/", multipart(
        [SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")]),
        format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["files"][0].startswith(
        "logo.svg cannot be accepted. It looks like a web page")
    assert not Report.objects.for_institution(kingsway).exists()
    assert not ReportEvidence.objects.for_institution(kingsway).exists()


def test_real_docx_is_accepted_by_the_public_api_with_its_rtl_name_normalised(kingsway):
    response = APIClient().post(f"{BASE}reports/", multipart(
        [SimpleUploadedFile("chat\u202excod.exe", docx())]), format="multipart")
    assert response.status_code == 201, response.content
    evidence = ReportEvidence.objects.for_institution(kingsway).get()
    assert evidence.original_name == "chatxcod.docx"
    assert evidence.content_type == ("application/vnd.openxmlformats-officedocument."
                                     "wordprocessingml.document")


def test_zip_bomb_is_refused_by_the_follow_up_api(kingsway):
    result = report_submit(institution=kingsway, data=submission())
    response = APIClient().post(f"{BASE}follow-up/files/", {
        "receipt": result.receipt, "files": [SimpleUploadedFile("s.docx", zip_bomb_docx())]},
        format="multipart")
    assert response.status_code == 400
    assert "zip bomb" in response.json()["errors"]["files"][0]
    assert not result.report.evidence.exists()


def test_eicar_is_refused_by_the_public_api_when_scanning_is_on(kingsway, clamd):  # noqa: F811
    response = APIClient().post(f"{BASE}reports/", multipart(
        [SimpleUploadedFile("a.txt", EICAR)]), format="multipart")
    assert response.status_code == 400
    assert "virus check" in response.json()["errors"]["files"][0]
    assert not Report.objects.for_institution(kingsway).exists()
    assert PendingAnonymousEvent.objects.for_institution(kingsway).filter(
        action="upload.infected").count() == 1
