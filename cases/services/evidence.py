"""Evidence documents on the case file: size limit, a type allow-list checked by content (not
by the name), stored encrypted, every download audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from audit.services import audit_read
from audit.uploads import upload_accept
from core.crypto import decrypt_bytes, encrypt_bytes
from core.uploads import CheckedUpload

from ..models import Case, EvidenceDocument
from ..policies import enforce
from .common import lock, record


def evidence_add(*, case: Case, actor, title: str, uploaded_file) -> EvidenceDocument:
    """Add a document to the case file. The policy and the title are checked first, then the
    file (core.uploads: type from the content, a safe name, the virus check where configured),
    all before the transaction opens: a refused file leaves nothing behind, and the audit event
    of an infected one is not rolled back with it. The policy is checked again under the lock."""
    enforce("evidence", case=case, actor=actor)
    if not title.strip():
        raise ValidationError({"title": ["Give the document a title."]})
    upload = upload_accept(uploaded_file, field="file", institution=case.institution,
                           where="case evidence", actor=actor, obj=case)
    return _evidence_add(case=case, actor=actor, title=title.strip(), upload=upload)


@transaction.atomic
def _evidence_add(*, case: Case, actor, title: str, upload: CheckedUpload) -> EvidenceDocument:
    case = lock(case)
    enforce("evidence", case=case, actor=actor)
    document = EvidenceDocument(
        institution=case.institution, case=case, title=title, original_name=upload.name,
        content_type=upload.content_type, size=upload.size, sha256=upload.sha256,
        uploaded_by=actor)
    document.file.save(f"{case.reference}-{document.sha256[:16]}.bin",
                       ContentFile(encrypt_bytes(upload.data)), save=False)
    document.save()
    record(case, actor, "evidence.added", document=document.pk, title=document.title,
           sha256=document.sha256, content_type=upload.content_type, size=upload.size)
    return document


def evidence_open(*, document: EvidenceDocument, actor) -> bytes:
    """The decrypted file for someone who may see the case (the caller checked need-to-know);
    the download is audited."""
    audit_read(institution=document.case.institution, actor=actor, obj=document,
               what="evidence download")
    with document.file.open("rb") as handle:
        return decrypt_bytes(handle.read())
