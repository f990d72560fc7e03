"""Email through the outbox: ``outbox_mail`` writes it in the caller's transaction; the "mail"
handler sends it when the relay runs. The email's Message-ID is derived from the message's
idempotency key, so a second delivery after a crash (at-least-once) is the same email."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.crypto import salted_hmac

from .models import OutboxMessage
from .registry import register
from .services import outbox_enqueue, outbox_enqueue_many

KIND = "mail"


def outbox_mail(*, key: str, to: list[str], subject: str, body: str, institution=None
                ) -> OutboxMessage | None:
    """Queue one email (nothing when there is nobody to send it to)."""
    recipients = [address for address in to if address]
    if not recipients:
        return None
    return outbox_enqueue(kind=KIND, key=key, institution=institution,
                          payload={"to": recipients, "subject": subject, "body": body})


def outbox_mail_many(*, mails: list[tuple[str, list[str], str, str]], institution=None) -> int:
    """Queue many emails at once: ``(key, to, subject, body)`` each; those with nobody to
    send to are left out. Returns how many were queued."""
    messages = [(key, {"to": [a for a in to if a], "subject": subject, "body": body})
                for key, to, subject, body in mails if any(to)]
    return outbox_enqueue_many(kind=KIND, messages=messages, institution=institution)


def message_id(key: str) -> str:
    """Stable for a key, and reveals nothing of it (no internal ids in mail headers)."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    digest = salted_hmac("outbox.message-id", key, algorithm="sha256").hexdigest()[:40]
    return f"<{digest}@{domain}>"


@register(KIND)
def send(message: OutboxMessage) -> None:
    payload = message.payload
    mail_send(key=message.key, to=payload["to"], subject=payload["subject"],
              body=payload["body"])


def mail_send(*, key: str, to: list[str], subject: str, body: str) -> None:
    """Send now, from a handler the relay runs: the Message-ID comes from the message's key."""
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to,
                 headers={"Message-ID": message_id(key)}).send(fail_silently=False)
