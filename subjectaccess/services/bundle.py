"""The Board of Discipline's bundle with identities withheld (002 §58).

The case file keeps the originals: statements (``cases.Statement``, text we hold) and evidence
documents (``cases.EvidenceDocument``, uploaded files). For the bundle the decision maker (the
Secretary) or the case's clerk prepares each one:

* a statement, or an uploaded plain-text file, is redacted: the withheld parties' names, student
  IDs, emails and phone numbers are replaced by role labels ("[reporting party 1]") and the
  redacted text is rendered again as a PDF we generate (tagged, ``core.pdf``), stored encrypted;
* any other upload (PDF, image, Word, recording) cannot be redacted reliably, so it is withheld
  from the bundle and the reason is recorded.

Board members (the chair and members assigned to the case) see only the bundle: the redacted
copies, and which documents were withheld and why. The decision maker and the clerk also see
the originals. Preparing is audited (the case, the document, how many identities were
withheld: never whose); each read of a redacted copy is an audited read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404

from accounts.roles import Role
from audit.services import audit_read, audit_record
from cases.models import BOARD_ROLES, Case, CaseAssignment, CaseRole, EvidenceDocument, Statement
from cases.permissions import access_case
from core.crypto import decrypt_bytes, encrypt_bytes
from core.pdf import html_to_pdf

from ..models import BundleDocument
from ..redaction import Labeller

Source = BundleDocument.Source
TEXT_TYPES = ("text/plain",)


@dataclass
class BundleViewer:
    case: Case
    sees_originals: bool  # the decision maker (Secretary) or the clerk
    on_board: bool


def access_bundle(*, user, institution, case_id, membership=None) -> BundleViewer:
    """The case's bundle for someone who may see it: the decision maker, the clerk, or a Board
    member on the case. Anyone else, or another institution's user: 404."""
    case, membership = access_case(user=user, institution=institution, case_id=case_id,
                                   what="Board bundle", membership=membership)
    roles = set(CaseAssignment.objects.for_institution(case.institution_id).filter(
        case=case, user=user, ended_at__isnull=True).values_list("role", flat=True))
    sees_originals = membership.has_role(Role.DECISION_MAKER) or CaseRole.CLERK in roles
    on_board = bool(roles & set(BOARD_ROLES))
    if not (sees_originals or on_board):
        raise Http404("Not found.")
    return BundleViewer(case, sees_originals, on_board)


def _labeller(case: Case, withheld: set[int]) -> Labeller:
    """Labels numbered over every party of the case (stable whichever are withheld)."""
    labeller, numbers = Labeller(), dict[str, int]()
    for party in case.parties.all().order_by("pk"):
        role = party.get_kind_display().lower()
        numbers[role] = numbers.get(role, 0) + 1
        if party.pk in withheld:
            labeller.add(f"{role} {numbers[role]}", name=party.name, numbered=False,
                         identifiers=[party.email, party.phone, party.student_id])
    return labeller


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(title)}</title><style>.text {{ white-space: pre-wrap; }}</style>"
            f"</head><body><h1>{escape(title)}</h1>"
            f"<p>Prepared for the Board of Discipline with identities withheld (§58).</p>"
            f'<div class="text">{escape(body)}</div></body></html>')


def _source(case: Case, source: str, source_id) -> Statement | EvidenceDocument:
    models: dict[str, type[Statement] | type[EvidenceDocument]] = {
        Source.STATEMENT.value: Statement, Source.EVIDENCE.value: EvidenceDocument}
    model = models.get(source)
    if model is None:
        raise ValidationError({"source": ["Choose a statement or an evidence document."]})
    row = model.objects.for_institution(case.institution_id).filter(
        case=case, pk=source_id if str(source_id).isdigit() else 0).first()
    if row is None:
        raise ValidationError({"source_id": ["Choose a document of this case."]})
    return row


