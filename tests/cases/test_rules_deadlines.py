"""Deadline services as the case rules use them: dated deadlines of a chosen kind, and
deadlines of anonymous submissions that keep no time of day."""

import pytest
from django.utils import timezone

from audit.anonymous import audit_seal_anonymous
from audit.models import AuditEvent
from institutions.models import Deadline
from institutions.procedure import Rule
from institutions.services.deadlines import deadline_register, deadline_register_date

from .rules_support import at, d

pytestmark = pytest.mark.django_db


def test_anonymous_deadline_keeps_no_time_of_day(kingsway, ks):
    """An anonymous reporter's submission keeps only dates: the deadline registered for it
    stores the day, not the time, in its row and in its audit event."""
    subject = kingsway
    with at("2026-12-24", hour=23):
        deadline = deadline_register(institution=kingsway, subject=subject,
                                     rule=Rule.SUPPORT_FIRST_CONTACT, cohort="standard",
                                     start=d("2026-12-24"), anonymous=True)
    local = timezone.localtime(deadline.created_at)
    assert (local.date(), local.hour, local.minute) == (d("2026-12-24"), 0, 0)
    audit_seal_anonymous(institution=kingsway, today=d("2026-12-25"))  # after its day
    event = AuditEvent.objects.for_institution(kingsway).get(action="deadline.registered")
    assert event.occurred_at is None
    assert event.occurred_on == d("2026-12-24")
    assert event.actor is None


def test_dated_deadline_may_be_a_window(kingsway):
    with at("2026-12-14"):
        window = deadline_register_date(
            institution=kingsway, subject=kingsway, purpose="Witness names", start=d("2026-12-14"),
            due=d("2026-12-24"), description="5 working days before the hearing (§58)",
            rule=Rule.BOARD_WITNESS_LIST, kind=Deadline.Kind.WINDOW)
        action = deadline_register_date(
            institution=kingsway, subject=kingsway, purpose="Something", start=d("2026-12-14"),
            due=d("2026-12-24"), description="by hand")
    assert (window.kind, action.kind) == (Deadline.Kind.WINDOW, Deadline.Kind.ACTION)
