"""The queue (GET cases/): only the cases the caller may see, filters, search by reference or
student ID, pagination, and a number of queries that does not grow with the page."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .api_support import assert_error, get, open_case, post
from .conftest import case_data, minor

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    # Friday 20 November 2026: "due soon" runs to Tuesday 24 November (2 working days).
    with time_machine.travel(dt.datetime(2026, 11, 20, 10), tick=False):
        yield dt.date(2026, 11, 20)


def student(n: int, **extra) -> dict:
    return {"student_id": f"2026{n:04d}", "given_name": f"Student{n}",
            "family_name": "Sample", "cohort": "standard", **extra}


def open_many(user, inst, count: int, start: int = 0) -> list[dict]:
    return [open_case(user, inst, case_data(respondent=student(start + n)))
            for n in range(count)]


@pytest.fixture
def three(kingsway, ks, today):
    """Overdue (the 60-day target passed), due soon, and on track."""
    overdue = open_case(ks.secretary, kingsway, case_data(
        respondent=student(1), allegation_raised_on=dt.date(2026, 9, 15)))
    soon = open_case(ks.secretary, kingsway, minor(
        respondent=student(2, cohort="summer_school"),
        allegation_raised_on=dt.date(2026, 9, 22)))
    on_track = open_case(ks.secretary, kingsway, case_data(respondent=student(3)))
    return overdue, soon, on_track


def refs(page: dict) -> list[str]:
    return [row["reference"] for row in page["results"]]


def test_row_shape_and_order_soonest_deadline_first(kingsway, ks, three):
    overdue, soon, on_track = three
    page = get(ks.secretary, kingsway)
    assert page["count"] == 3
    assert refs(page) == [overdue["reference"], soon["reference"], on_track["reference"]]
    row = page["results"][0]
    assert row == {
        "id": overdue["id"], "reference": "KINGSWAY-2026-0001", "stage": "intake",
        "stage_label": "Decision whether to proceed", "cohort": "standard",
        "severity": "major", "respondent": {"student_id": "20260001",
                                            "name": "Student1 Sample"},
        "next_due": "2026-11-14", "next_purpose": "Informal and formal stages complete (§44)",
        "deadline_status": "overdue", "clock": "overdue", "clock_label": "Overdue",
        "is_paused": False, "closed_on": None}
    assert [r["deadline_status"] for r in page["results"]] == ["overdue", "due_soon",
                                                              "on_track"]


@pytest.mark.parametrize(("status", "index"), [("overdue", 0), ("due_soon", 1),
                                               ("on_track", 2)])
def test_filter_by_deadline_status(kingsway, ks, three, status, index):
    page = get(ks.secretary, kingsway, params={"deadline_status": status})
    assert refs(page) == [three[index]["reference"]]


def test_filter_by_stage_cohort_and_assignee(kingsway, ks, three):
    overdue, soon, on_track = three
    post(ks.secretary, kingsway, on_track["id"], "intake-decision",
         {"route": "formal", "reasons": "Investigate"})
    post(ks.secretary, kingsway, on_track["id"], "assign",
         {"user": ks.investigator.pk, "role": "investigator"}, expect=201)
    assert refs(get(ks.secretary, kingsway, params={"stage": "investigation"})) == [
        on_track["reference"]]
    assert refs(get(ks.secretary, kingsway, params={"stage": "intake"})) == [
        overdue["reference"], soon["reference"]]
    assert refs(get(ks.secretary, kingsway, params={"cohort": "summer_school"})) == [
        soon["reference"]]
    assert refs(get(ks.secretary, kingsway, params={"assignee": ks.investigator.pk})) == [
        on_track["reference"]]
    assert get(ks.secretary, kingsway, params={"assignee": ks.clerk.pk})["count"] == 0
    assert refs(get(ks.secretary, kingsway, params={
        "stage": "intake", "cohort": "standard", "deadline_status": "overdue"})) == [
        overdue["reference"]]


def test_search_by_reference_or_student_id(kingsway, ks, three):
    overdue, soon, _ = three
    assert refs(get(ks.secretary, kingsway, params={"search": "KINGSWAY-2026-0002"})) == [
        soon["reference"]]
    assert refs(get(ks.secretary, kingsway, params={"search": "2026-0001"})) == [
        overdue["reference"]]
    assert refs(get(ks.secretary, kingsway, params={"search": "20260002"})) == [
        soon["reference"]]
    assert get(ks.secretary, kingsway, params={"search": "2026000"})["count"] == 0
    assert get(ks.secretary, kingsway, params={"search": "nobody"})["count"] == 0


def test_invalid_filters_are_400_by_field(kingsway, ks, three):
    refused = get(ks.secretary, kingsway, params={
        "stage": "limbo", "cohort": "evening", "deadline_status": "late", "assignee": "me"},
        expect=400)
    assert_error(refused, 400, "invalid")
    assert set(refused["errors"]) == {"stage", "cohort", "deadline_status", "assignee"}


def test_queue_shows_only_the_cases_the_caller_may_see(kingsway, ks, three):
    _, soon, _ = three
    assert get(ks.investigator, kingsway)["count"] == 0
    assert get(ks.bystander, kingsway)["count"] == 0
    post(ks.secretary, kingsway, soon["id"], "assign",
         {"user": ks.caseworker.pk, "role": "caseworker"}, expect=201)
    assert refs(get(ks.caseworker, kingsway)) == [soon["reference"]]


def test_pagination_25_a_page(kingsway, ks, today):
    open_many(ks.secretary, kingsway, 30)
    first = get(ks.secretary, kingsway)
    assert (first["count"], len(first["results"]), first["previous"]) == (30, 25, None)
    assert first["next"].endswith("/api/v1/kingsway/cases/?page=2")
    second = get(ks.secretary, kingsway, params={"page": 2})
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert not set(refs(first)) & set(refs(second))
    assert get(ks.secretary, kingsway, params={"page": 3}, expect=404)["code"] == "not_found"


def test_queries_do_not_grow_with_the_number_of_cases(kingsway, ks, today,
                                                      django_assert_max_num_queries):
    open_many(ks.secretary, kingsway, 3)
    with CaptureQueriesContext(connection) as few:
        assert get(ks.secretary, kingsway)["count"] == 3
    open_many(ks.secretary, kingsway, 27, start=3)
    with CaptureQueriesContext(connection) as many:
        assert len(get(ks.secretary, kingsway)["results"]) == 25
    assert len(many) == len(few), [q["sql"][:150] for q in many]
    # Institution, membership and roles, count, page, closure days, the procedure's settings
    # (its wording of the deadlines' purposes): seven, for any page size.
    with django_assert_max_num_queries(7):
        assert get(ks.secretary, kingsway, params={"page": 2})["count"] == 30