@transaction.atomic
def bundle_document_prepare(*, case: Case, actor, source: str, source_id,
                            withheld_parties: list | None = None) -> BundleDocument:
    """Put a redacted copy of one statement or document in the Board's bundle, or withhold it
    with the reason. ``withheld_parties``: the parties whose identities are withheld (by
    default those marked "identity withheld" on the case)."""
    viewer = access_bundle(user=actor, institution=case.institution, case_id=case.pk)
    if not viewer.sees_originals:
        raise PermissionDenied("Only the decision maker or the clerk prepares the bundle.")
    case = viewer.case
    row = _source(case, source, source_id)
    parties = {p.pk: p for p in case.parties.all()}
    if withheld_parties is None:
        withheld = {pk for pk, p in parties.items() if p.identity_withheld}
    else:
        withheld = {int(pk) for pk in withheld_parties if str(pk).isdigit()}
        if len(withheld) != len(withheld_parties) or not withheld <= set(parties):
            raise ValidationError({"withheld_parties": ["Choose parties of this case."]})
    redact = _labeller(case, withheld).redactor()
    text, title, reason = None, "", ""
    if isinstance(row, Statement):
        text = redact(row.text)
        title = f"Statement of {redact(row.person)} ({row.taken_on:%d %B %Y})"
    elif row.content_type in TEXT_TYPES:
        with row.file.open("rb") as handle:
            text = redact(decrypt_bytes(handle.read()).decode("utf-8", errors="replace"))
        title = redact(row.title)
    else:
        reason = (f"An uploaded file ({row.content_type}) cannot be redacted reliably, so it is "
                  "withheld from the Board's bundle (§58); the original stays on the case file.")
    document = BundleDocument.objects.for_institution(case.institution_id).select_for_update(
        of=("self",)).filter(case=case, source=source, source_id=row.pk).first() \
        or BundleDocument(institution=case.institution, case=case, source=source,
                          source_id=row.pk)
    old_pdf = document.pdf.name if document.pdf else ""
    document.withheld_parties = sorted(withheld)
    document.prepared_by = actor
    if text is None:
        document.status, document.withheld_reason = BundleDocument.Status.WITHHELD, reason
        document.redacted_text, document.pdf, document.sha256 = "", "", ""
    else:
        pdf = html_to_pdf(_page(title, text))
        document.status, document.withheld_reason = BundleDocument.Status.REDACTED, ""
        document.redacted_text, document.sha256 = text, hashlib.sha256(pdf).hexdigest()
        document.pdf.save(f"{case.reference}-{source}-{row.pk}.pdf.enc",
                          ContentFile(encrypt_bytes(pdf)), save=False)
    document.save()
    if old_pdf and old_pdf != document.pdf.name:
        storage = document.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_pdf))
    action = ("subjectaccess.bundle_document_redacted" if text is not None
              else "subjectaccess.bundle_document_withheld")
    audit_record(institution=case.institution, actor=actor, action=action, obj=document,
                 changes={"case": case.pk, "source": source, "source_id": row.pk,
                          "identities_withheld": len(withheld)})
    return document


def bundle_entries(viewer: BundleViewer) -> list[dict]:
    """Every statement and evidence document of the case with its bundle copy. A Board member
    is never given the original (``original`` is None for them)."""
    case = viewer.case
    inst = case.institution_id
    prepared = {(d.source, d.source_id): d
                for d in BundleDocument.objects.for_institution(inst).filter(case=case)}
    entries = []
    for s in Statement.objects.for_institution(inst).filter(case=case).select_related(
            "party", "case__respondent"):
        entries.append({"source": Source.STATEMENT, "id": s.pk, "taken_on": s.taken_on,
                        "original": s if viewer.sees_originals else None,
                        "bundle": prepared.get((Source.STATEMENT, s.pk))})
    for d in EvidenceDocument.objects.for_institution(inst).filter(case=case):
        entries.append({"source": Source.EVIDENCE, "id": d.pk, "taken_on": d.uploaded_at.date(),
                        "original": d if viewer.sees_originals else None,
                        "bundle": prepared.get((Source.EVIDENCE, d.pk))})
    return entries


def bundle_document_open(*, viewer: BundleViewer, document_id, actor) -> BundleDocument:
    document = BundleDocument.objects.for_institution(viewer.case.institution_id).filter(
        case=viewer.case, pk=document_id if str(document_id).isdigit() else 0).first()
    if document is None:
        raise Http404("Not found.")
    audit_read(institution=viewer.case.institution, actor=actor, obj=document,
               what="Board bundle document")
    return document


def bundle_document_pdf(document: BundleDocument) -> bytes | None:
    if document.status != BundleDocument.Status.REDACTED or not document.pdf:
        return None
    with document.pdf.open("rb") as handle:
        return decrypt_bytes(handle.read())
