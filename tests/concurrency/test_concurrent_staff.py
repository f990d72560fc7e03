"""Several staff of one institution, and of a second one, working at the same moment: page
reads, API reads and casework writes on shared reports and cases (issue 7 §1).

Each worker is a thread with its own database connection (closed when it ends) and its own
logged-in client. The work is a bounded number of iterations, started together by a barrier:
no sleeps and no wall-clock duration. Afterwards: no response was a server error, every change
that was answered as done is in the database exactly once, and the audit trail verifies.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.access import access_seal_all
from audit.models import AccessEvent, AuditEvent
from cases.models import CaseAssignment
from cases.services.intake import case_open
from cases.services.setup import disciplinary_catalogue_apply
from reporting.models import InternalNote, ReportMessage
from reporting.services.setup import reporting_defaults_apply
from reporting.services.submission import report_submit
from tests.cases.conftest import case_data, qualified
from tests.factories import InstitutionFactory, staff
from tests.reporting.conftest import submission

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks, deadlocks and serialisation failures need PostgreSQL; SQLite "
               "serialises every write behind one file lock",
    ),
]

ITERATIONS = 4
NOW = dt.datetime(2026, 11, 3, 10, tzinfo=ZoneInfo("Europe/London"))


@dataclass
class Tenant:
    inst: object
    reports: list
    cases: list
    caseworkers: list = field(default_factory=list)
    decision_makers: list = field(default_factory=list)  # (decision maker, own investigator)


def tenant(slug: str, *, caseworkers: int, decision_makers: int) -> Tenant:
    inst = InstitutionFactory(slug=slug, name=f"University of {slug.title()}")
    reporting_defaults_apply(institution=inst)
    disciplinary_catalogue_apply(institution=inst, shape="002")
    opener = qualified(inst, Role.DECISION_MAKER, email=f"opener@{slug}.test")
    reports = [report_submit(institution=inst, data=submission()).report for _ in range(2)]
    cases = [case_open(institution=inst, actor=opener,
                       **case_data(respondent={**case_data()["respondent"],
                                               "student_id": f"2026000{n}"}))
             for n in range(2)]
    t = Tenant(inst, reports, cases)
    t.caseworkers = [staff(inst, Role.SUPPORT_CASEWORKER, email=f"cw{n}@{slug}.test")
                     for n in range(caseworkers)]
    t.decision_makers = [
        (qualified(inst, Role.DECISION_MAKER, email=f"dm{n}@{slug}.test"),
         qualified(inst, Role.INVESTIGATOR, email=f"inv{n}@{slug}.test"))
        for n in range(decision_makers)]
    return t


class Tally:
    """What every worker saw, shared between threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.server_errors: list = []
        self.done: Counter = Counter()  # (kind, object pk) -> changes answered as done

    def saw(self, what: str, response) -> int:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.server_errors.append((what, response.status_code,
                                           response.content[:300]))
        return response.status_code

    def read(self, what: str, response, inst) -> None:
        if self.saw(what, response) == 200:
            self.count("read", inst.pk)

    def count(self, kind: str, pk: int) -> None:
        with self.lock:
            self.done[(kind, pk)] += 1


def caseworker_work(t: Tenant, user, n: int, tally: Tally) -> None:
    web, api = Client(raise_request_exception=False), APIClient(raise_request_exception=False)
    web.force_login(user)
    api.force_authenticate(user)
    slug = t.inst.slug
    others = t.caseworkers
    for i in range(ITERATIONS):
        report = t.reports[(n + i) % len(t.reports)]
        page = f"/{slug}/staff/reports/{report.pk}/"
        endpoint = f"/api/v1/{slug}/reports/{report.pk}/"
        tally.read("report page", web.get(page), t.inst)
        if tally.saw("note", web.post(page + "notes/",
                                      {"note-body": f"{user.email} note {i}"})) == 302:
            tally.count("note", report.pk)
        tally.read("report api", api.get(endpoint), t.inst)
        if tally.saw("message", api.post(endpoint + "messages/",
                                         {"body": f"{user.email} message {i}"},
                                         format="json")) == 201:
            tally.count("message", report.pk)
        assignee = others[(n + i + 1) % len(others)]
        tally.saw("assign", web.post(page + "assign/", {"assign-assignee": assignee.pk}))


