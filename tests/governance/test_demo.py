"""The demo's governance registers (governance/demo.py), as `manage.py seed_demo` loads them:
at both institutions, the declarations (one refusing its declarer on a demo case), the
registers with an overdue review, and the Prevent plan whose overdue item's lead is told."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import User
from cases.models import Case, CaseRole
from governance.models import (
    ActionItem,
    ActionPlan,
    PolicyDocument,
    RelationshipDeclaration,
    RiskAssessment,
)
from institutions.models import Institution
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=False)

D = RelationshipDeclaration


def test_demo_registers_at_both_institutions_with_their_overdue_work(client):
    with time_machine.travel(dt.datetime(2026, 12, 6, 9), tick=False):  # a Sunday
        call_command("seed_demo", verbosity=0)
        today = dt.date(2026, 12, 6)
        for slug in ("kingsway", "midshire"):
            inst = Institution.objects.get(slug=slug)
            declarations = D.objects.for_institution(inst)
            assert declarations.filter(prohibited=True, status=D.Status.AWAITING_REVIEW)
            assert declarations.filter(status=D.Status.REVIEWED, outcome=D.Outcome.MANAGED)
            assert [d for d in declarations.filter(prohibited=True, status=D.Status.REVIEWED,
                                                   ended_on__isnull=False) if d.action_taken]
            # The investigator declared a relationship with the student of the newest case:
            # the decision maker sees them refused as its investigator.
            investigator = User.objects.get(email=f"investigator@{slug}.example")
            case = (Case.objects.for_institution(inst)
                    .get(respondent__student_id="20231001"))
            from cases.conflicts import appointment_conflicts

            assert appointment_conflicts(user=investigator, case=case,
                                         role=CaseRole.INVESTIGATOR) == [
                "declared a personal relationship with a party to this case"]

            risks = RiskAssessment.objects.for_institution(inst)
            assert set(risks.values_list("status", flat=True)) == set(
                RiskAssessment.Status.values)
            assert [r.title for r in risks if r.overdue(today)] == [
                "Welcome week party in the Students' Union bar"]
            policies = PolicyDocument.objects.for_institution(inst)
            overdue = [p for p in policies if p.overdue(today)]
            assert len(overdue) == 1
            if slug == "kingsway":
                assert overdue[0].title == "Disciplinary Procedure for Students"
                assert overdue[0].next_review_on == dt.date(2023, 5, 1)
                assert overdue[0].current_version == "3"

            plan = ActionPlan.objects.for_institution(inst).get()
            items = ActionItem.objects.for_institution(inst).filter(plan=plan)
            assert items.count() == 17
            assert [i.number for i in items if i.overdue(today)] == [2]
            assert plan.current_version == "15"
            lead = User.objects.get(email=f"governance-officer@{slug}.example")
            told = [m for m in OutboxMessage.objects.filter(institution=inst)
                    if lead.email in m.payload.get("to", [])
                    and "Item 2 of" in m.payload.get("subject", "")]
            assert len(told) == 1, told
            assert told[0].payload["subject"].startswith(f"[{inst.name}] Overdue: Item 2")

            client.force_login(lead)
            page = client.get(f"/{slug}/staff/governance/")
            assert page.status_code == 200
            assert "1 item overdue" in page.text
            hr = User.objects.get(email=f"hr-partner@{slug}.example")
            client.force_login(hr)
            assert "1 prohibited" in client.get(f"/{slug}/staff/governance/").text


def test_every_governance_page_of_the_demo_opens_for_its_people(client):
    """Every link under /<slug>/staff/governance/ that the demo's people are shown opens (a
    form, a list, a download; a refusal page for an action shown blocked), at both
    institutions: no page answers 500 or 404 to a link it was offered."""
    import re
    from html import unescape

    with time_machine.travel(dt.datetime(2026, 12, 7, 9), tick=False):  # a Monday
        call_command("seed_demo", verbosity=0)
        for slug in ("kingsway", "midshire"):
            base = f"/{slug}/staff/governance/"
            for key in ("governance-officer", "hr-partner", "investigator", "clerk",
                        "support-caseworker", "institution-admin"):
                client.force_login(User.objects.get(email=f"{key}@{slug}.example"))
                seen, queue = set(), [base]
                while queue:
                    url = queue.pop()
                    if url in seen:
                        continue
                    seen.add(url)
                    response = client.get(url)
                    assert response.status_code == 200, (key, url, response.status_code)
                    if "text/html" not in response["Content-Type"]:
                        continue
                    for href in re.findall(r'href="([^"#?]+)', response.text):
                        href = unescape(href)
                        if href.startswith(base) and href not in seen:
                            queue.append(href)
                assert len(seen) > 5, (key, seen)
