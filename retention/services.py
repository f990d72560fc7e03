"""The retention schedule's services (issue 14 item 5): its settings, legal holds, and the run
that reminds, seals and deletes. Each is atomic and audited; none writes personal data into an
event.

Locks: a deletion locks the one record it deletes (``select_for_update(of=("self",))``), then
the audit chain's head, in that order; a hold locks only itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from accounts.permissions import access_institution, require_role
from audit.services import audit_record
from institutions.services.settings import app_settings_set
from reporting.models import Report

from .keys import files_delete, record_files, record_key_shred, record_seal
from .models import Kind, LegalHold, RetentionSettings, Tombstone
from .roles import KEEPERS
from .rules import Rule
from .tombstones import tombstone_make


def retention_settings_set(*, institution, actor, **values) -> RetentionSettings:
    """``values``: the years of each rule, the reminder days, the data protection address."""
    return app_settings_set(RetentionSettings, institution=institution, actor=actor,
                            action="retention.settings_changed", values=values)


def _require_keeper(*, actor, institution) -> None:
    if actor.is_superuser:
        return
    require_role(access_institution(user=actor, institution=institution), KEEPERS)


# -- legal holds ---------------------------------------------------------------------------
@transaction.atomic
def legal_hold_place(*, institution, actor, matter: str, reason: str, case=None,
                     report=None) -> LegalHold:
    """Stop the schedule for a case or a report while ``matter`` lasts."""
    _require_keeper(actor=actor, institution=institution)
    if (case is None) == (report is None):
        raise ValidationError("Name either a case or a report to hold.")
    record = case or report
    if record.institution_id != institution.pk:
        raise PermissionDenied
    if not matter.strip() or not reason.strip():
        raise ValidationError("Name the matter and give the reason.")
    hold = LegalHold.objects.create(
        institution=institution, matter=matter.strip(), reason=reason.strip(), case=case,
        report=report, reference=record.reference, placed_by=actor, placed_on=timezone.localdate())
    audit_record(institution=institution, actor=actor, action="retention.hold_placed",
                 obj=hold, changes={"record": f"{record._meta.label_lower}:{record.pk}"})
    return hold


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, actor, reason: str) -> LegalHold:
    """End the hold: the schedule applies to the record again (a record already past its
    date is deleted by the next run)."""
    _require_keeper(actor=actor, institution=hold.institution)
    hold = LegalHold.objects.for_institution(hold.institution_id).select_for_update(
        of=("self",)).get(pk=hold.pk)
    if hold.released_on is not None:
        raise ValidationError("This hold was already released.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the hold ends."})
    hold.released_on, hold.released_by = timezone.localdate(), actor
    hold.release_reason = reason.strip()
    hold.save(update_fields=["released_on", "released_by", "release_reason"])
    audit_record(institution=hold.institution, actor=actor, action="retention.hold_released",
                 obj=hold)
    return hold


# -- sealing and deletion ------------------------------------------------------------------
@transaction.atomic
def record_seal_once(*, record: Any) -> int:
    """Seal one ended record under its own key (idempotent)."""
    sealed = record_seal(record)
    if sealed:
        audit_record(institution=record.institution, action="retention.record_sealed",
                     obj=record, changes={"values": sealed})
    return sealed


@transaction.atomic
def record_delete(*, rule: Rule, record_id: int, institution, today: dt.date
                  ) -> Tombstone | None:
    """Delete one record the rule says is due: its tombstone first (what insights counts),
    then its key (every sealed copy becomes unreadable), its files and its rows. Answers None,
    changing nothing, if it is no longer due (held, reopened, already deleted) or another
    record's rows still point at it."""
    record = (rule.due_by(institution, today).filter(pk=record_id)
              .select_for_update(of=("self",)).first())
    if record is None:
        return None
    reports = []
    if rule.kind == Kind.CASE:
        reports = list(Report.objects.for_institution(institution).filter(case=record)
                       .select_for_update(of=("self",)))
    try:
        with transaction.atomic():
            tombstone = tombstone_make(obj=record, kind=rule.kind, today=today,
                                       reports=reports)
            audit_record(institution=institution, action="retention.record_deleted",
                         obj=record, changes={"kind": rule.kind, "tombstone": tombstone.pk})
            for report in reports:
                _erase(report)
            _erase(record)
    except ProtectedError:
        return None
    return tombstone


def _erase(record: Any) -> None:
    """Shred the key, delete the rows, and once that is committed the stored files."""
    files = record_files(record)
    # The rows first: deleting them reads the rows that cascade, still under the key.
    type(record).objects.for_institution(record.institution_id).filter(pk=record.pk).delete()
    record_key_shred(record)
    transaction.on_commit(lambda: files_delete(files))
