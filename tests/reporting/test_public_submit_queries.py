"""A public submission costs a fixed number of queries, and the institution's reference counter
is locked only for the last few statements of its transaction (issue 9 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from institutions.models import Deadline
from outbox.models import OutboxMessage
from outbox.services import outbox_relay
from reporting.models import InvolvedPerson, Report
from reporting.services.settings import reporting_settings_set

from .conftest import named, submission

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2026, 11, 20, 15, 42, 17, tzinfo=dt.UTC)
PEOPLE = [{"name": f"Person {n}", "student_id": f"2023004{n}", "email": f"p{n}@student.test",
           "role": "student"} for n in range(3)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters and the outbox's nudge mark
    yield
    cache.clear()


def submit(data) -> tuple[dict, list[str]]:
    with time_machine.travel(MOMENT, tick=False), \
            CaptureQueriesContext(connection) as queries:
        response = APIClient().post("/api/v1/kingsway/public/reports/", data, format="json")
    assert response.status_code == 201, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


def verb(sql: str) -> str:
    return sql.lstrip().split(None, 1)[0].upper()


def test_a_submission_costs_the_same_queries_however_much_it_says(kingsway, caseworker):
    submit(submission())  # the year's first also creates the counter's row
    _, few = submit(submission())
    _, many = submit(submission(involved=PEOPLE, categories=["harassment", "stalking"],
                                wants=["support", "information"]))
    assert len(few) == len(many)
    # the institution; the categories, the time limit and the closure days; the report, its
    # categories, the people named; the counter and the reference; two audit events, the
    # deadline and the report's next deadline kept on it (its deadlines read, one UPDATE: the
    # indexed queue), the team's email in the outbox; the transaction itself
    assert len(few) <= 17, "\n".join(few)
    assert InvolvedPerson.objects.for_institution(kingsway).count() == 1 + 1 + 3


@pytest.mark.django_db(transaction=True)  # a real COMMIT ends the lock
@pytest.mark.parametrize("data", [submission(), named()], ids=["anonymous", "named"])
def test_only_the_reference_and_what_states_it_are_written_under_the_counter_lock(
        kingsway, caseworker, data):
    submit(submission())  # the year's first also creates the counter's row
    answer, queries = submit(data)
    counter = next(i for i, sql in enumerate(queries)
                   if verb(sql) == "UPDATE" and "reportcounter" in sql)
    commit = next(i for i, sql in enumerate(queries) if verb(sql) == "COMMIT")
    after = [sql for sql in queries[counter + 1:commit]
             if verb(sql) not in ("SAVEPOINT", "RELEASE")]
    tables = [sql.split('"')[1] for sql in after]
    # the reference, the audit event that states it, the first-contact deadline and its event,
    # and the mail to the team; no reads of settings, limits or calendars while others wait
    # (a named reporter's events take the audit chain's head, read and written).
    allowed = {"reporting_report", "audit_pendinganonymousevent", "audit_auditchainhead",
               "audit_auditevent", "institutions_deadline", "outbox_outboxmessage"}
    assert set(tables) <= allowed, tables
    assert tables[0] == "reporting_report"
    assert verb(after[0]) == "UPDATE"
    assert not any(t in sql for sql in after
                   for t in ("timelimit", "closureday", "reportingsettings", "membership"))

    report = Report.objects.for_institution(kingsway).get(reference=answer["reference"])
    assert report.reference == f"R-{MOMENT.year}-0002"
    assert Deadline.objects.for_institution(kingsway).filter(object_id=report.pk).exists()
    assert OutboxMessage.objects.filter(key=f"report:{report.pk}:new-disclosure").exists()


def test_references_stay_consecutive_and_no_provisional_one_is_kept(kingsway, caseworker):
    references = [submit(submission())[0]["reference"] for _ in range(3)]
    assert references == [f"R-{MOMENT.year}-{n:04d}" for n in (1, 2, 3)]
    assert not Report.objects.for_institution(kingsway).filter(
        reference__startswith="pending").exists()


def test_the_team_is_addressed_when_the_email_is_sent(kingsway, caseworker, kingsway_admin,
                                                       mailoutbox):
    """The reporter's request does not look the team up: the relay does, when it sends."""
    first, _ = submit(submission())
    outbox_relay()
    assert [m.to for m in mailoutbox] == [[caseworker.email]]
    assert first["reference"] in mailoutbox[0].body
    assert "anonymous disclosure" in mailoutbox[0].body

    second, _ = submit(named())
    reporting_settings_set(institution=kingsway, actor=kingsway_admin,
                           first_contact_email="team@kingsway.test")
    outbox_relay()
    assert mailoutbox[1].to == ["team@kingsway.test"]
    assert mailoutbox[1].subject == "[Kingsway School of Economics] New disclosure received"
    assert f"A new disclosure ({second['reference']})" in mailoutbox[1].body
    assert outbox_relay().sent == 0
