"""Signed checkpoints of each institution's chain head, kept outside the database.

The chain proves that no event in the middle was changed or removed, but not that the last
events are still there: someone with the table owner's rights can delete the tail (or every
event) and rewind the head to match. So once a day (Celery beat, after the anonymous seal) each
institution's head - its last sequence number and HMAC - is signed with an Ed25519 key and
written to ``AUDIT_CHECKPOINT_DIR`` (a file per checkpoint, never overwritten; mount it from a
store the database's administrators cannot rewrite) and mailed to the institution's admins.
``verify_audit`` then checks the chain against every checkpoint: an event a checkpoint pinned
must still be there with the same HMAC.

Ed25519 rather than an HMAC: checking needs only the public key, so a checkpoint mailed to an
admin can be checked by anyone the key is published to, and a server that only verifies holds
nothing that can sign.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from .models import AuditEvent

logger = logging.getLogger(__name__)

KIND = "standing-together audit checkpoint v1"


@dataclass(frozen=True)
class Checkpoint:
    institution_id: int
    institution_slug: str
    last_sequence: int
    last_hmac: str
    taken_at: str  # ISO 8601, UTC
    signature: str = ""
    name: str = ""  # the file it was read from; not signed

    def message(self) -> bytes:
        body = {
            "kind": KIND,
            "institution_id": self.institution_id,
            "institution_slug": self.institution_slug,
            "last_sequence": self.last_sequence,
            "last_hmac": self.last_hmac,
            "taken_at": self.taken_at,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def is_authentic(self) -> bool:
        try:
            public_key().verify(base64.b64decode(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True

    @property
    def taken_on(self) -> str:
        return self.taken_at[:10]

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("name")
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


# -- keys ------------------------------------------------------------------------------------
def _key_bytes(value: str, setting: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{setting} is not base64.") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{setting} must be 32 bytes, base64-encoded.")
    return raw


def signing_key() -> Ed25519PrivateKey:
    value = settings.AUDIT_CHECKPOINT_SIGNING_KEY
    if not value:
        raise ImproperlyConfigured(
            "AUDIT_CHECKPOINT_SIGNING_KEY is not set: audit checkpoints cannot be signed "
            "(`manage.py audit_checkpoint --new-key` makes one).")
    return Ed25519PrivateKey.from_private_bytes(
        _key_bytes(value, "AUDIT_CHECKPOINT_SIGNING_KEY"))


def public_key() -> Ed25519PublicKey:
    if settings.AUDIT_CHECKPOINT_PUBLIC_KEY:
        return Ed25519PublicKey.from_public_bytes(
            _key_bytes(settings.AUDIT_CHECKPOINT_PUBLIC_KEY, "AUDIT_CHECKPOINT_PUBLIC_KEY"))
    return signing_key().public_key()


def new_key_pair() -> tuple[str, str]:
    """A fresh (signing key, public key), base64, for the settings."""
    from core.crypto import signing_key_pair

    return signing_key_pair()


# -- taking and storing ------------------------------------------------------------------------
def _folder(institution_id: int) -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / str(institution_id)


def checkpoint_take(institution) -> Checkpoint:
    """Sign the institution's chain head now and store it; mail it to the admins if the chain
    has grown since the last checkpoint."""
    last = (AuditEvent.objects.for_institution(institution)
            .order_by("-sequence").values("sequence", "hmac").first())
    previous = checkpoints_load(institution.pk)
    checkpoint = Checkpoint(
        institution_id=institution.pk,
        institution_slug=institution.slug,
        last_sequence=last["sequence"] if last else 0,
        last_hmac=last["hmac"] if last else "",
        taken_at=timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
    )
    signature = signing_key().sign(checkpoint.message())
    checkpoint = Checkpoint(**{**asdict(checkpoint),
                               "signature": base64.b64encode(signature).decode()})
    _store(checkpoint)
    if settings.AUDIT_CHECKPOINT_EMAIL and (
            not previous or previous[-1].last_sequence != checkpoint.last_sequence):
        try:
            checkpoint_send(checkpoint, institution_admin_emails(institution))
        except Exception:  # the file is kept; the next day's checkpoint is mailed again
            logger.exception("Could not mail the audit checkpoint of %s", institution.slug)
    return checkpoint


def _store(checkpoint: Checkpoint) -> Path:
    folder = _folder(checkpoint.institution_id)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = checkpoint.taken_at.replace(":", "").replace("-", "").replace("+0000", "Z")
    path = folder / f"{stamp}-{checkpoint.last_sequence:012d}.json"
    temporary = folder / f".{uuid.uuid4().hex}.tmp"
    with open(temporary, "x") as handle:
        handle.write(checkpoint.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temporary, path)  # never overwrites a stored checkpoint
    except FileExistsError:
        pass  # the same head signed in the same second: the same checkpoint
    finally:
        temporary.unlink()
    return path


def checkpoints_load(institution_id: int) -> list[Checkpoint]:
    """Every stored checkpoint of the institution, oldest first. A file that cannot be read
    as a checkpoint is returned unsigned, so that verification reports it."""
    folder = _folder(institution_id)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text())
            found.append(Checkpoint(**{**data, "name": path.name}))
        except (ValueError, TypeError):
            found.append(Checkpoint(institution_id, "", 0, "", "", "", path.name))
    return sorted(found, key=lambda c: (c.taken_at, c.last_sequence, c.name))


# -- sending -----------------------------------------------------------------------------------
#: Who is mailed an institution's checkpoints. ``accounts`` (above audit) sets it to the
#: institution's admins at start-up; unset, nobody is mailed and the file is still kept.
_recipients: Callable[[Any], list[str]] = lambda institution: []  # noqa: E731


def checkpoint_recipients_from(find: Callable[[Any], list[str]]) -> None:
    global _recipients
    _recipients = find


def institution_admin_emails(institution) -> list[str]:
    return _recipients(institution)


def checkpoint_send(checkpoint: Checkpoint, recipients: list[str]) -> None:
    """Mail a checkpoint to the institution's admins: a copy outside the operator's reach.
    Written to the outbox (one message per checkpoint, keyed on its institution and event),
    so a mail outage delays the copy instead of losing it."""
    from outbox.mail import outbox_mail

    with transaction.atomic():
        outbox_mail(
            key=f"audit-checkpoint:{checkpoint.institution_id}:{checkpoint.last_sequence}",
            to=recipients,
            subject=f"Audit checkpoint for {checkpoint.institution_slug}: "
                    f"event {checkpoint.last_sequence}",
            body=(
                "Keep this message. It records how far your institution's audit trail had "
                "got; if events are later removed, `manage.py verify_audit` checked against it "
                "shows it.\n\n" + checkpoint.to_json()),
        )
