"""The triage queue, /<slug>/staff/reports/: filters, identity, deadline tags, the
repeat-respondent flag, a constant number of queries, and who sees what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.permissions import grant_object_access
from accounts.selectors import membership_get
from reporting.selectors import repeat_respondent_flags
from reporting.services.casework import (
    report_assign,
    report_close,
    report_set_tags,
)
from reporting.services.followup import reporter_reply
from reporting.staff.common import repeat_flags_for_page

from .test_staff_support import anonymous_report, at, named_report, reload, url

pytestmark = pytest.mark.django_db

QUEUE = "/kingsway/staff/reports/"


def references(response) -> list[str]:
    """References linked from the queue's table, in order."""
    import re

    return re.findall(r'/kingsway/staff/reports/\d+/">(R-\d{4}-\d{4})</a>', response.text)


@pytest.fixture
def four(kingsway, caseworker, caseworker2):
    new = anonymous_report(kingsway, involved=[])
    assigned = named_report(kingsway, involved=[])
    report_assign(report=assigned, actor=caseworker, assignee=caseworker2)
    report_set_tags(report=assigned, actor=caseworker, labels=["halls", "urgent"])
    waiting = anonymous_report(kingsway, involved=[])
    report_assign(report=waiting, actor=caseworker, assignee=caseworker)
    reporter_reply(report=waiting, body="Hello?")
    closed = anonymous_report(kingsway, involved=[])
    report_close(report=closed, actor=caseworker, reason="Information only.")
    return {"new": new, "assigned": reload(assigned), "waiting": reload(waiting),
            "closed": reload(closed)}


def test_queue_filters(client, caseworker, caseworker2, four):
    client.force_login(caseworker)
    ref = {k: r.reference for k, r in four.items()}

    everything = references(client.get(QUEUE))
    assert sorted(everything) == sorted(ref.values())
    assert everything[0] == ref["waiting"]  # the reporter wrote: first
    assert everything[-1] == ref["closed"]  # no running deadline: last, on every database
    assert references(client.get(QUEUE, {"status": "closed"})) == [ref["closed"]]
    assert sorted(references(client.get(QUEUE, {"status": "assigned"}))) == sorted(
        [ref["assigned"], ref["waiting"]])
    assert references(client.get(QUEUE, {"assignee": caseworker2.pk})) == [ref["assigned"]]
    assert references(client.get(QUEUE, {"tag": "halls"})) == [ref["assigned"]]
    assert references(client.get(QUEUE, {"awaiting_staff": "on"})) == [ref["waiting"]]
    suffix = ref["closed"].rsplit("-", 1)[1]
    assert references(client.get(QUEUE, {"q": suffix})) == [ref["closed"]]
    page = client.get(QUEUE, {"q": suffix})
    assert "1 report matching the filters" in page.text
    assert "Clear filters" in page.text


def test_bad_filter_is_reported_and_ignored(client, caseworker, four):
    client.force_login(caseworker)
    response = client.get(QUEUE, {"status": "lost", "tag": "halls"})
    assert response.status_code == 200
    assert "That is not one of the options; showing reports without this filter." in \
        response.text
    assert references(response) == [four["assigned"].reference]


def test_rows_show_what_a_caseworker_needs(client, kingsway, caseworker, four):
    client.force_login(caseworker)
    page = client.get(QUEUE).text
    assert "Sam Reporter" in page  # named reporter, shown to the identity custodian
    assert "Anonymous" in page
    assert "Harassment or bullying" in page
    assert "Reporter wrote: answer needed" in page
    assert "Nobody yet" in page
    assert "First contact with the reporter" in page


def test_non_custodian_sees_the_pseudonym_in_the_queue(client, kingsway, decision_maker):
    report = named_report(kingsway)
    other = named_report(kingsway)
    grant_object_access(user=decision_maker, obj=report, perm="reporting.support_report")
    client.force_login(decision_maker)

    response = client.get(QUEUE)

    assert references(response) == [report.reference]  # only what is shared
    assert report.pseudonym in response.text
    assert "Sam Reporter" not in response.text
    assert other.reference not in response.text
    assert "The reports shared with you." in response.text