def decision_maker_work(t: Tenant, dm, investigator, n: int, tally: Tally) -> None:
    web, api = Client(raise_request_exception=False), APIClient(raise_request_exception=False)
    web.force_login(dm)
    api.force_authenticate(dm)
    slug = t.inst.slug
    for i in range(ITERATIONS):
        case = t.cases[(n + i) % len(t.cases)]
        endpoint = f"/api/v1/{slug}/cases/{case.pk}/"
        tally.read("case page", web.get(f"/{slug}/staff/cases/{case.pk}/"), t.inst)
        tally.read("case api", api.get(endpoint), t.inst)
        assigned = api.post(endpoint + "assign/",
                            {"user": investigator.pk, "role": "investigator"}, format="json")
        if tally.saw("assign", assigned) != 201:
            continue
        tally.count("assigned", investigator.pk)
        assignment = assigned.json()["assignment"]["id"]
        ended = api.post(endpoint + "unassign/",
                         {"assignment": assignment, "reason": "Rotation"}, format="json")
        if tally.saw("unassign", ended) == 200:
            tally.count("unassigned", investigator.pk)
        other = t.cases[(n + i + 1) % len(t.cases)]
        tally.read("case page", web.get(f"/{slug}/staff/cases/{other.pk}/"), t.inst)


def run_together(jobs) -> None:
    """Start every job at once (a barrier, no sleep); each closes its own connection."""
    barrier = threading.Barrier(len(jobs))
    tally_errors = []

    def runner(fn, args):
        try:
            barrier.wait()
            fn(*args)
        except Exception as exc:  # noqa: BLE001 - reported below, with the worker's name
            tally_errors.append((fn.__name__, repr(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert tally_errors == []


def test_staff_of_two_institutions_work_at_once_without_errors_or_lost_updates():
    with time_machine.travel(NOW, tick=False):
        kingsway = tenant("kingsway", caseworkers=4, decision_makers=4)
        midshire = tenant("midshire", caseworkers=2, decision_makers=2)
        tally = Tally()
        jobs = []
        for t in (kingsway, midshire):
            jobs += [(caseworker_work, (t, user, n, tally))
                     for n, user in enumerate(t.caseworkers)]
            jobs += [(decision_maker_work, (t, dm, inv, n, tally))
                     for n, (dm, inv) in enumerate(t.decision_makers)]

        run_together(jobs)

        assert tally.server_errors == []
        assert sum(tally.statuses.values()) >= len(jobs) * ITERATIONS * 3
        for t in (kingsway, midshire):
            for report in t.reports:
                notes = InternalNote.objects.for_institution(t.inst).filter(report=report)
                messages = ReportMessage.objects.for_institution(t.inst).filter(report=report)
                assert notes.count() == tally.done[("note", report.pk)] > 0
                assert messages.count() == tally.done[("message", report.pk)] > 0
                audited = AuditEvent.objects.for_institution(t.inst).filter(
                    object_id=str(report.pk), object_type="reporting.report")
                assert audited.filter(action="report.note_added").count() == notes.count()
            for _dm, investigator in t.decision_makers:
                held = CaseAssignment.objects.for_institution(t.inst).filter(user=investigator)
                assert held.count() == tally.done[("assigned", investigator.pk)] > 0
                assert held.filter(ended_at__isnull=False).count() == \
                    tally.done[("unassigned", investigator.pk)]
            # Every read was logged (writes read too), in its own institution's log.
            reads = AccessEvent.objects.for_institution(t.inst)
            assert reads.count() >= tally.done[("read", t.inst.pk)] > 0
            assert not reads.exclude(actor__memberships__institution=t.inst).exists()

        assert access_seal_all() >= 2
        assert not AccessEvent.objects.across_institutions(reason="test").filter(
            checkpoint__isnull=True).exists()
        call_command("verify_audit")
