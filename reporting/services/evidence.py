"""Opening a file a reporter gave: decrypted, audited, and named so that only identity
custodians see the original file name (it can carry the reporter's name)."""

from __future__ import annotations

from audit.services import audit_read
from core.crypto import decrypt_bytes
from core.filetypes import BY_MIME

from ..models import ReportEvidence


def evidence_download_name(evidence: ReportEvidence, *, custodian: bool) -> str:
    if custodian:
        return evidence.original_name or f"file-{evidence.pk}"
    kind = BY_MIME.get(evidence.content_type)
    extension = f".{kind.extension}" if kind else ""
    return f"{evidence.report.reference}-file-{evidence.pk}{extension}"


def report_evidence_open(*, evidence: ReportEvidence, actor) -> bytes:
    """The decrypted file for someone who may see the report (the caller checked
    need-to-know); every download is audited."""
    with evidence.file.open("rb") as handle:
        data = decrypt_bytes(handle.read())
    audit_read(institution=evidence.report.institution, actor=actor, obj=evidence,
               what="report evidence download")
    return data


#: The folders under MEDIA_ROOT that hold what reporters gave (ReportEvidence, drafts).
REPORTER_FOLDERS = ("report-evidence", "report-drafts")


def evidence_times_blur(*, location: str, recent_seconds: int = 2 * 24 * 60 * 60) -> int:
    """Daily: hide the time of day of anonymous uploads and draft deletions on disk.

    A file's ctime cannot be set, but any change of its times resets it to now: re-touching
    every recently changed file (keeping its midnight mtime) makes all of them carry the ctime
    of this sweep. Folders' mtimes (changed when a draft file is deleted at submission) go back
    to midnight of their day. Returns how many files were touched."""
    import datetime as dt
    import os
    import time

    from django.utils import timezone

    def midnight_of(timestamp: float) -> float:
        day = dt.datetime.fromtimestamp(timestamp, tz=timezone.get_current_timezone()).date()
        return dt.datetime.combine(day, dt.time.min,
                                   tzinfo=timezone.get_current_timezone()).timestamp()

    touched = 0
    since = time.time() - recent_seconds
    for folder in REPORTER_FOLDERS:
        top = os.path.join(location, folder)
        for here, _dirs, names in os.walk(top, topdown=False):
            for name in names:
                path = os.path.join(here, name)
                stat = os.stat(path)
                if stat.st_ctime >= since:
                    mtime = midnight_of(stat.st_mtime)
                    os.utime(path, (mtime, mtime))
                    touched += 1
            day = midnight_of(os.stat(here).st_mtime)
            os.utime(here, (day, day))
    return touched


#: Default most bytes of files reporters may give one institution in a day (settings may
#: override with REPORT_EVIDENCE_BYTES_PER_DAY).
EVIDENCE_BYTES_PER_DAY = 1024 * 1024 * 1024


def evidence_quota_check(*, institution, incoming: int) -> None:
    """Refuse files that would take an institution's reporter uploads of today (kept files
    and files waiting in unfinished forms) past its daily quota, so a flood of uploads fills
    one day's allowance, not the disk. ValidationError on ``files`` with a clear message.
    Counted from the rows themselves: exact, and unaffected by a cache outage."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.db.models import Sum
    from django.utils import timezone

    from ..models import ReportDraftFile

    if incoming <= 0:
        return  # no files: nothing to refuse (and no sums to count)
    quota = getattr(settings, "REPORT_EVIDENCE_BYTES_PER_DAY", EVIDENCE_BYTES_PER_DAY)
    kept = (ReportEvidence.objects.for_institution(institution)
            .filter(from_reporter=True, added_on=timezone.localdate())
            .aggregate(total=Sum("size"))["total"] or 0)
    waiting = (ReportDraftFile.objects.for_institution(institution)
               .aggregate(total=Sum("size"))["total"] or 0)
    if kept + waiting + incoming > quota:
        raise ValidationError({"files": [
            "We cannot take more files today: the space for files sent to us today is full. "
            "Send what you wrote without the file, and describe what it shows; you can add "
            "the file tomorrow with your receipt."]})


def upload_size(files) -> int:
    return sum(getattr(f, "size", 0) or 0 for f in files if f)
