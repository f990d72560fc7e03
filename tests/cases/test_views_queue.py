"""The case queue: need-to-know, filters, paging, and a query count that does not grow with
the number of cases."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import CaseRole
from cases.services.common import assign
from cases.services.intake import case_decide_intake, case_open

from .conftest import case_data

pytestmark = pytest.mark.django_db

QUEUE = "/kingsway/staff/cases/"


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10), tick=False):
        yield dt.date(2026, 11, 3)


def open_cases(inst, actor, n, respondent=None, **overrides):
    cases = []
    for i in range(n):
        who = {**case_data()["respondent"], "student_id": f"2026{i:04d}", **(respondent or {})}
        cases.append(case_open(institution=inst, actor=actor,
                               **case_data(respondent=who, **overrides)))
    return cases


def references(html: str) -> list[str]:
    return re.findall(r">(KINGSWAY-\d{4}-\d{4})</a>", html)


def test_query_count_stays_the_same_with_thirty_cases(client, kingsway, ks, today,
                                                      django_assert_max_num_queries):
    filtered = QUEUE + "?stage=intake&cohort=standard&deadline=on_track&page=2"
    open_cases(kingsway, ks.secretary, 5)
    client.force_login(ks.secretary)
    client.get(QUEUE)  # the first request after logging in also saves the session
    counts = {}
    for address in (QUEUE, filtered):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts[address] = len(queries.captured_queries)
    open_cases(kingsway, ks.secretary, 25)
    with django_assert_max_num_queries(counts[QUEUE]):
        response = client.get(QUEUE)
    assert len(references(response.text)) == 25
    assert "30 cases" in response.text
    assert 'href="?page=2"' in response.text
    with django_assert_max_num_queries(counts[filtered]):
        response = client.get(filtered)
    assert len(references(response.text)) == 5  # 30 cases, 25 a page
    with django_assert_max_num_queries(14):
        client.get(filtered)


def test_rows_show_student_stage_cohort_deadline_and_pause(client, kingsway, ks, today):
    (case,) = open_cases(kingsway, ks.secretary, 1)
    from cases.services.pauses import case_pause

    case_pause(case=case, actor=ks.secretary, reason="police", detail="Police inquiry")
    client.force_login(ks.secretary)
    html = client.get(QUEUE).text
    row = re.search(r"<tr>\s*<td><a href=\"/kingsway/staff/cases/\d+/\">KINGSWAY.*?</tr>",
                    html, re.S).group(0)
    assert "Alex Sample" in row
    assert "20260000" in row
    assert "Decision whether to proceed" in row
    assert "Standard" in row
    assert "Fri 1 Jan 2027" in row
    assert "Informal and formal stages complete" in row
    # A paused case says so where its clock is, not "On track" (issue 13 item 7).
    assert '<span class="tag paused">Paused</span>' in row
    assert "On track" not in row


def test_filters(client, kingsway, ks, today):
    overdue = open_cases(kingsway, ks.secretary, 1,
                         allegation_raised_on=dt.date(2026, 8, 3))[0]
    formal = open_cases(kingsway, ks.secretary, 1)[0]
    case_decide_intake(case=formal, actor=ks.secretary, route="formal", reasons="Serious")
    assign(case=formal, user=ks.investigator, role=CaseRole.INVESTIGATOR, by=ks.secretary)
    summer = open_cases(kingsway, ks.secretary, 1, respondent={
        "student_id": "SS-77", "cohort": "summer_school"})[0]
    client.force_login(ks.secretary)

    def shown(query):
        return set(references(client.get(QUEUE + query).text))

    everything = {overdue.reference, formal.reference, summer.reference}
    assert shown("") == everything
    assert shown("?stage=investigation") == {formal.reference}
    assert shown("?cohort=summer_school") == {summer.reference}
    assert shown(f"?assignee={ks.investigator.pk}") == {formal.reference}
    assert shown("?deadline=overdue") == {overdue.reference}
    assert overdue.reference not in shown("?deadline=on_track")
    assert shown(f"?q={formal.reference}") == {formal.reference}
    assert shown(f"?q={formal.reference.lower()}") == {formal.reference}
    assert shown("?q=SS-77") == {summer.reference}
    assert shown("?q=nobody") == set()
    html = client.get(QUEUE + "?deadline=overdue").text
    assert '<span class="tag overdue">Overdue</span>' in html


def test_bad_filter_values_are_reported_not_a_server_error(client, kingsway, ks, today):
    open_cases(kingsway, ks.secretary, 2)
    client.force_login(ks.secretary)
    response = client.get(QUEUE + "?stage=flying&assignee=abc&deadline=soonish&cohort=x"
                                  "&page=zzz")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "That is not one of the options; showing cases without this filter." in response.text
    assert len(references(response.text)) == 2  # the bad filters are left out
    response = client.get(QUEUE + "?assignee=999999&page=99")
    assert response.status_code == 200
    assert "There is a problem" in response.text


def test_each_person_sees_only_the_cases_they_may(client, kingsway, ks, today):
    mine, other = open_cases(kingsway, ks.secretary, 2)
    assign(case=mine, user=ks.investigator, role=CaseRole.INVESTIGATOR, by=ks.secretary)
    client.force_login(ks.investigator)
    html = client.get(QUEUE).text
    assert references(html) == [mine.reference]
    assert "The cases you are appointed to." in html
    assert "Open a case" not in html
    client.force_login(ks.bystander)
    html = client.get(QUEUE).text
    assert references(html) == []
    assert "There are no cases for you to see." in html
    assert '<a href="/kingsway/staff/cases/">Cases</a>' in html  # in everyone's navigation


def test_another_institutions_member_cannot_see_the_queue(client, kingsway, midshire, ms):
    client.force_login(ms.secretary)
    assert client.get(QUEUE).status_code == 404
