"""The case page and the API's case file cost a fixed number of queries (issue 9 §2): at most
12, however many allegations, parties, appointments, deadlines, letters, documents, pauses,
objections and history events the case has, for each person who may open it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from cases.models import CaseRole, Letter
from cases.services.board import board_decide_objection, board_record_objection
from cases.services.common import assign
from cases.services.evidence import evidence_add
from cases.services.intake import case_decide_intake
from cases.services.pauses import case_pause, case_resume
from letters.services.deliveries import letter_delivery_record

from ..factories import staff
from . import rules_support
from .api_support import PDF, client
from .conftest import case_data
from .pages import url as page_url
from .rules_support import d, hold_and_decide, lodge, on, reload, send_notice, to_board

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support

MAX_QUERIES = 12


def rich_case(inst, st, capture, n: int):
    """A case at appeal, through the Board, with ``n`` of every kind of child row."""
    data = case_data(
        allegations=[{"misconduct_type": "24.6", "category": "harassment", "severity": "major",
                      "description": f"Abusive message {i}."} for i in range(n)],
        parties=[{"kind": "reporting_party" if i == 0 else "witness", "name": f"Party {i}",
                  "email": f"party{i}@student.test", "student_id": f"2026{i:04d}"}
                 for i in range(n)])
    with on("2026-11-30", capture):
        case = rules_support.open_case(inst, st.secretary, **data)
        case = case_decide_intake(case=case, actor=st.secretary, route="formal",
                                  reasons="Needs investigation")
        assign(case=case, user=st.investigator, role=CaseRole.INVESTIGATOR, by=st.secretary)
        for i in range(n):
            worker = staff(inst, Role.SUPPORT_CASEWORKER, email=f"cw{n}-{i}@{inst.slug}.test")
            assign(case=case, user=worker, role=CaseRole.CASEWORKER, by=st.secretary)
            evidence_add(case=case, actor=st.investigator, title=f"Statement {i}",
                         uploaded_file=SimpleUploadedFile(f"statement{i}.pdf", PDF))
            case_pause(case=case, actor=st.secretary, reason="police", detail=f"Pause {i}")
            case_resume(case=case, actor=st.secretary)
        case = to_board(reload(case), st)
        send_notice(case, st, "2026-12-18")
        for i in range(n):
            objection = board_record_objection(case=case, actor=st.clerk, member_user=st.su,
                                               reason=f"Objection {i}", received_on=d("2026-11-30"))
            board_decide_objection(objection=objection, actor=st.secretary, uphold=False,
                                   reason="No reason to doubt them.")
    with on("2026-12-18", capture):
        hold_and_decide(reload(case), st)
    with on("2026-12-21", capture):
        for letter in Letter.objects.for_institution(inst).filter(case=case):
            letter_delivery_record(letter=letter, actor=st.clerk, channel="email",
                                   sent_on=d("2026-12-18"))
        lodge(reload(case), st, "2026-12-21", grounds=("bias", "procedural_flaw"))
        assign(case=reload(case), user=st.reviewer, role=CaseRole.APPEAL_REVIEWER,
               by=st.secretary)
    return reload(case)


def _page(user, case):
    """The case page as ``user`` asks for it: a GET to call, logged in beforehand."""
    browser = Client()
    browser.force_login(user)
    address = page_url(case)
    return lambda: browser.get(address)


def _api(user, case):
    api = client(user)
    address = f"/api/v1/{case.institution.slug}/cases/{case.pk}/"
    return lambda: api.get(address)


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def _people(st, case):
    """The decision maker, an appointed support caseworker, the investigator, the clerk and
    the appeal reviewer."""
    worker = case.assignments.filter(role=CaseRole.CASEWORKER).first().user
    return {"decision maker": st.secretary, "caseworker": worker,
            "investigator": st.investigator, "clerk": st.clerk, "reviewer": st.reviewer}


def test_case_file_takes_at_most_12_queries_for_everyone(
        kingsway, ks, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    case = rich_case(kingsway, ks, django_capture_on_commit_callbacks, 3)
    with rules_support.at("2026-12-22"):
        for who, user in _people(ks, case).items():
            for way in (_page, _api):
                fetch = way(user, case)
                with django_assert_max_num_queries(MAX_QUERIES):
                    response = fetch()
                assert response.status_code == 200, (who, way.__name__)


def test_case_file_queries_do_not_grow_with_the_case(
        kingsway, ks, django_capture_on_commit_callbacks):
    small = rich_case(kingsway, ks, django_capture_on_commit_callbacks, 1)
    large = rich_case(kingsway, ks, django_capture_on_commit_callbacks, 5)
    small_people, large_people = _people(ks, small), _people(ks, large)
    with rules_support.at("2026-12-22"):
        for who in small_people:
            for way in (_page, _api):
                assert _count(way(large_people[who], large)) \
                    <= _count(way(small_people[who], small)), (who, way.__name__)


def test_the_page_shows_the_whole_case(client, kingsway, ks, django_capture_on_commit_callbacks):
    """What the budget is measured on: every kind of row is on the page."""
    case = rich_case(kingsway, ks, django_capture_on_commit_callbacks, 3)
    with rules_support.at("2026-12-22"):
        client.force_login(ks.secretary)
        text = client.get(page_url(case)).text
    for shown in ("Abusive message 2.", "Party 2", "Statement 2", "Pause 2",
                  "No reason to doubt them.", "Email, 18 Dec 2026", "Received 21 December 2026"):
        assert shown in text, shown
