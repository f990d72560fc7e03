"""An append-only, tamper-evident record of every state change and every read of case material.

Each event carries an HMAC (key ``settings.AUDIT_HMAC_KEY``) over its own fields and the HMAC of
the previous event of the same institution, so editing, deleting or reordering any event breaks
the chain from that point (``manage.py verify_audit``). On PostgreSQL a trigger also refuses
UPDATE and DELETE on the table (migration 0003).

Events about anonymous reporters keep only the date (``occurred_at`` is empty); no event stores
an IP address or user agent. They wait in :class:`PendingAnonymousEvent` until their day has
ended, so that their place in the numbered chain says no more than their date
(``audit/anonymous.py``).
"""

from __future__ import annotations

import uuid

from django.db import models

from core.tenancy.scoping import TenantModel


class AuditEvent(TenantModel):
    sequence = models.PositiveBigIntegerField(help_text="1, 2, 3 ... per institution.")
    occurred_on = models.DateField()
    occurred_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty for events about anonymous reporters."
    )
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    prev_hmac = models.CharField(max_length=64)
    hmac = models.CharField(max_length=64)

    class Meta:
        base_manager_name = "objects"
        ordering = ["institution_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "sequence"], name="uniq_audit_sequence"
            )
        ]
        indexes = [models.Index(fields=["institution", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(TenantModel):
    """The last link of an institution's chain, locked while an event is appended so two
    writers cannot both take the same sequence number."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hmac = models.CharField(max_length=64, default="")

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["institution"], name="uniq_audit_chain_head")
        ]


class AccessCheckpoint(TenantModel):
    """A sealed batch of an institution's access events (``audit.access``).

    Reads are not chained one by one (that would make every read of an institution wait for
    the one before it); a periodic task seals what has been read since the last checkpoint
    into the next one: an HMAC over the batch's digest and the previous checkpoint's HMAC.
    """

    sequence = models.PositiveBigIntegerField(help_text="1, 2, 3 ... per institution.")
    sealed_at = models.DateTimeField()
    event_count = models.PositiveIntegerField()
    first_event_id = models.PositiveBigIntegerField()
    last_event_id = models.PositiveBigIntegerField()
    events_digest = models.CharField(max_length=64)
    prev_hmac = models.CharField(max_length=64)
    hmac = models.CharField(max_length=64)

    class Meta:
        base_manager_name = "objects"
        ordering = ["institution_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "sequence"], name="uniq_access_checkpoint_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"checkpoint #{self.sequence} ({self.event_count} reads)"


class AccessEvent(TenantModel):
    """One read of case material by a member of staff: append-only, inserted without any lock.

    ``checkpoint`` is empty until the batch is sealed; the database lets it be set once and
    refuses every other UPDATE and every DELETE (migration 0004).
    """

    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    what = models.CharField(max_length=200, blank=True)
    checkpoint = models.ForeignKey(
        AccessCheckpoint, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        base_manager_name = "objects"
        ordering = ["institution_id", "id"]
        indexes = [
            models.Index(fields=["institution", "object_type", "object_id"]),
            models.Index(
                fields=["institution", "id"],
                condition=models.Q(checkpoint__isnull=True),
                name="access_event_unsealed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_label} read {self.object_type}:{self.object_id}"


class PendingAnonymousEvent(TenantModel):
    """An event about an anonymous reporter, held back until its day has ended.

    It keeps the date only, and its id is random, so neither its columns nor its order say when
    in the day it happened. ``audit_seal_anonymous`` appends the day's events to the chain after
    the day is over and deletes them from here.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_on = models.DateField()
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        base_manager_name = "objects"
        indexes = [models.Index(fields=["institution", "occurred_on"])]

    def __str__(self) -> str:
        return f"pending {self.action} {self.object_type}:{self.object_id} ({self.occurred_on})"
