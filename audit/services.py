"""Writing and checking the audit trail. Services call :func:`audit_record` explicitly, inside
their own transaction, so an event exists exactly when the change it describes does."""

from __future__ import annotations

import hashlib
import hmac as _hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .access import access_record
from .models import AccessEvent, AuditChainHead, AuditEvent, PendingAnonymousEvent
from .registry import require_known_event

GENESIS = "0" * 64
ANONYMOUS_LABEL = "anonymous reporter"
SYSTEM_LABEL = "system"


def _canonical(value: Any) -> Any:
    """JSON-safe, round-trip-stable form of ``changes`` (what the database will give back)."""
    return json.loads(json.dumps(value or {}, default=str, sort_keys=True))


def compute_hmac(event: AuditEvent) -> str:
    occurred_at = event.occurred_at
    payload = {
        "institution": event.institution_id,
        "sequence": event.sequence,
        "occurred_on": event.occurred_on.isoformat(),
        "occurred_at": (
            occurred_at.astimezone(UTC).isoformat() if occurred_at else None
        ),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "changes": event.changes,
        "prev": event.prev_hmac,
    }
    message = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return _hmac.new(settings.AUDIT_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def _object_identity(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def audit_record(
    *,
    institution,
    actor=None,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    anonymous: bool = False,
    actor_label: str = "",
) -> AuditEvent | PendingAnonymousEvent:
    """Append one event to the institution's chain. ``action`` must be an event type its app
    declared (audit/registry.py), or this raises ``UnknownAuditEvent``.

    ``actor`` is the user who acted (None for the system or a reporter, who has no account;
    ``actor_label`` then says who, e.g. "named reporter").
    ``anonymous=True`` keeps only the date of the event, never the time, and does not append it
    now: appended at once, its place between timed staff events would give its time to within
    seconds. It waits as a :class:`PendingAnonymousEvent` until its day is over and is then
    appended with the rest of that day's anonymous events in a random order
    (``audit.anonymous.audit_seal_anonymous``, run daily by Celery beat).
    """
    require_known_event(action)
    now = timezone.now()
    object_type, object_id = _object_identity(obj)
    if anonymous:
        return PendingAnonymousEvent.objects.create(
            institution=institution, occurred_on=timezone.localdate(now), action=action,
            object_type=object_type, object_id=object_id, changes=_canonical(changes))
    label = actor.email if actor is not None else (actor_label or SYSTEM_LABEL)
    with transaction.atomic():
        return append_event(
            _lock_head(institution), occurred_on=timezone.localdate(now), occurred_at=now,
            actor=actor, actor_label=label, action=action, object_type=object_type,
            object_id=object_id, changes=_canonical(changes))


def audit_record_many(*, institution,
                      events: Sequence[tuple[str, models.Model | tuple[str, str], dict]],
                      actor=None, actor_label: str = "", batch_size: int = 1000) -> int:
    """Append many events to the institution's chain in one go: ``events`` are
    ``(action, object, changes)``, the object a model instance or ``(object_type, object_id)``.
    The chain head is locked once and the events are inserted ``batch_size`` at a time, each
    linked to the one before as :func:`audit_record` links them (the daily sweep's events:
    a constant number of statements per thousand events, not three per event)."""
    if not events:
        return 0
    for action in {action for action, _obj, _changes in events}:
        require_known_event(action)
    now = timezone.now()
    label = actor.email if actor is not None else (actor_label or SYSTEM_LABEL)
    # No savepoint inside the caller's transaction: a failure here fails the caller's change
    # with it (as it must: no change without its events), two statements fewer.
    with transaction.atomic(savepoint=False):
        head = _lock_head(institution)
        sequence, prev = head.last_sequence, head.last_hmac or GENESIS
        rows = []
        for action, obj, changes in events:
            object_type, object_id = (obj if isinstance(obj, tuple)
                                      else _object_identity(obj))
            sequence += 1
            event = AuditEvent(
                institution_id=head.institution_id, sequence=sequence, prev_hmac=prev,
                occurred_on=timezone.localdate(now), occurred_at=now, actor=actor,
                actor_label=label, action=action, object_type=object_type,
                object_id=str(object_id), changes=_canonical(changes))
            event.hmac = prev = compute_hmac(event)
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
        head.last_sequence, head.last_hmac = sequence, prev
        head.save(update_fields=["last_sequence", "last_hmac"])
    return len(rows)


def append_event(head: AuditChainHead, **fields) -> AuditEvent:
    """Append an event after ``head``, which the caller has locked (``_lock_head``)."""
    event = AuditEvent(
        institution_id=head.institution_id,
        sequence=head.last_sequence + 1,
        prev_hmac=head.last_hmac or GENESIS,
        **fields,
    )
    event.hmac = compute_hmac(event)
    event.save(force_insert=True)
    head.last_sequence, head.last_hmac = event.sequence, event.hmac
    head.save(update_fields=["last_sequence", "last_hmac"])
    return event


def audit_read(*, institution, actor, obj: models.Model, what: str = "") -> AccessEvent:
    """Record that ``actor`` read case material (a case, a report, a document ...).

    Reads go to the access log (``audit.access``), not to the change chain: an insert that
    takes no lock, so a page view never waits for, or deadlocks with, a change."""
    return access_record(institution=institution, actor=actor, obj=obj, what=what)


def _lock_head(institution) -> AuditChainHead:
    heads = AuditChainHead.objects.for_institution(institution).select_for_update()
    head = heads.first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(institution=institution)
    except IntegrityError:
        pass  # another writer created it first
    return heads.get()


@dataclass(frozen=True)
class BrokenLink:
    institution_id: int
    sequence: int
    reason: str


def audit_verify(institution) -> BrokenLink | None:
    """The first broken link in the institution's chain, or None when the chain holds.

    Besides the links themselves, the chain must still reach every signed checkpoint stored
    outside the database (``audit/checkpoints.py``) with the same HMAC there: that is what shows
    a removed tail, a deleted chain or a rewound head, which leave a shorter chain that links.
    """
    from .checkpoints import checkpoints_load

    checkpoints = checkpoints_load(institution.pk)
    for checkpoint in checkpoints:
        if checkpoint.institution_id != institution.pk or not checkpoint.is_authentic():
            return BrokenLink(
                institution.pk, checkpoint.last_sequence,
                f"checkpoint {checkpoint.name} is not validly signed: it was forged or altered")
    pinned: dict[int, list] = {}
    for checkpoint in checkpoints:
        pinned.setdefault(checkpoint.last_sequence, []).append(checkpoint)
    expected_prev, expected_seq = GENESIS, 1
    for event in _events(institution):
        if event.sequence != expected_seq:
            return BrokenLink(
                institution.pk,
                expected_seq,
                f"event {expected_seq} is missing (next is {event.sequence})",
            )
        if event.prev_hmac != expected_prev:
            return BrokenLink(
                institution.pk, event.sequence, "does not link to the previous event"
            )
        if not _hmac.compare_digest(event.hmac, compute_hmac(event)):
            return BrokenLink(institution.pk, event.sequence, "contents were changed")
        for checkpoint in pinned.get(event.sequence, ()):
            if not _hmac.compare_digest(event.hmac, checkpoint.last_hmac):
                return BrokenLink(
                    institution.pk, event.sequence,
                    f"event {event.sequence} is not the one the checkpoint of "
                    f"{checkpoint.taken_on} signed: the chain was rewritten up to here")
        expected_prev, expected_seq = event.hmac, expected_seq + 1
    last = expected_seq - 1
    furthest = max(checkpoints, key=lambda c: c.last_sequence, default=None)
    if furthest is not None and furthest.last_sequence > last:
        removed = ("the whole chain was deleted" if last == 0
                   else f"events {last + 1} to {furthest.last_sequence} were removed")
        return BrokenLink(
            institution.pk, last + 1,
            f"chain ends at {last} but the checkpoint of {furthest.taken_on} signed "
            f"{furthest.last_sequence} events: {removed}")
    head = AuditChainHead.objects.for_institution(institution).first()
    if head is not None and head.last_sequence != last:
        return BrokenLink(
            institution.pk,
            last + 1,
            f"chain ends at {last} but {head.last_sequence} events were written",
        )
    return None


def _events(institution) -> Iterator[AuditEvent]:
    return (
        AuditEvent.objects.for_institution(institution)
        .order_by("sequence")
        .iterator(chunk_size=2000)
    )


def audit_admin_write(*, actor, obj: models.Model, change: str,
                      fields=()) -> AuditEvent | PendingAnonymousEvent | None:
    """Record a change made in the Django admin (who may act, time limits, penalty authorities,
    templates, closure days ...) in the institution's chain, in the admin's own transaction.

    ``change`` is "created", "changed" or "deleted"; ``fields`` names what changed. Values are
    not copied into the chain (a declaration names a person): the object itself keeps them, and
    the event says who changed which field of which object, and when. An object that belongs to
    no institution (a user account, edited only by superusers) is not in any tenant's chain.
    """
    institution_id = getattr(obj, "institution_id", None)
    if institution_id is None and obj._meta.label_lower == "institutions.institution":
        institution_id = obj.pk
    if institution_id is None:
        return None
    from institutions.models import Institution

    institution = Institution.objects.get(pk=institution_id)
    return audit_record(
        institution=institution, actor=actor, obj=obj,
        action=f"admin.{obj._meta.label_lower}.{change}",
        changes={"fields": sorted(fields), "object": str(obj)[:200]}
        if obj._meta.label_lower in SAFE_TO_NAME else {"fields": sorted(fields)},
    )


#: Objects whose name may be written in the chain (it names no reporter, party or witness).
SAFE_TO_NAME = frozenset({
    "accounts.membershiprole", "accounts.qualification", "institutions.timelimit",
    "institutions.closureday", "institutions.academicterm", "institutions.rolelabel",
    "cases.penaltyauthority", "cases.penaltytype", "cases.appealground", "letters.lettertemplate",
    "reporting.reportcategory", "reporting.reporttag", "reporting.supportservice",
})
