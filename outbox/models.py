"""One row per follow-up that must happen after a change commits (an email, a letter's PDF)."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField


class EncryptedJSONField(EncryptedTextField):
    """JSON encrypted at rest (core/crypto.py). Outbox payloads can carry a reporter's address
    and a message to them; ``manage.py rotate_encryption`` re-encrypts it like any
    EncryptedTextField."""

    description = "JSON encrypted at rest"
    # For django-stubs: the value is any JSON, not the text it is stored as.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value):
        if value is None:
            return None
        return super().get_prep_value(json.dumps(value, cls=DjangoJSONEncoder))

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else {}

    def to_python(self, value):
        return value


class OutboxMessage(models.Model):
    """Written in the same transaction as the change that needs it, so the follow-up exists if
    and only if the change does; delivered afterwards by ``outbox_relay``.

    Not a TenantModel: system messages have no institution, and the relay works across
    institutions by design (each message is delivered in its own institution's context)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be delivered"
        SENT = "sent", "Delivered"
        FAILED = "failed", "Failed permanently"

    institution = models.ForeignKey(
        "institutions.Institution", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="Empty for system messages.")
    kind = models.CharField(max_length=60, help_text="Which registered handler delivers it.")
    key = models.CharField(
        max_length=200, unique=True,
        help_text="Idempotency key: enqueueing the same follow-up twice makes one message.")
    payload = EncryptedJSONField(
        default=dict, blank=True,
        help_text="What the handler needs, encrypted; emptied once delivered.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(
        max_length=200, blank=True,
        help_text="The kind of error of the last failed attempt (never its text, which may "
                  "name a person).")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The relay's query: due pending messages, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"
