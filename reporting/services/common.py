"""Shared pieces of every Report + Support change: locking, audit, evidence storage.

Lock order: the report row first (:func:`lock`), then the child rows the service changes,
then the audit chain head last (``audit_record``); see ``cases.services.common`` for the
whole order and why only the report row itself is locked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from django.core.files.base import ContentFile
from django.utils import timezone

from audit.services import audit_record
from audit.uploads import uploads_accept
from core.crypto import encrypt_bytes
from core.errors import DomainRefusal
from core.uploads import CheckedUpload

from ..models import Report


class ReportError(DomainRefusal):
    """The report cannot make this change now; the message says why."""


def lock(report: Report) -> Report:
    """The report, re-read and locked for this transaction: its own row only, not the
    institution's (every insert of a tenant row key-shares that one)."""
    return (Report.objects.for_institution(report.institution_id)
            .select_for_update(of=("self",), no_key=True)
            .select_related("institution").get(pk=report.pk))


def record(report: Report, action: str, *, actor=None, reporter: bool = False,
           **changes) -> None:
    """Audit a change. Events caused by an anonymous reporter keep the date only."""
    audit_record(
        institution=report.institution, actor=actor, action=action, obj=report,
        changes=changes, anonymous=reporter and report.is_anonymous,
        actor_label="named reporter" if reporter and not report.is_anonymous else "")


def reporter_uploads(files, *, institution, report: Report | None = None
                     ) -> list[CheckedUpload]:
    """A reporter's files, each checked once by the shared rule (core.uploads: type from the
    content, a safe name, the virus check where configured); ValidationError on ``files``
    naming the problem. Call it before the service's transaction (see audit.uploads)."""
    return uploads_accept(files, field="files", institution=institution,
                          where="report evidence", obj=report, reporter=True)


def store_encrypted(field_file, name: str, data: bytes) -> str:
    """Save encrypted. On a filesystem the file's times, and those of the folders it was saved
    in (whose mtime changes as a file is added), are set to midnight of today, so the disk
    does not keep the time of day an anonymous reporter gave it. (The inode's ctime cannot be
    set: the daily housekeeping re-touches recent files so it tells only that day's sweep.)"""
    sha = hashlib.sha256(data).hexdigest()
    field_file.save(f"{sha[:24]}.bin", ContentFile(encrypt_bytes(data)), save=False)
    try:
        path = field_file.path
    except NotImplementedError:  # storage without local paths (object stores)
        return sha
    if not os.path.isfile(path):  # e.g. in-memory storage, which still names a path
        return sha
    midnight = dt.datetime.combine(timezone.localdate(), dt.time.min,
                                   tzinfo=timezone.get_current_timezone()).timestamp()
    root = os.path.realpath(field_file.storage.location)
    place = os.path.realpath(path)
    while place.startswith(root + os.sep):
        os.utime(place, (midnight, midnight))
        place = os.path.dirname(place)
    return sha


def today():
    return timezone.localdate()

