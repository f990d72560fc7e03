"""The staff report page and the API's report detail cost a fixed number of queries (issue 9
§2): at most 12, however many people, files, messages, notes, appointments, support actions,
tags, risk-assessment requests and history the report has, for the caseworker (who sees
identities and every form) and for a member of staff it is shared with."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.permissions import grant_object_access
from cases.services.intake import case_open
from cases.services.setup import disciplinary_catalogue_apply
from reporting.models import SupportService
from reporting.services.casework import (
    appointment_record,
    message_send,
    note_add,
    report_assign,
    report_refer_risk,
    report_set_tags,
    support_action_record,
)

from ..cases.conftest import case_data
from .test_staff_support import at, named_report, reload, url

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
STUDENT = "20230042"


def rich_report(inst, caseworker, n: int):
    """A named report, assigned, with ``n`` of every kind of casework, naming a student who
    is named in another report and is the respondent of a case."""
    involved = [{"name": f"Person {i}", "student_id": STUDENT if i == 0 else f"2023{i:04d}",
                 "email": f"person{i}@student.test", "role": "staff" if i == 1 else "student"}
                for i in range(n)]
    files = [SimpleUploadedFile(f"evidence{i}.txt", f"File {i}".encode()) for i in range(n)]
    report = named_report(inst, files=files, involved=involved,
                          categories=["harassment", "stalking", "hate"][:n])
    report_assign(report=report, actor=caseworker, assignee=caseworker)
    report_set_tags(report=reload(report), actor=caseworker,
                    labels=[f"Tag {i}" for i in range(n)])
    service = SupportService.objects.for_institution(inst).first()
    for i in range(n):
        report = reload(report)
        appointment_record(report=report, actor=caseworker, mode="online",
                           date=dt.date(2026, 12, 1 + i), status="offered", notes=f"Slot {i}")
        support_action_record(report=report, actor=caseworker, kind="internal_referral",
                              detail=f"Support {i}", service_id=service.pk)
        message_send(report=report, actor=caseworker, body=f"Message {i}")
        note_add(report=report, actor=caseworker, body=f"Note {i}")
        report_refer_risk(report=report, actor=caseworker, reason=f"Risk {i}")
    return reload(report)


@pytest.fixture
def world(kingsway, caseworker, decision_maker):
    """Another report and a case naming the same student, so the repeat-respondent flags
    have something to show."""
    disciplinary_catalogue_apply(institution=kingsway, shape="002")
    with at("2026-11-30"):
        named_report(kingsway, involved=[{"name": "Jo Bloggs", "student_id": STUDENT,
                                          "role": "student"}])
        respondent = {**case_data()["respondent"], "student_id": STUDENT}
        case_open(institution=kingsway, actor=decision_maker,
                  **case_data(respondent=respondent))
    return kingsway


def _people(report, caseworker, decision_maker):
    grant_object_access(user=decision_maker, obj=report, perm="reporting.support_report")
    return {"caseworker": caseworker, "shared with": decision_maker}


def _page(user, report):
    browser = Client()
    browser.force_login(user)
    address = url(report)
    return lambda: browser.get(address)


def _api(user, report):
    api = APIClient()
    api.force_authenticate(user)
    address = f"/api/v1/{report.institution.slug}/reports/{report.pk}/"
    return lambda: api.get(address)


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def test_report_takes_at_most_12_queries_for_everyone(
        world, caseworker, decision_maker, django_assert_max_num_queries):
    with at("2026-12-01"):
        report = rich_report(world, caseworker, 3)
    with at("2026-12-02"):
        for who, user in _people(report, caseworker, decision_maker).items():
            for way in (_page, _api):
                fetch = way(user, report)
                with django_assert_max_num_queries(MAX_QUERIES):
                    response = fetch()
                assert response.status_code == 200, (who, way.__name__)


def test_report_queries_do_not_grow_with_the_report(world, caseworker, decision_maker):
    with at("2026-12-01"):
        small = rich_report(world, caseworker, 1)
        large = rich_report(world, caseworker, 5)
    with at("2026-12-02"):
        small_people = _people(small, caseworker, decision_maker)
        large_people = _people(large, caseworker, decision_maker)
        for who in small_people:
            for way in (_page, _api):
                assert _count(way(large_people[who], large)) \
                    <= _count(way(small_people[who], small)), (who, way.__name__)


def test_the_page_shows_the_whole_report(client, world, caseworker, decision_maker):
    """What the budget is measured on: every kind of row is on the page, and the flags of
    what each viewer may see (the decision maker sees every case; the caseworker none)."""
    with at("2026-12-01"):
        report = rich_report(world, caseworker, 3)
    with at("2026-12-02"):
        client.force_login(caseworker)
        text = client.get(url(report)).text
        _people(report, caseworker, decision_maker)
        client.force_login(decision_maker)
        shared = client.get(url(report)).text
    for shown in ("Person 2", "evidence2.txt", "Message 2", "Note 2", "Slot 2", "Support 2",
                  "Tag 2", "Risk 2", "Report R-2026-0001"):
        assert shown in text, shown
    assert "Disciplinary case KINGSWAY-2026-0001" not in text
    assert "Report R-2026-0001" not in shared  # not shared with them
    for shown in ("Disciplinary case KINGSWAY-2026-0001", "Message 2"):
        assert shown in shared, shown
