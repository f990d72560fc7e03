"""CSV and XLSX exports of the queues (issue 13 item 7): the rows the queue shows with its
filters applied, for the roles that oversee the whole queue, audited."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent

from ..cases.rules_support import at
from . import test_my_work as my_work_tests

TODAY = my_work_tests.TODAY
# The day of work of My work's tests: the same cases, report and matter.
kingsway = my_work_tests.kingsway
kg = my_work_tests.kg
day_of_work = my_work_tests.day_of_work

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def exported(inst):
    return list(AuditEvent.objects.for_institution(inst).filter(action="queue.exported")
                .order_by("sequence"))


def test_queue_export_applies_the_filters(client, kingsway, kg, day_of_work):
    c = day_of_work
    with at(TODAY):
        client.force_login(kg.secretary)
        everything = csv_rows(client.get("/kingsway/staff/cases/?export=csv"))
        response = client.get("/kingsway/staff/cases/?deadline=overdue&export=csv&page=2")
        assert response["Content-Disposition"].startswith('attachment; filename="cases-')
        overdue = csv_rows(response)
        book = client.get("/kingsway/staff/cases/?deadline=overdue&export=xlsx")
    assert everything[0][:3] == ["Reference", "Student ID", "Student"]
    assert {row[0] for row in everything[1:]} == {
        c[k].reference for k in ("overdue", "today", "soon", "waiting")}
    # The overdue case first, as in the queue.
    assert everything[1][0] == c["overdue"].reference
    assert [row[0] for row in overdue[1:]] == [c["overdue"].reference]
    assert overdue[1][7] == "Overdue"
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == ["Reference",
                                                                   c["overdue"].reference]
    events = exported(kingsway)
    assert [(e.changes["queue"], e.changes["format"]) for e in events] == [
        ("cases", "csv"), ("cases", "csv"), ("cases", "xlsx")]
    assert events[1].changes["filters"] == {"deadline_status": "overdue"}
    assert events[1].actor == kg.secretary


def test_queue_export_is_only_for_those_who_oversee_the_queue(client, kingsway, kg,
                                                               day_of_work):
    with at(TODAY):
        client.force_login(kg.investigator)
        page = client.get("/kingsway/staff/cases/")
        assert "export=csv" not in page.text
        assert client.get("/kingsway/staff/cases/?export=csv").status_code == 403
        assert client.get("/kingsway/staff/reports/?export=csv").status_code == 403
        assert client.get("/kingsway/staff/precautionary/?export=xlsx").status_code == 403
    assert exported(kingsway) == []


def test_report_and_precautionary_queue_exports(client, kingsway, kg, day_of_work,
                                                django_assert_max_num_queries):
    c = day_of_work
    with at(TODAY):
        client.force_login(kg.caseworker)
        assert "export=csv" in client.get("/kingsway/staff/reports/").text
        with django_assert_max_num_queries(15):
            reports = csv_rows(client.get("/kingsway/staff/reports/?export=csv"))
        client.force_login(kg.secretary)
        matters = csv_rows(client.get("/kingsway/staff/precautionary/?export=csv"))
    assert reports[0][0] == "Reference"
    assert [r[0] for r in reports[1:]] == [c["report"].reference]
    assert [r[0] for r in matters[1:]] == [c["matter"].reference]
    assert [e.changes["queue"] for e in exported(kingsway)] == ["reports", "precautionary"]


def test_queue_exports_through_the_api(kingsway, kg, day_of_work):
    """The API's queues take ``?export=csv|xlsx`` as the pages do: the same filters, the same
    roles, the same audit."""
    from rest_framework.test import APIClient

    c = day_of_work
    api = APIClient()
    with at(TODAY):
        api.force_authenticate(kg.secretary)
        response = api.get("/api/v1/kingsway/cases/?deadline_status=overdue&export=csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        cases = csv_rows(response)
        book = api.get("/api/v1/kingsway/precautionary/?export=xlsx")
        assert book.status_code == 200
        api.force_authenticate(kg.caseworker)
        reports = csv_rows(api.get("/api/v1/kingsway/reports/?export=csv"))
        api.force_authenticate(kg.investigator)
        refused = api.get("/api/v1/kingsway/cases/?export=csv")
        # Without ?export the queue is the JSON page it always was.
        page = api.get("/api/v1/kingsway/cases/")
    assert [row[0] for row in cases[1:]] == [c["overdue"].reference]
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == ["Reference",
                                                                   c["matter"].reference]
    assert [r[0] for r in reports[1:]] == [c["report"].reference]
    assert refused.status_code == 403
    assert refused.json()["status"] == 403
    assert page.status_code == 200
    assert "results" in page.json()
    events = exported(kingsway)
    assert [(e.changes["queue"], e.changes["format"]) for e in events] == [
        ("cases", "csv"), ("precautionary", "xlsx"), ("reports", "csv")]
    assert events[0].changes["filters"] == {"deadline_status": "overdue"}
