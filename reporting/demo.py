"""Demo disclosures and reports in every state, in both demo institutions. Runs once."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from institutions.models import Institution

from .models import Report
from .secrets import receipt_hmac, receipt_normalise
from .services.casework import (
    appointment_record,
    message_send,
    note_add,
    report_assign,
    report_close,
    report_refer_risk,
    report_set_status,
    support_action_record,
)
from .services.escalation import report_escalate
from .services.setup import reporting_defaults_apply
from .services.submission import report_submit

#: Fixed receipts of one anonymous demo report per institution, so the follow-up page can be
#: tried (real receipts are random, 80 bits, and shown once).
DEMO_RECEIPTS = {"kingsway": "KNGS-WAY0-DEM0-0001", "midshire": "MDSH-1RE0-DEM0-0001"}


def seed_demo_reports():
    logins = []
    for slug in ("kingsway", "midshire"):
        institution = Institution.objects.get(slug=slug)
        reporting_defaults_apply(institution=institution)
        if not Report.objects.for_institution(institution).exists():
            report = _Seeder(institution).run()
            normalised = receipt_normalise(DEMO_RECEIPTS[slug])
            report.receipt_hmac = receipt_hmac(institution.pk, normalised)
            report.save(update_fields=["receipt_hmac"])
        logins.append((slug, f"Anonymous reporter's receipt (/{slug}/follow-up/)",
                       DEMO_RECEIPTS[slug]))
    return logins


@contextlib.contextmanager
def _on(days_ago: int):
    import time_machine

    day = timezone.localdate() - dt.timedelta(days=days_ago)
    with time_machine.travel(dt.datetime.combine(day, dt.time(11)).astimezone(), tick=False):
        yield day


class _Seeder:
    def __init__(self, institution):
        self.inst = institution
        self.cw = User.objects.get(email=f"support-caseworker@{institution.slug}.example")

    def submit(self, days_ago, **data):
        base = {"reporter_role": "student", "perspective": "self", "categories": ["harassment"],
                "when": "last_month", "location": "hall", "narrative": "Demo disclosure.",
                "wants": ["support"], "anonymous": True}
        base.update(data)
        with _on(days_ago):
            return report_submit(institution=self.inst, data=base)

    @transaction.atomic
    def run(self) -> Report:
        # New anonymous disclosure, naming a student who is already a respondent in a case.
        self.submit(1, categories=["sexual_harassment"], location="nightlife",
                            location_detail="Student union bar",
                            narrative="Someone kept touching me at a club night.",
                            involved=[{"name": "Jordan Ellis", "student_id": "20231001",
                                       "role": "student"}])
        # Named, assigned, first contact made, in support.
        named = self.submit(8, anonymous=False, contact_name="Sam Taylor",
                            contact_email="sam.taylor@student.example",
                            preferred_contact="online", categories=["stalking"],
                            narrative="A former partner keeps waiting outside my lectures.",
                            involved=[{"name": "Chris Doe", "student_id": "20239876",
                                       "role": "student"}])
        with _on(7) as day:
            report_assign(report=named.report, actor=self.cw, assignee=self.cw)
            appointment_record(report=named.report, actor=self.cw, mode="online", date=day,
                               status="held", notes="Talked through options.")
            support_action_record(report=named.report, actor=self.cw, kind="tutor_contact",
                                  detail="Asked the tutor to excuse a missed seminar.")
            support_action_record(report=named.report, actor=self.cw, kind="safety_planning")
            note_add(report=named.report, actor=self.cw,
                     body="Considering a formal report; wants time to think.")
            report_refer_risk(report=named.report, actor=self.cw,
                              reason="Repeated following: risk of escalation.")
        # Anonymous, answered on the follow-up page, awaiting the reporter.
        waiting = self.submit(5, categories=["hate"], location="online",
                              narrative="Abusive comments in a course group chat.")
        with _on(4):
            report_assign(report=waiting.report, actor=self.cw, assignee=self.cw)
            message_send(report=waiting.report, actor=self.cw,
                         body="Thank you for telling us. Would you like to talk to someone? "
                              "You can reply here, anonymously.")
            report_set_status(report=waiting.report, actor=self.cw, status="awaiting_reporter")
        # Named and escalated to a formal report (a disciplinary case).
        escalated = self.submit(20, anonymous=False, contact_name="Alex Morgan",
                                contact_email="alex.morgan@student.example",
                                preferred_contact="email", wants=["support", "formal_report"],
                                involved=[{"name": "Marcus Reid", "student_id": "20239001",
                                           "role": "student"}])
        with _on(18) as day:
            report_assign(report=escalated.report, actor=self.cw, assignee=self.cw)
            message_send(report=escalated.report, actor=self.cw,
                         body="Thank you. Shall we meet to talk about a formal report?")
            report_escalate(
                report=escalated.report, actor=self.cw, consent_given_on=day,
                respondent={"student_id": "20239001", "given_name": "Marcus",
                            "family_name": "Reid-Jones", "cohort": "standard",
                            "registration_status": "registered"},
                allegations=[{"misconduct_type": "24.6", "category": "harassment",
                              "severity": "major",
                              "description": "Repeated abusive messages."}],
                summary="Repeated abusive messages over a month, in halls and online.",
                impact="Missed lectures; anxiety.", outcome_sought="That it stops.")
        # Closed.
        closed = self.submit(30, categories=["other"], narrative="I wanted information only.",
                             wants=["information"])
        with _on(28):
            report_assign(report=closed.report, actor=self.cw, assignee=self.cw)
            message_send(report=closed.report, actor=self.cw,
                         body="Here is information about your options: ...")
            report_close(report=closed.report, actor=self.cw,
                         reason="Information given; no further contact wanted.")
        return waiting.report
