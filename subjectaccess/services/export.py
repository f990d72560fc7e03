"""Building a subject access export (run by the outbox relay in the worker) and downloading it.

The zip holds one JSON per confirmed record (:mod:`subjectaccess.records` decides, per record
type, what is the person's and what is redacted), the PDFs of the letters addressed to them,
a ``manifest.json`` (each file, its SHA-256 and the record it comes from) and a ``README.txt``.
It is stored encrypted like a letter's PDF (``core.crypto``); the handler downloads it once,
before it expires (:data:`EXPORT_VALID_FOR`), and the stored file is then deleted. Generating
and downloading are audited with the request's opaque reference, never the person's name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from audit.services import audit_record
from core.crypto import decrypt_bytes, encrypt_bytes

from ..models import SubjectAccessExport, SubjectAccessMatch, SubjectAccessRequest
from ..records import record_for
from .requests import require_handler

EXPORT_VALID_FOR = dt.timedelta(days=7)

README = """Subject access export {reference}
Generated on {generated} by {institution}.

This archive holds the personal data {institution} holds about you, as a copy under
Article 15 of the UK GDPR.

  manifest.json   every file in this archive, its SHA-256 and the record it comes from
  records/        one JSON file per record about you: reports you made or were named in,
                  disciplinary cases in which you were the reported student, a reporting
                  party or a witness, your membership of staff (roles, the actions you took)
                  and your training records
  letters/        the letters addressed to you, as the PDFs that were sent

Other people's data is not disclosed (UK GDPR Art. 15(4)): their names, student IDs, emails
and contact details are replaced by labels such as "[reporting party 1]", "[witness 2]" or
"[staff member]". Your own statements and accounts are included; other people's statements
are listed as existing, without their content.

If you think something is missing or wrong, reply to the data protection officer quoting
{reference}.
"""


def _build(request: SubjectAccessRequest) -> tuple[bytes, int]:
    files: dict[str, bytes] = {}
    manifest = []
    matches = SubjectAccessMatch.objects.for_institution(request.institution_id).filter(
        request=request, confirmed=True).order_by("kind", "object_id")
    for match in matches:
        record = record_for(match)
        if record is None:
            continue
        files[record.path] = json.dumps(record.data, indent=2, ensure_ascii=False,
                                        default=str).encode()
        manifest.append({"path": record.path, "record": match.label, "kind": record.kind})
        for path, pdf in record.pdfs.items():
            files[path] = pdf
            manifest.append({"path": path, "record": match.label, "kind": "letter"})
    for entry in manifest:
        entry["sha256"] = hashlib.sha256(files[entry["path"]]).hexdigest()
    generated = timezone.localdate()
    files["manifest.json"] = json.dumps({"request": request.reference,
                                         "generated_on": generated.isoformat(),
                                         "files": manifest}, indent=2).encode()
    files["README.txt"] = README.format(reference=request.reference,
                                        generated=f"{generated:%d %B %Y}",
                                        institution=request.institution.name).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            archive.writestr(path, files[path])
    return buffer.getvalue(), len(files)


def subject_access_export_generate(*, export: SubjectAccessExport) -> SubjectAccessExport:
    """Build and store the zip once (idempotent: an export already built is left as it is)."""
    with transaction.atomic():
        export = SubjectAccessExport.objects.for_institution(export.institution_id) \
            .select_for_update(of=("self",)).select_related("request__institution") \
            .get(pk=export.pk)
        if export.status != SubjectAccessExport.Status.PENDING:
            return export
        request = export.request
        data, count = _build(request)
        export.sha256 = hashlib.sha256(data).hexdigest()
        export.size = len(data)
        export.file.save(f"{request.reference}-{export.pk}.zip.enc",
                         ContentFile(encrypt_bytes(data)), save=False)
        now = timezone.now()
        export.status = SubjectAccessExport.Status.READY
        export.ready_at, export.expires_at = now, now + EXPORT_VALID_FOR
        export.save(update_fields=["sha256", "size", "file", "status", "ready_at",
                                   "expires_at"])
        SubjectAccessRequest.objects.for_institution(request.institution_id).filter(
            pk=request.pk, status=SubjectAccessRequest.Status.EXPORTING).update(
            status=SubjectAccessRequest.Status.EXPORTED)
        audit_record(institution=request.institution, actor=None,
                     actor_label="system", action="subjectaccess.export_generated",
                     obj=request, changes={"reference": request.reference,
                                           "export": export.pk, "files": count,
                                           "sha256": export.sha256})
    return export


def access_export(*, user, institution, export_id) -> SubjectAccessExport:
    require_handler(user, institution)
    try:
        return SubjectAccessExport.objects.for_institution(institution).select_related(
            "request").get(pk=int(export_id))
    except (SubjectAccessExport.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


def subject_access_export_download(*, export: SubjectAccessExport, actor) -> tuple[str, bytes]:
    """The zip (file name, bytes), once, for the request's handler, before it expires; the
    stored copy is then deleted. Audited: who, when, and for which request (its reference)."""
    require_handler(actor, export.request.institution)
    with transaction.atomic():
        export = _lock(export)
        if export.request.handled_by_id != actor.pk:
            raise PermissionDenied("Only the handler of this request can download its export.")
        if export.status == SubjectAccessExport.Status.READY and export.is_expired():
            _discard(export, SubjectAccessExport.Status.EXPIRED)  # kept: the refusal follows
    with transaction.atomic():
        export = _lock(export)
        request = export.request
        if export.status != SubjectAccessExport.Status.READY:
            raise ValidationError({"export": [
                f"This export is {export.get_status_display().lower()}: generate a new one."]})
        with export.file.open("rb") as handle:
            data = decrypt_bytes(handle.read())
        _discard(export, SubjectAccessExport.Status.DOWNLOADED)
        audit_record(institution=request.institution, actor=actor,
                     action="subjectaccess.export_downloaded", obj=request,
                     changes={"reference": request.reference, "export": export.pk,
                              "sha256": export.sha256})
    return f"subject-access-{request.reference}.zip", data


def _lock(export: SubjectAccessExport) -> SubjectAccessExport:
    return SubjectAccessExport.objects.for_institution(export.institution_id).select_for_update(
        of=("self",)).select_related("request__institution").get(pk=export.pk)


def _discard(export: SubjectAccessExport, status: str) -> None:
    name = export.file.name
    storage = export.file.storage
    export.file = ""
    export.status = status
    if status == SubjectAccessExport.Status.DOWNLOADED:
        export.downloaded_at = timezone.now()
    export.save(update_fields=["file", "status", "downloaded_at"])
    if name:
        transaction.on_commit(lambda: storage.delete(name))
