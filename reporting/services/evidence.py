"""Opening a file a reporter gave: decrypted, audited, and named so that only identity
custodians see the original file name (it can carry the reporter's name)."""

from __future__ import annotations

import mimetypes

from audit.services import audit_read
from core.crypto import decrypt_bytes

from ..models import ReportEvidence


def evidence_download_name(evidence: ReportEvidence, *, custodian: bool) -> str:
    if custodian:
        return evidence.original_name or f"file-{evidence.pk}"
    extension = mimetypes.guess_extension(evidence.content_type) or ""
    return f"{evidence.report.reference}-file-{evidence.pk}{extension}"


def report_evidence_open(*, evidence: ReportEvidence, actor) -> bytes:
    """The decrypted file for someone who may see the report (the caller checked
    need-to-know); every download is audited."""
    with evidence.file.open("rb") as handle:
        data = decrypt_bytes(handle.read())
    audit_read(institution=evidence.report.institution, actor=actor, obj=evidence,
               what="report evidence download")
    return data
