"""The access log: who read which case material, kept apart from the change chain.

Reads are many and must never wait for one another or for a change. The change chain
(``audit.services.audit_record``) numbers every event per institution, so each append locks the
institution's chain head; reads recorded there made every page view of an institution queue
behind one row and deadlock against changes. An access event is a plain insert instead: no
lock, no sequence number, nothing to wait for.

Tamper evidence comes in batches: :func:`access_seal` (run by the ``access_seal_task`` beat
task) takes an institution's unsealed events, hashes them in id order, and writes the next
:class:`~audit.models.AccessCheckpoint` with an HMAC over that digest and the previous
checkpoint's HMAC. :func:`access_verify` (``manage.py verify_audit``) recomputes every
checkpoint. On PostgreSQL the database refuses DELETE of either and every UPDATE but sealing
(migration 0004). An event read in a transaction that commits after a later one was sealed is
simply sealed in the next batch: a batch is the set of events that point at its checkpoint,
not an id range.
"""

from __future__ import annotations

import hashlib
import hmac as _hmac
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import AccessCheckpoint, AccessEvent

GENESIS = "0" * 64
#: Events per checkpoint at most; a backlog is sealed in several checkpoints.
SEAL_BATCH = 5000


def access_record(*, institution, actor, obj: models.Model, what: str = "") -> AccessEvent:
    """Append one read to the access log. Takes no lock: reads never wait for each other."""
    return AccessEvent.objects.create(
        institution=institution,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=actor.email if actor is not None else "system",
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        what=what[:200],
    )


def _event_line(event: AccessEvent) -> bytes:
    payload = {
        "id": event.pk,
        "institution": event.institution_id,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "what": event.what,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def _checkpoint_hmac(checkpoint: AccessCheckpoint) -> str:
    payload = {
        "institution": checkpoint.institution_id,
        "sequence": checkpoint.sequence,
        "sealed_at": checkpoint.sealed_at.astimezone(UTC).isoformat(),
        "event_count": checkpoint.event_count,
        "first_event_id": checkpoint.first_event_id,
        "last_event_id": checkpoint.last_event_id,
        "events_digest": checkpoint.events_digest,
        "prev": checkpoint.prev_hmac,
    }
    message = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return _hmac.new(settings.AUDIT_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def access_seal(*, institution, batch: int = SEAL_BATCH) -> AccessCheckpoint | None:
    """Seal up to ``batch`` unsealed access events of the institution into the next checkpoint;
    None when there is nothing to seal, or another sealer got there first (the next run seals
    what is left). Locks only the events it seals, which readers never lock."""
    with transaction.atomic():
        events = list(
            AccessEvent.objects.for_institution(institution)
            .filter(checkpoint__isnull=True)
            .order_by("id")
            .select_for_update(of=("self",), skip_locked=True)[:batch]
        )
        if not events:
            return None
        last = (AccessCheckpoint.objects.for_institution(institution)
                .order_by("-sequence").first())
        digest = hashlib.sha256()
        for event in events:
            digest.update(_event_line(event))
        checkpoint = AccessCheckpoint(
            institution_id=events[0].institution_id,
            sequence=(last.sequence + 1) if last else 1,
            sealed_at=timezone.now(),
            event_count=len(events),
            first_event_id=events[0].pk,
            last_event_id=events[-1].pk,
            events_digest=digest.hexdigest(),
            prev_hmac=last.hmac if last else GENESIS,
        )
        checkpoint.hmac = _checkpoint_hmac(checkpoint)
        try:
            with transaction.atomic():
                checkpoint.save(force_insert=True)
        except IntegrityError:
            return None  # a concurrent sealer took this sequence number
        AccessEvent.objects.for_institution(institution).filter(
            pk__in=[e.pk for e in events]).update(checkpoint=checkpoint)
    return checkpoint


def access_seal_all() -> int:
    """Seal every institution's unsealed access events; the number of checkpoints written.
    One institution at a time, each batch in its own transaction for that institution (with
    row-level security, ``core.rls``, a transaction sees one institution's events)."""
    from core.rls import tenant_transaction
    from institutions.models import Institution

    written = 0
    for institution in Institution.objects.order_by("pk"):
        while True:
            with tenant_transaction(institution.pk):
                if not AccessEvent.objects.for_institution(institution).filter(
                        checkpoint__isnull=True).exists():
                    break
                sealed = access_seal(institution=institution)
            if sealed is None:
                break
            written += 1
    return written


def access_checkpoint_count(institution) -> int:
    return AccessCheckpoint.objects.for_institution(institution).count()


@dataclass(frozen=True)
class BrokenSeal:
    institution_id: int
    sequence: int
    reason: str


def access_verify(institution) -> BrokenSeal | None:
    """The first checkpoint of the institution's access log that does not hold, or None."""
    checkpoints = list(AccessCheckpoint.objects.for_institution(institution).order_by("sequence"))
    expected_prev = GENESIS
    for expected_seq, checkpoint in enumerate(checkpoints, start=1):
        if checkpoint.sequence != expected_seq:
            return BrokenSeal(institution.pk, expected_seq,
                              f"checkpoint {expected_seq} is missing "
                              f"(next is {checkpoint.sequence})")
        if checkpoint.prev_hmac != expected_prev:
            return BrokenSeal(institution.pk, checkpoint.sequence,
                              "does not link to the previous checkpoint")
        if not _hmac.compare_digest(checkpoint.hmac, _checkpoint_hmac(checkpoint)):
            return BrokenSeal(institution.pk, checkpoint.sequence, "checkpoint was changed")
        expected_prev = checkpoint.hmac
    by_id = {c.pk: c for c in checkpoints}
    digests: dict[int, Any] = {}
    counts: dict[int, int] = {}
    sealed = (AccessEvent.objects.for_institution(institution)
              .filter(checkpoint__isnull=False).order_by("checkpoint_id", "id")
              .iterator(chunk_size=2000))
    for event in sealed:
        if event.checkpoint_id not in by_id:
            return BrokenSeal(institution.pk, 0,
                              f"access event {event.pk} is sealed by an unknown checkpoint")
        digests.setdefault(event.checkpoint_id, hashlib.sha256()).update(_event_line(event))
        counts[event.checkpoint_id] = counts.get(event.checkpoint_id, 0) + 1
    for checkpoint in checkpoints:
        if counts.get(checkpoint.pk, 0) != checkpoint.event_count:
            return BrokenSeal(institution.pk, checkpoint.sequence,
                              f"{checkpoint.event_count} reads were sealed, "
                              f"{counts.get(checkpoint.pk, 0)} remain")
        digest = digests.get(checkpoint.pk, hashlib.sha256()).hexdigest()
        if not _hmac.compare_digest(digest, checkpoint.events_digest):
            return BrokenSeal(institution.pk, checkpoint.sequence,
                              "a sealed read was changed")
    return None
