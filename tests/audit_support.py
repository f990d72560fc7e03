"""Reading a test institution's audit chain."""

from audit.models import AuditEvent


def events(institution, action: str = "") -> list[AuditEvent]:
    """The institution's events, oldest first; only ``action``'s when given."""
    qs = AuditEvent.objects.for_institution(institution).order_by("sequence")
    return list(qs.filter(action=action) if action else qs)


def actions(institution) -> list[str]:
    return [e.action for e in events(institution)]
