"""Staff evidence on the case file through the real page and API (issue 14 item 7): the
shared upload rule refuses unsafe documents and infected files, re-shows the title, keeps
nothing, records an infected upload in the audit trail, and normalises the kept name."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from cases.models import EvidenceDocument

from ..upload_samples import (
    EICAR,
    clamd,  # noqa: F401 - fixture
    docx_with_macros,
    docx_with_traversal,
    png,
)
from .pages import fails, url
from .test_api_files import case_id, upload  # noqa: F401 - fixture
from .test_views_access import full_case  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_docx_with_macros_is_refused_on_the_evidence_page(client, full_case, ks):  # noqa: F811
    case = full_case["case"]
    client.force_login(ks.investigator)
    before = EvidenceDocument.objects.for_institution(case.institution).count()
    html = fails(client, url(case, "evidence/"), {
        "title": "Minutes", "file": SimpleUploadedFile("minutes.docx", docx_with_macros())}).text
    assert "minutes.docx cannot be accepted. It contains macros" in html
    assert 'value="Minutes"' in html  # the other input is shown again
    assert EvidenceDocument.objects.for_institution(case.institution).count() == before


def test_path_traversal_member_is_refused_by_the_api(kingsway, ks, case_id):  # noqa: F811
    refused = upload(ks.investigator, kingsway, case_id, "s.docx", docx_with_traversal(),
                     expect=400)
    assert list(refused["errors"]) == ["file"]
    assert "unsafe path" in refused["errors"]["file"][0]
    assert not EvidenceDocument.objects.for_institution(kingsway).exists()


def test_real_png_is_accepted_with_its_rtl_name_normalised(kingsway, ks, case_id):  # noqa: F811
    document = upload(ks.investigator, kingsway, case_id, "shot\u202egnp.exe", png())
    assert (document["original_name"], document["content_type"]) == ("shotgnp.png",
                                                                      "image/png")


def test_eicar_is_refused_by_the_api_and_audited_when_scanning_is_on(
        kingsway, ks, case_id, clamd):  # noqa: F811
    refused = upload(ks.investigator, kingsway, case_id, "notes.txt", EICAR, expect=400)
    assert "virus check found harmful content" in refused["errors"]["file"][0]
    assert not EvidenceDocument.objects.for_institution(kingsway).exists()
    event = AuditEvent.objects.for_institution(kingsway).get(action="upload.infected")
    assert (event.actor, event.object_type, event.object_id) == (
        ks.investigator, "cases.case", str(case_id))
    assert event.changes == {"where": "case evidence", "signature": "Eicar-Test-Signature",
                             "size": len(EICAR)}
