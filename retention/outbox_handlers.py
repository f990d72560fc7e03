"""Outbox handlers of the retention schedule (found by ``outbox.apps.OutboxConfig.ready``)."""

from __future__ import annotations

from accounts.selectors import members_with_role
from institutions.models import Institution
from outbox.mail import mail_send
from outbox.registry import register

from .models import Kind, RetentionSettings
from .roles import DATA_PROTECTION_OFFICER
from .run import REMINDER


def reminder_recipients(institution) -> list[str]:
    """The data protection contact's address, else every data protection officer."""
    address = RetentionSettings.of(institution).data_protection_email
    if address:
        return [address]
    return [email for email in members_with_role(
        institution=institution, role=DATA_PROTECTION_OFFICER).values_list(
        "user__email", flat=True) if email]


@register(REMINDER)
def reminder_deliver(message) -> None:
    """Tell the data protection contact a record is due for deletion: its reference, kind and
    date only (idempotent: the same Message-ID on a second delivery)."""
    institution = Institution.objects.get(pk=message.institution_id)
    recipients = reminder_recipients(institution)
    if not recipients:
        return
    payload = message.payload
    kind = Kind(payload["kind"]).label
    mail_send(key=message.key, to=recipients,
              subject=f"[{institution.name}] {payload['reference']} is due for deletion",
              body=(f"{kind} {payload['reference']} is due for deletion under the retention "
                    f"schedule on {payload['due_on']}. To keep it, place a legal hold on it "
                    "before then (staff pages: Retention)."))
