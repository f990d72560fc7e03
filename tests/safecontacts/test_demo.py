"""The demo's Safe Contact scheme (safecontacts/demo.py), as `manage.py seed_demo` loads it:
every step of the pipeline at both institutions, and real work for the demo's EDI
administrator and Safe Contact, in the pages they use."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from institutions.models import Institution
from outbox.models import OutboxMessage
from precautionary.models import RiskAssessmentRequest
from safecontacts.commitments import commitments_overview
from safecontacts.directory import directory
from safecontacts.models import ContactLogEntry, EqualityTally, SafeContact, Session
from safecontacts.policies import policies, state_for
from safecontacts.selectors import RecordFilters, record_queue

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_has_the_scheme_at_every_step_and_work_for_its_logins(client):
    with time_machine.travel(dt.datetime(2026, 12, 6, 9), tick=False):  # a Sunday
        call_command("seed_demo", verbosity=0)
        today = dt.date(2026, 12, 6)
        for slug in ("kingsway", "midshire"):
            inst = Institution.objects.get(slug=slug)
            records = SafeContact.objects.for_institution(inst)
            assert set(records.values_list("stage", flat=True)) == set(SafeContact.Stage.values)
            assert records.filter(line_manager_permission=False)
            entries = directory(institution=inst, today=today)
            assert len(entries) == 5
            assert any(e.sexual_violence for e in entries)
            me = User.objects.get(email=f"safe-contact@{slug}.example")
            mine = next(e for e in entries if e.contact_email == me.email)
            assert mine.kind == "Safe Contact (Sexual Violence)"
            assert Session.objects.for_institution(inst).count() == 2
            assert EqualityTally.objects.for_institution(inst).exists()
            # The Safe Contact's log, with a referral to the group with consent.
            log = ContactLogEntry.objects.for_institution(inst).filter(
                safe_contact__person=me)
            assert log.count() >= 5
            assert log.filter(hmg_referred=False)
            assert RiskAssessmentRequest.objects.for_institution(inst).filter(
                contact_log_entry__safe_contact__person=me, contact_consent=True)
            # The EDI administrator's work: an overdue chat, an induction to confirm, a
            # biography to approve, and Safe Contacts behind on their commitments.
            edi = User.objects.get(email=f"edi-admin@{slug}.example")
            assert record_queue(institution=inst, filters=RecordFilters(overdue=True))
            ready = [key for r in records.filter(stage__in=SafeContact.PIPELINE)
                     for key in policies.keys
                     if policies.refusal(key, state_for(record=r, actor=edi)) is None]
            assert {"chat_record", "induction_confirm", "publish"} <= set(ready)
            assert commitments_overview(institution=inst, today=today).behind
            assert OutboxMessage.objects.filter(institution=inst,
                                                key__contains="escalated").exists()
            # The pages they use.
            client.force_login(edi)
            for name in ("home", "list", "commitments", "sessions", "equality",
                         "log_summary"):
                assert client.get(reverse(f"staff:safecontacts:{name}", args=[slug])
                                  ).status_code == 200, name
            for record in records:
                assert client.get(reverse("staff:safecontacts:detail",
                                          args=[slug, record.pk])).status_code == 200
            client.force_login(me)
            for name in ("home", "log", "log_new"):
                assert client.get(reverse(f"staff:safecontacts:{name}", args=[slug])
                                  ).status_code == 200, name
            dashboard = client.get(reverse("staff:dashboard", args=[slug])).content.decode()
            assert "Record a contact" in dashboard
            public = client.get(f"/{slug}/safe-contacts/").content.decode()
            assert "Safe Contact (Sexual Violence)" in public
