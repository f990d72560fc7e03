"""The Board of Discipline's bundle with identities withheld (002 §58): redacted copies for the
Board, the originals for the Secretary, uploads that cannot be redacted withheld with the
reason, every preparation audited."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from audit.models import AuditEvent
from cases.models import CaseRole
from cases.services.common import assign
from cases.services.evidence import evidence_add
from subjectaccess.models import BundleDocument
from subjectaccess.services.bundle import (
    access_bundle,
    bundle_document_pdf,
    bundle_document_prepare,
)

from ..conftest import api_as
from .conftest import at, party

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def board(case, ks):
    with at("2026-11-06"):
        assign(case=case, user=ks.clerk, role=CaseRole.CLERK, by=ks.secretary)
        assign(case=case, user=ks.chair, role=CaseRole.BOARD_CHAIR, by=ks.secretary)
    return case


def statement_of(case, kind):
    return case.statements.get(party=party(case, kind))


def prepare(case, actor, source, source_id, **kwargs):
    with at("2026-11-06"):
        return bundle_document_prepare(case=case, actor=actor, source=source,
                                       source_id=source_id, **kwargs)


def page(user, case) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/kingsway/staff/data-protection/cases/{case.pk}/bundle/")
    assert response.status_code == 200
    return response.content.decode()


def test_redacted_bundle_document_hides_the_withheld_identity_from_board_members_not_from_the_secretary(  # noqa: E501
        board, ks):
    statement = statement_of(board, "witness")
    document = prepare(board, ks.secretary, "statement", statement.pk)  # default: §58 flags
    assert document.status == BundleDocument.Status.REDACTED
    assert document.redacted_text == \
        "I, Jamie Witness, saw Alex Sample message [reporting party 1]."
    pdf_text = PdfReader(io.BytesIO(bundle_document_pdf(document))).pages[0].extract_text()
    assert "Sam Reporter" not in pdf_text
    assert "[reporting party 1]" in pdf_text
    board_page = page(ks.chair, board)
    assert "[reporting party 1]" in board_page
    assert "Sam Reporter" not in board_page
    assert "20269999" not in board_page
    secretary_page = page(ks.secretary, board)
    assert "Sam Reporter" in secretary_page
    assert "[reporting party 1]" in secretary_page


def test_selected_identities_are_withheld_in_a_statement(board, ks):
    statement = statement_of(board, "reporting_party")
    witness = party(board, "witness")
    reporter = party(board, "reporting_party")
    document = prepare(board, ks.clerk, "statement", statement.pk,
                       withheld_parties=[reporter.pk, witness.pk])
    assert document.redacted_text == \
        "Alex Sample (20260001) messaged me, [reporting party 1], every night."
    assert document.withheld_parties == sorted([reporter.pk, witness.pk])


def test_uploaded_pdf_is_withheld_with_the_reason_and_a_text_file_redacted(board, ks):
    with at("2026-11-06"):
        pdf = evidence_add(case=board, actor=ks.investigator, title="Screenshots",
                           uploaded_file=SimpleUploadedFile("shots.pdf", PDF))
        text = evidence_add(case=board, actor=ks.investigator, title="Chat log",
                            uploaded_file=SimpleUploadedFile(
                                "log.txt", b"Sam Reporter: please stop.\nAlex: no."))
    withheld = prepare(board, ks.secretary, "evidence", pdf.pk)
    assert withheld.status == BundleDocument.Status.WITHHELD
    assert "cannot be redacted reliably" in withheld.withheld_reason
    redacted = prepare(board, ks.secretary, "evidence", text.pk)
    assert redacted.redacted_text.startswith("[reporting party 1]: please stop.")
    board_page = page(ks.chair, board)
    assert "cannot be redacted reliably" in board_page
    assert "Screenshots" not in board_page  # the original's title stays with the Secretary


def test_bundle_preparation_audited_without_names(board, ks):
    document = prepare(board, ks.secretary, "statement", statement_of(board, "witness").pk)
    event = AuditEvent.objects.for_institution(board.institution).get(
        action="subjectaccess.bundle_document_redacted", object_id=str(document.pk))
    assert event.actor == ks.secretary
    assert "Sam" not in str(event.changes)
    assert event.changes["identities_withheld"] == 1


def test_board_member_cannot_prepare_and_a_bystander_cannot_see_the_bundle(board, ks):
    with pytest.raises(PermissionDenied):
        prepare(board, ks.chair, "statement", statement_of(board, "witness").pk)
    from django.http import Http404

    with pytest.raises(Http404):
        access_bundle(user=ks.su, institution=board.institution, case_id=board.pk)


def test_bundle_page_is_404_for_another_institution_and_a_member_not_on_the_case(
        board, ks, outsider):
    for user in (outsider, ks.su, ks.caseworker):
        client = Client()
        client.force_login(user)
        assert client.get(
            f"/kingsway/staff/data-protection/cases/{board.pk}/bundle/").status_code == 404


def test_bundle_api_gives_board_members_no_original(board, ks):
    statement = statement_of(board, "witness")
    url = f"/api/v1/kingsway/data-protection/cases/{board.pk}/bundle/"
    answer = api_as(ks.secretary).post(url, {"source": "statement", "source_id": statement.pk},
                                       format="json")
    assert answer.status_code == 200, answer.content
    answer = api_as(ks.chair).get(url)
    assert answer.status_code == 200
    assert answer.json()["sees_originals"] is False
    assert all(e["original_text"] is None for e in answer.json()["entries"])
    assert "Sam Reporter" not in answer.content.decode()
    document = BundleDocument.objects.for_institution(board.institution).get()
    pdf = api_as(ks.chair).get(f"{url}{document.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert api_as(ks.chair).post(url, {"source": "statement", "source_id": statement.pk},
                                 format="json").status_code == 403
    bad = api_as(ks.secretary).post(url, {"source": "statement", "source_id": 999999},
                                    format="json")
    assert bad.status_code == 400
    assert "source_id" in bad.json()["errors"]


def test_board_members_read_the_bundle_not_the_investigation_files_originals_s58(board, ks):
    """The Board reads the bundle prepared for it (§58: some identities withheld); the
    statements in the investigation file stay with the Secretary and the investigator. The
    case page links the bundle for the Board and for those who prepare it."""
    statement = statement_of(board, "witness")
    client = Client()
    with at("2026-11-06"):
        client.force_login(ks.chair)
        case_page = client.get(f"/kingsway/staff/cases/{board.pk}/").content.decode()
        file_page = client.get(f"/kingsway/staff/cases/{board.pk}/investigation/")
        client.force_login(ks.secretary)
        secretary_file = client.get(f"/kingsway/staff/cases/{board.pk}/investigation/")
        secretary_case = client.get(f"/kingsway/staff/cases/{board.pk}/").content.decode()
    bundle = f"/kingsway/staff/data-protection/cases/{board.pk}/bundle/"
    assert bundle in case_page
    assert bundle in secretary_case
    assert file_page.status_code == 200
    assert statement.text not in file_page.content.decode()
    assert statement.text in secretary_file.content.decode()
