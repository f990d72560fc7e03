"""The audited face of :func:`core.uploads.upload_check` (issue 14 item 7): every service that
stores an uploaded file calls :func:`upload_accept`, which records ``upload.infected`` when the
virus check finds malware. The event names where the file was sent and what ClamAV found, never
the file's content or its name (a name can carry the sender's).

Call it before the service's own transaction opens: the refusal then rolls nothing back, and the
event, written in its own transaction, stays.
"""

from __future__ import annotations

from django.db import models

from core.filenames import filename_display
from core.uploads import CheckedUpload, UploadInfected, upload_check, virus_check

from .services import audit_record


def upload_accept(uploaded_file, *, field: str, institution, where: str, actor=None,
                  obj: models.Model | None = None, reporter: bool = False) -> CheckedUpload:
    """:func:`core.uploads.upload_check`, with the audit event of an infected file.

    ``reporter=True`` for files sent by a reporter (no account): the event then keeps the date
    only, as every event a reporter causes may be anonymous."""
    try:
        return upload_check(uploaded_file, field=field)
    except UploadInfected as exc:
        audit_record(institution=institution, actor=actor, action="upload.infected", obj=obj,
                     changes={"where": where, "signature": exc.signature, "size": exc.size},
                     anonymous=reporter,
                     actor_label="reporter" if reporter and actor is None else "")
        raise


def import_scan(data: bytes, *, file_name: str, field: str, institution, where: str,
                actor=None) -> None:
    """The virus check of a file that is read rather than kept as sent (a learning platform's
    export, a file of survey figures), with the same audit event when it is infected."""
    try:
        virus_check(data, field=field, shown=filename_display(file_name))
    except UploadInfected as exc:
        audit_record(institution=institution, actor=actor, action="upload.infected",
                     changes={"where": where, "signature": exc.signature, "size": exc.size})
        raise


def uploads_accept(files, **kwargs) -> list[CheckedUpload]:
    """:func:`upload_accept` for each file, in order; the first refusal stops."""
    return [upload_accept(uploaded, **kwargs) for uploaded in files]
