"""Evidence documents on the case file: size limit, a type allow-list checked by content (not
by the name), stored encrypted, every download audited."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from audit.services import audit_read
from core.crypto import decrypt_bytes, encrypt_bytes
from core.filetypes import sniff_type

from ..models import Case, EvidenceDocument
from ..policies import enforce
from .common import lock, record


@transaction.atomic
def evidence_add(*, case: Case, actor, title: str, uploaded_file) -> EvidenceDocument:
    case = lock(case)
    enforce("evidence", case=case, actor=actor)
    if not title.strip():
        raise ValidationError({"title": ["Give the document a title."]})
    limit = settings.EVIDENCE_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError({"file": [f"The file is larger than {limit // (1024 * 1024)} MB."]})
    data = uploaded_file.read()
    mime = sniff_type(data)
    if mime is None:
        raise ValidationError({"file": [
            "This type of file cannot be accepted. Use PDF, an image (JPEG, PNG, GIF, WebP, "
            "HEIC), a Word or OpenDocument file, plain text, or an MP3/MP4 recording."]})
    document = EvidenceDocument(
        institution=case.institution, case=case, title=title.strip(),
        original_name=(uploaded_file.name or "file")[-255:], content_type=mime, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor)
    document.file.save(f"{case.reference}-{document.sha256[:16]}.bin",
                       ContentFile(encrypt_bytes(data)), save=False)
    document.save()
    record(case, actor, "evidence.added", document=document.pk, title=document.title,
           sha256=document.sha256, content_type=mime, size=len(data))
    return document


def evidence_open(*, document: EvidenceDocument, actor) -> bytes:
    """The decrypted file for someone who may see the case (the caller checked need-to-know);
    the download is audited."""
    audit_read(institution=document.case.institution, actor=actor, obj=document,
               what="evidence download")
    with document.file.open("rb") as handle:
        return decrypt_bytes(handle.read())