def test_deadline_tags(client, kingsway, caseworker):
    with at("2026-11-02"):  # Monday; first contact due Wednesday 4 November
        named_report(kingsway)
    with at("2026-11-02"):
        client.force_login(caseworker)
        page = client.get(QUEUE).text
        assert "Wed 4 Nov 2026" in page
        assert 'class="tag soon"' in page
    with at("2026-11-05"):
        client.force_login(caseworker)
        page = client.get(QUEUE).text
        assert 'class="tag overdue">Overdue' in page


def test_repeat_flag_in_the_queue_matches_the_selector(client, kingsway, caseworker):
    first = anonymous_report(kingsway)  # names student 20230042
    second = named_report(kingsway, involved=[
        {"name": "J Bloggs", "email": "jo@student.test", "student_id": "20230042",
         "role": "student"}])
    third = anonymous_report(kingsway, involved=[
        {"name": "Jo", "email": "JO@student.test", "role": "student"}])
    alone = anonymous_report(kingsway, involved=[{"name": "X", "student_id": "1"}])
    client.force_login(caseworker)

    page = client.get(QUEUE).text

    assert page.count("Named in 1 other report or case") == 2  # first and third: second
    assert page.count("Named in 2 other reports or cases") == 1  # second (first and third)
    membership = membership_get(user=caseworker, institution=kingsway)
    reports = [first, second, third, alone]
    batch = repeat_flags_for_page(reports=reports, membership=membership)
    for report in reports:
        expected = set(repeat_respondent_flags(report=report, membership=membership))
        assert set(batch.get(report.pk, [])) == expected, report.reference
    assert {f.reference for f in batch[second.pk]} == {first.reference, third.reference}
    assert alone.pk not in batch


def test_queue_needs_a_constant_number_of_queries(
        client, kingsway, caseworker, caseworker2, django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            report = (named_report if i % 2 else anonymous_report)(
                kingsway, categories=["harassment", "stalking"])
            if i % 3 == 0:
                report_assign(report=report, actor=caseworker, assignee=caseworker2)
                report_set_tags(report=report, actor=caseworker, labels=["halls"])

    client.force_login(caseworker)
    make(5)
    with CaptureQueriesContext(connection) as five:
        response = client.get(QUEUE)
    assert len(references(response)) == 5
    assert "Named in 4 other reports or cases" in response.text  # all name one student

    make(25)  # 30 in all: a full page of 25
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(QUEUE)
    assert len(references(response)) == 25
    assert "Page 1 of 2" in response.text
    assert "Named in 29 other reports or cases" in response.text
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(QUEUE, {"page": 2, "status": "", "tag": ""})
    assert len(references(response)) == 5


def test_support_directory_link_is_for_institution_admins(client, caseworker, kingsway_admin):
    client.force_login(caseworker)
    assert "Edit the support directory" not in client.get(QUEUE).text
    client.force_login(kingsway_admin)
    page = client.get(QUEUE).text
    assert '<a class="button secondary" href="/admin/reporting/supportservice/">Edit the ' \
           'support directory</a>' in page


def test_other_institution_and_signed_out(client, kingsway, outsider):
    anonymous_report(kingsway)
    assert client.get(QUEUE).status_code == 302  # to sign in
    client.force_login(outsider)
    assert client.get(QUEUE).status_code == 404


def test_same_institution_without_need_to_know_sees_an_empty_queue(client, kingsway, bystander):
    report = anonymous_report(kingsway)
    client.force_login(bystander)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert report.reference not in response.text
    assert "There are no reports for you to see." in response.text
    assert client.get(url(report)).status_code == 404


def test_nav_links_to_the_queue(client, caseworker):
    client.force_login(caseworker)
    page = client.get("/kingsway/staff/").text
    assert f'<a href="{QUEUE}">Reports</a>' in page
