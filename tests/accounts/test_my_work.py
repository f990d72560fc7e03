"""My work (issue 13 item 7): the staff landing page says what is overdue, due today, due
within 2 working days (the institution's calendar) and waiting on the member, across cases,
reports and precautionary matters, only what they may see, in a number of queries that does
not grow with the volume; the same through the API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.selectors import membership_get
from accounts.workspace import my_work
from cases.services.setup import disciplinary_catalogue_apply
from institutions.selectors import deadlines_for
from institutions.services.deadlines import deadline_cancel, deadline_register_date
from precautionary.services.setup import precautionary_catalogue_apply
from reporting.services.setup import reporting_defaults_apply

from ..cases.rules_support import at, d, to_investigation
from ..factories import InstitutionFactory
from ..precautionary.conftest import Group, convened
from ..precautionary.conftest import student as pm_student
from ..reporting.test_staff_support import anonymous_report

pytestmark = pytest.mark.django_db

TODAY = "2026-12-09"  # a Wednesday: 2 working days run to Friday 11 December


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    disciplinary_catalogue_apply(institution=inst, shape="002")
    precautionary_catalogue_apply(institution=inst, shape="002")
    reporting_defaults_apply(institution=inst)
    return inst


@pytest.fixture
def kg(kingsway):
    return Group(kingsway)


def student(n: int) -> dict:
    return {"respondent": {"student_id": f"2026{n:04d}", "given_name": "Student",
                           "family_name": f"Number {n}", "cohort": "standard",
                           "registration_status": "registered"}}


def due_on(inst, subject, day: str, purpose: str):
    with at("2026-11-02"):
        return deadline_register_date(institution=inst, subject=subject, purpose=purpose,
                                      start=d("2026-11-02"), due=d(day),
                                      description="set for the test")


@pytest.fixture
def day_of_work(kingsway, kg):
    with at("2026-10-02"):
        overdue = to_investigation(kingsway, kg, allegation_raised_on=d("2026-10-01"),
                                   incident_date=d("2026-09-30"), **student(1))
    with at("2026-11-02"):
        today = to_investigation(kingsway, kg, **student(2))
        soon = to_investigation(kingsway, kg, **student(3))
        report = anonymous_report(kingsway)
        for deadline in deadlines_for(institution=kingsway, subject=report):
            deadline_cancel(deadline=deadline, reason="Not part of this test")
    due_on(kingsway, today, TODAY, "Interview the witness")
    due_on(kingsway, soon, "2026-12-11", "Ask for the CCTV")
    due_on(kingsway, report, TODAY, "Reply to the reporter")
    with at("2026-12-01"):
        waiting = to_investigation(kingsway, kg, **student(4))
        matter = convened(kingsway, kg, who=pm_student(kingsway, "20269901"))
    due_on(kingsway, matter, "2026-12-10", "Review the measures")
    return {"overdue": overdue, "today": today, "soon": soon, "waiting": waiting,
            "report": report, "matter": matter}


def refs(work, bucket: str) -> list[str]:
    return [i.reference for i in work.buckets[bucket]]


def work_of(user, inst):
    membership = membership_get(user=user, institution=inst)
    with at(TODAY):
        return my_work(membership=membership)


def test_my_work_sorts_the_day_into_overdue_due_today_due_soon_and_waiting_on_me(
        kingsway, kg, day_of_work):
    c = day_of_work
    work = work_of(kg.investigator, kingsway)  # appointed to the four cases
    assert refs(work, "overdue") == [c["overdue"].reference]
    assert refs(work, "due_today") == [c["today"].reference]
    assert refs(work, "due_soon") == [c["soon"].reference]
    assert refs(work, "waiting") == [c["waiting"].reference]
    assert work.soon == d("2026-12-11")


def test_my_work_shows_only_what_the_member_may_see(kingsway, kg, day_of_work):
    c = day_of_work
    # The support caseworker sees every report and no case they are not appointed to.
    caseworker = work_of(kg.caseworker, kingsway)
    assert refs(caseworker, "due_today") == [c["report"].reference]
    assert [i.kind for b in caseworker.buckets.values() for i in b] == ["report"]
    # The chair of the group convened for the matter: its review, due tomorrow.
    chair = work_of(kg.chair_pm, kingsway)
    assert refs(chair, "due_soon") == [c["matter"].reference]
    # A member of the group not convened for it, and a bystander: nothing.
    assert work_of(kg.other_pm, kingsway).total == 0
    assert work_of(kg.bystander, kingsway).total == 0
    # A decision maker not appointed to them sees every case: the three with something due,
    # not the one that is only waiting on the people appointed to it.
    dm = work_of(kg.secretary2, kingsway)
    assert c["waiting"].reference not in [i.reference for b in dm.buckets.values() for i in b]
    assert refs(dm, "waiting") == []
    assert refs(dm, "overdue") == [c["overdue"].reference]


def test_my_work_is_capped_with_a_link_to_see_all(kingsway, kg, day_of_work):
    membership = membership_get(user=kg.investigator, institution=kingsway)
    with at(TODAY):
        work = my_work(membership=membership, limit=2)
    assert [s.kind for s in work.capped] == ["case"]
    assert work.capped[0].see_all == "/kingsway/staff/cases/"
    assert work.total == 2


def test_my_work_page_and_api_read_a_constant_number_of_queries(
        client, kingsway, kg, day_of_work, django_assert_max_num_queries):
    with at(TODAY):
        client.force_login(kg.investigator)
        client.get(f"/{kingsway.slug}/staff/")  # the first request saves the session
        counts = {}
        for address in (f"/{kingsway.slug}/staff/", f"/api/v1/{kingsway.slug}/my-work/"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
                assert response.status_code == 200
            counts[address] = len(queries.captured_queries)
        page = client.get(f"/{kingsway.slug}/staff/").text
        api = client.get(f"/api/v1/{kingsway.slug}/my-work/").json()
    assert page.index("My work") < page.index("Your roles")
    assert day_of_work["overdue"].reference in page
    assert [i["reference"] for i in api["buckets"]["overdue"]] == [
        day_of_work["overdue"].reference]
    assert api["soon_until"] == "2026-12-11"

    for n in range(10, 16):
        with at("2026-11-02"):
            case = to_investigation(kingsway, kg, **student(n))
        due_on(kingsway, case, "2026-12-10", "Another thing due")
    with at(TODAY):
        for address, count in counts.items():
            with django_assert_max_num_queries(count):
                assert client.get(address).status_code == 200
        assert len(client.get(f"/api/v1/{kingsway.slug}/my-work/").json()["buckets"][
            "due_soon"]) == 7


def test_my_work_api_of_another_institution_is_404(client, kingsway, kg):
    with at(TODAY):
        client.force_login(kg.investigator)
        assert client.get("/api/v1/elsewhere/my-work/").status_code == 404


def test_my_work_speaks_the_institutions_words_midshire_sees_no_002_paragraphs(db):
    """Issue 13 item 6: a deadline's purpose written with 002's paragraph (§58) is shown in
    004's words at Midshire."""
    midshire = InstitutionFactory(slug="midshire", name="University of Midshire")
    disciplinary_catalogue_apply(institution=midshire, shape="004")
    precautionary_catalogue_apply(institution=midshire, shape="004")
    reporting_defaults_apply(institution=midshire)
    group = Group(midshire)
    with at("2026-11-02"):
        case = to_investigation(midshire, group, **student(7))
    due_on(midshire, case, TODAY, "Clerk's notice to the student (§58)")
    work = work_of(group.investigator, midshire)
    [item] = work.buckets["due_today"]
    assert item.what.startswith("Clerk's notice to the student")
    assert "§" not in item.what
