"""The one check every uploaded file passes before it is stored (issue 14 item 7).

:func:`upload_check` reads the upload (bounded by ``EVIDENCE_MAX_BYTES``), decides its type from
the content (:mod:`core.filetypes`, :mod:`core.officedocs`), gives it a safe name whose
extension is the detected type's (:mod:`core.filenames`), and, when the installation configured
ClamAV, has clamd scan it (:mod:`core.clamav`). Every refusal is a ``ValidationError`` on the
caller's field, naming the file and the problem, so forms re-show it and the API answers 400.

An infected file raises :class:`UploadInfected` (a ``ValidationError`` that also carries the
signature): the calling service records the audit event (``audit.uploads``), with no content
and no name. Services call this before their transaction, so that refusing the file leaves
nothing half-saved and the event of an infected upload is not rolled back with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from . import clamav
from .filenames import filename_display, filename_normalise
from .filetypes import ContentRefused, FileType, detect


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    kind: FileType
    name: str  # normalised, with the detected type's extension
    sha256: str

    @property
    def content_type(self) -> str:
        return self.kind.mime

    @property
    def size(self) -> int:
        return len(self.data)


class UploadInfected(ValidationError):
    """ClamAV found malware in the file; ``signature`` names what it found."""

    def __init__(self, message, *, signature: str, size: int):
        super().__init__(message)
        self.signature = signature
        self.size = size


def upload_check(uploaded_file, *, field: str) -> CheckedUpload:
    """The checked upload, or ValidationError ``{field: [message]}`` saying what is wrong."""
    raw_name = getattr(uploaded_file, "name", None)
    shown = filename_display(raw_name)
    limit = settings.EVIDENCE_MAX_BYTES
    if (getattr(uploaded_file, "size", 0) or 0) > limit:
        raise ValidationError({field: [
            f"{shown} is larger than {limit // (1024 * 1024)} MB."]})
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({field: [f"{shown} is larger than {limit // (1024 * 1024)} MB."]})
    try:
        kind = detect(data)
    except ContentRefused as exc:
        raise ValidationError({field: [f"{shown} cannot be accepted. {exc}"]}) from None
    virus_check(data, field=field, shown=shown)
    return CheckedUpload(data=data, kind=kind, name=filename_normalise(raw_name, kind),
                         sha256=hashlib.sha256(data).hexdigest())


def virus_check(data: bytes, *, field: str, shown: str) -> None:
    """When the installation configured ClamAV: nothing, or ValidationError (clamd could not
    answer: fail closed) or :class:`UploadInfected`. Also for files that are read, not stored
    as they came (training and insight imports)."""
    if not clamav.scanning_enabled():
        return
    try:
        result = clamav.clamav_scan(data)
    except clamav.ScanUnavailable:
        raise ValidationError({field: [
            f"{shown} could not be checked for viruses just now, so it was not kept. "
            "Please try again in a few minutes."]}) from None
    if not result.clean:
        raise UploadInfected({field: [
            f"{shown} was not accepted: our virus check found harmful content in it "
            f"({result.signature}). Nothing was kept. If you did not expect this, the "
            "device it came from may be infected."]},
            signature=result.signature, size=len(data))
