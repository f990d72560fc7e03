"""The case queue as a day of casework needs it (issue 13 item 7): overdue cases first, even
when the daily sweep has already marked their deadline missed; a paused case says "Paused",
a deadline falling due today says "Due today", a closed case shows no running clock."""

import re

import pytest

from accounts.selectors import membership_get
from cases.models import Stage
from cases.selectors import Clock, QueueFilters, case_queue
from cases.services.intake import case_decide_intake
from cases.services.outcomes import formal_decide
from cases.services.pauses import case_pause
from institutions.models import Deadline
from institutions.procedure import Rule
from institutions.selectors import deadlines_for
from institutions.services.reminders import deadlines_sweep

from . import rules_support
from .api_support import get
from .rules_support import at, d, deadline, on, open_case, reload, to_investigation

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def student(n: int) -> dict:
    return {"respondent": {"student_id": f"2026{n:04d}", "given_name": "Student",
                           "family_name": f"Number {n}", "cohort": "standard",
                           "registration_status": "registered"}}


def rows(html: str) -> dict[str, str]:
    """Each case's row of the queue page, by reference, in the page's order."""
    found = re.findall(r"<tr>\s*<td><a [^>]*>([A-Z]+-\d{4}-\d{4})</a>(.*?)</tr>", html, re.S)
    return dict(found)


def test_overdue_case_sorts_first_even_when_its_deadline_was_missed(client, midshire, ms):
    """Midshire: the decision whether to proceed was not made in time and the daily sweep
    marked it missed. The case still has that work to do: it is the queue's first row, with
    the missed date and "Overdue", not last with "None running"."""
    with at("2026-11-02"):
        missed = open_case(midshire, ms.secretary, **student(12))
    with at("2026-11-20"):
        later = to_investigation(midshire, ms, **student(1))
    today = "2026-12-09"
    with at(today):
        deadlines_sweep(institution=midshire, today=d(today))
    [intake] = list(deadlines_for(institution=midshire, subject=missed))
    assert intake.status == Deadline.Status.MISSED
    # The root: the missed deadline is still the case's next one (its summary), so the
    # queue's index-backed order on next_due puts it first.
    assert (reload(missed).next_due, reload(missed).deadline_missed) == (intake.due_date, True)
    membership = membership_get(user=ms.secretary, institution=midshire)
    assert list(case_queue(membership=membership, filters=QueueFilters(),
                           today=d(today)))[:2] == [missed, later]

    with at(today):
        client.force_login(ms.secretary)
        response = client.get("/midshire/staff/cases/")
        assert response.status_code == 200, response
        page = response.text
    table = rows(page)
    assert list(table) == [missed.reference, later.reference]
    assert "Overdue" in table[missed.reference]
    assert "None running" not in table[missed.reference]
    assert intake.purpose in table[missed.reference]


def test_a_missed_deadline_leaves_the_queue_head_once_its_work_is_done(midshire, ms):
    with at("2026-11-02"):
        case = open_case(midshire, ms.secretary, **student(3))
    with at("2026-12-09"):
        deadlines_sweep(institution=midshire, today=d("2026-12-09"))
        assert reload(case).next_due is not None
        case_decide_intake(case=reload(case), actor=ms.secretary, route="formal",
                           reasons="Needs investigation")
    case = reload(case)
    assert case.deadline_missed is False
    assert case.next_due is None or case.next_due > d("2026-12-09")


def test_paused_case_shows_paused_not_on_track(client, kingsway, ks):
    with at("2026-11-02"):
        case = to_investigation(kingsway, ks, **student(1))
    with at("2026-11-10"):
        case_pause(case=case, actor=ks.secretary, reason="police",
                   detail="Police investigation under way")
    with at("2026-11-12"):
        client.force_login(ks.secretary)
        row = rows(client.get("/kingsway/staff/cases/").text)[case.reference]
        api = get(ks.secretary, kingsway)["results"][0]
    assert "Paused" in row
    assert "On track" not in row
    assert (api["clock"], api["clock_label"]) == (Clock.PAUSED, "Paused")


def test_deadline_due_today_says_due_today(client, kingsway, ks):
    with at("2026-11-02"):
        case = to_investigation(kingsway, ks, **student(1))
    due = deadline(case, Rule.FORMAL_TARGET).due_date
    with at(due):
        client.force_login(ks.secretary)
        row = rows(client.get("/kingsway/staff/cases/").text)[case.reference]
        api = get(ks.secretary, kingsway)["results"][0]
    assert "Due today" in row
    assert "On track" not in row
    assert api["clock"] == Clock.DUE_TODAY


def test_closed_case_shows_no_clock(client, kingsway, ks, django_capture_on_commit_callbacks):
    """A dismissed case is closed; the student's window to complain to the OI may still run,
    but the queue shows no clock for staff to watch."""
    with at("2026-11-02"):
        case = to_investigation(kingsway, ks, **student(1))
    with on("2026-11-20", django_capture_on_commit_callbacks):
        formal_decide(case=case, actor=ks.secretary, result="dismiss", reasons="No evidence")
    assert reload(case).stage not in (Stage.INVESTIGATION,)
    with at("2026-11-23"):
        client.force_login(ks.secretary)
        row = rows(client.get("/kingsway/staff/cases/").text)[case.reference]
        api = get(ks.secretary, kingsway)["results"][0]
    assert "no clock running" in row
    for clock_word in ("On track", "Due soon", "Due today", "Overdue"):
        assert clock_word not in row
    assert api["clock"] == Clock.CLOSED
