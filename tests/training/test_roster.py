"""The roster (issue 11 §7): search, pages, linking staff to their account, completions entered
by hand, and a list whose cost does not grow with the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from accounts.roles import Role
from training.models import Completion, Learner
from training.selectors import learner_search, training_held

from ..conftest import api_as
from ..factories import staff
from .conftest import learner, module, student_key

pytestmark = pytest.mark.django_db


def test_roster_search_matches_email_name_or_student_number(world):
    inst, _admin = world
    learner(inst, "ada.lovelace@students.test", full_name="Ada Lovelace", external_id="K2026001")
    learner(inst, "alan.turing@students.test", full_name="Alan Turing", external_id="K2025002")
    learner(inst, "grace@staff.test", full_name="Grace Hopper", kind="staff")

    def found(search, kind=""):
        return [x.email for x in learner_search(institution=inst, search=search, kind=kind)]

    assert found("lovelace") == ["ada.lovelace@students.test"]
    assert found("Turing") == ["alan.turing@students.test"]
    assert found("K2026") == ["ada.lovelace@students.test"]
    assert found("students.test") == ["ada.lovelace@students.test", "alan.turing@students.test"]
    assert found("", kind="staff") == ["grace@staff.test"]


def test_roster_page_searches_and_paginates(client, world):
    inst, admin = world
    for n in range(30):
        learner(inst, f"student{n:02d}@students.test", full_name=f"Student {n:02d}")
    client.force_login(admin)
    page = client.get(f"/{inst.slug}/staff/training/roster/")
    assert "Page 1 of 2" in page.text
    assert "student00@students.test" in page.text
    assert "student29@students.test" not in page.text
    second = client.get(f"/{inst.slug}/staff/training/roster/", {"page": 2})
    assert "student29@students.test" in second.text
    searched = client.get(f"/{inst.slug}/staff/training/roster/", {"q": "student07"})
    assert "student07@students.test" in searched.text
    assert "student08@students.test" not in searched.text


def test_roster_list_needs_a_constant_number_of_queries(client, world,
                                                        django_assert_max_num_queries):
    inst, admin = world
    client.force_login(admin)
    for n in range(3):
        learner(inst, f"few{n}@students.test", full_name=f"Few {n}")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/{inst.slug}/staff/training/roster/").status_code == 200
    for n in range(60):
        learner(inst, f"many{n}@students.test", full_name=f"Many {n}",
                kind="staff" if n % 2 else "student")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/{inst.slug}/staff/training/roster/", {"page": 2})
    assert "Page 2 of 3" in page.text
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/api/v1/{inst.slug}/training/learners/").status_code == 200


def test_a_staff_entry_is_linked_to_the_account_with_its_email(client, world):
    inst, admin = world
    investigator = staff(inst, Role.INVESTIGATOR, email=f"Investigator@{inst.slug}.test")
    client.force_login(admin)
    response = client.post(f"/{inst.slug}/staff/training/roster/new/", {
        "kind": "staff", "email": f"investigator@{inst.slug}.test", "full_name": "I. Nvestigator",
        "is_active": "on"})
    assert response.status_code == 302, response.content
    entry = Learner.objects.for_institution(inst).get(email=f"investigator@{inst.slug}.test")
    membership = Membership.objects.for_institution(inst).get(user=investigator)
    assert entry.membership_id == membership.pk
    # So what is recorded for the entry counts for the member's role.
    from training.services.completions import completion_enter

    completion_enter(learner=entry, module=module(inst, "unconscious-bias"),
                     completed_on=dt.date(2026, 10, 1), actor=admin)
    assert training_held(membership=membership, on=dt.date(2026, 11, 4), key="unconscious-bias")


def test_a_student_entry_is_never_linked_to_a_staff_account(world):
    inst, admin = world
    staff(inst, Role.INVESTIGATOR, email=f"both@{inst.slug}.test")
    response = api_as(admin).post(f"/api/v1/{inst.slug}/training/learners/", {
        "kind": "student", "email": f"both@{inst.slug}.test"}, format="json")
    assert response.status_code == 201
    assert response.json()["account_linked"] is False


def test_an_email_is_on_the_roster_once(client, world):
    inst, admin = world
    learner(inst, "taken@students.test")
    client.force_login(admin)
    page = client.post(f"/{inst.slug}/staff/training/roster/new/", {
        "kind": "student", "email": "Taken@Students.test", "full_name": "Someone else"})
    assert page.status_code == 200
    assert "taken@students.test is already on the roster." in page.text
    assert 'value="Someone else"' in page.text
    response = api_as(admin).post(f"/api/v1/{inst.slug}/training/learners/", {
        "kind": "student", "email": "taken@students.test"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["email"]


def test_a_roster_entry_is_edited_on_its_page(client, world):
    inst, admin = world
    entry = learner(inst, "edit@students.test", full_name="Before")
    client.force_login(admin)
    address = f"/{inst.slug}/staff/training/roster/{entry.pk}/"
    assert "Before" in client.get(address).text
    response = client.post(address, {"kind": "student", "email": "edit@students.test",
                                     "full_name": "After", "cohort": "2026",
                                     "year_of_study": "1", "is_active": "on"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.full_name, entry.cohort, entry.year_of_study) == ("After", "2026", 1)


def test_a_completion_is_entered_by_hand_once(client, world):
    inst, admin = world
    entry = learner(inst, "hand@students.test")
    client.force_login(admin)
    address = f"/{inst.slug}/staff/training/roster/{entry.pk}/completions/new/"
    data = {"module": module(inst, student_key(inst)).pk, "completed_on": "2026-10-15"}
    assert client.post(address, data).status_code == 302
    assert client.post(address, data).status_code == 302  # the same record: nothing new
    completions = Completion.objects.for_institution(inst).filter(learner=entry)
    assert [(c.completed_on, c.source) for c in completions] == [(dt.date(2026, 10, 15),
                                                                  "manual")]
    page = client.get(f"/{inst.slug}/staff/training/roster/{entry.pk}/")
    assert "15 Oct 2026" in page.text


def test_a_completion_cannot_be_dated_in_the_future(client, world):
    inst, admin = world
    entry = learner(inst, "future@students.test")
    client.force_login(admin)
    page = client.post(f"/{inst.slug}/staff/training/roster/{entry.pk}/completions/new/", {
        "module": module(inst, student_key(inst)).pk, "completed_on": "2026-11-05"})
    assert page.status_code == 200
    assert "is in the future" in page.text
    response = api_as(admin).post(
        f"/api/v1/{inst.slug}/training/learners/{entry.pk}/completions/",
        {"module_id": module(inst, student_key(inst)).pk, "completed_on": "2026-11-05"},
        format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["completed_on"]
    assert not Completion.objects.for_institution(inst).exists()


def test_api_completion_entry_answers_created_then_unchanged(world):
    inst, admin = world
    entry = learner(inst, "api@students.test")
    client = api_as(admin)
    body = {"module_id": module(inst, student_key(inst)).pk, "completed_on": "2026-10-01"}
    first = client.post(f"/api/v1/{inst.slug}/training/learners/{entry.pk}/completions/", body,
                        format="json")
    again = client.post(f"/api/v1/{inst.slug}/training/learners/{entry.pk}/completions/", body,
                        format="json")
    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (again.status_code, again.json()["created"]) == (200, False)
    detail = client.get(f"/api/v1/{inst.slug}/training/learners/{entry.pk}/").json()
    assert [c["completed_on"] for c in detail["completions"]] == ["2026-10-01"]
