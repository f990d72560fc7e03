"""Every audit event type is declared by the app that writes it (issue 8 §3): an undeclared
type fails where it is written instead of entering the chain."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from audit.models import AuditEvent
from audit.registry import UnknownAuditEvent, register_audit_events, registered_events
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_an_undeclared_event_type_fails_when_written_and_nothing_is_recorded(kingsway):
    with pytest.raises(UnknownAuditEvent, match="case.opend"):
        audit_record(institution=kingsway, action="case.opend")
    assert not AuditEvent.objects.for_institution(kingsway).filter(action="case.opend").exists()


def test_each_app_declares_its_own_events():
    events = registered_events()
    assert events["case.opened"] == "cases"
    assert events["report.submitted"] == "reporting"
    assert events["deadline.registered"] == "institutions"
    assert events["accounts.role_granted"] == "accounts"
    assert events["board.hearing_*"] == "cases"


def test_two_apps_cannot_claim_one_event():
    with pytest.raises(ImproperlyConfigured, match="case.opened"):
        register_audit_events("reporting", ["case.opened"])
