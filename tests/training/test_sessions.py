"""In-person sessions and their attendance register (issue 11 §8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from training.errors import TrainingError
from training.models import Attendance, Completion
from training.services.completions import completion_record
from training.services.sessions import register_add, register_save, session_create

from ..conftest import api_as
from .conftest import learner, module

pytestmark = pytest.mark.django_db


def in_person(inst) -> str:
    return "consent-ed-2" if inst.slug == "kingsway" else "safe-contact-induction"


@pytest.fixture
def session(world):
    inst, admin = world
    return session_create(institution=inst, actor=admin, module=module(inst, in_person(inst)),
                          held_on=dt.date(2026, 10, 28), location="Room 2.14",
                          facilitator="Sam Trainer")


@pytest.fixture
def people(world, session):
    inst, admin = world
    found = [learner(inst, f"p{n}@uni.test", full_name=f"Person {n}") for n in range(3)]
    register_add(session=session, actor=admin, learners=found)
    return found


def test_register_records_completions(world, session, people):
    inst, admin = world
    result = register_save(session=session, actor=admin,
                           marks={people[0].pk: True, people[1].pk: True, people[2].pk: False})
    assert (result.marked, result.completions_created) == (2, 2)
    recorded = Completion.objects.for_institution(inst).order_by("learner__email")
    assert [(c.learner.email, c.completed_on, c.source) for c in recorded] == [
        ("p0@uni.test", dt.date(2026, 10, 28), "register"),
        ("p1@uni.test", dt.date(2026, 10, 28), "register")]
    # Saving the same register again records nothing more.
    again = register_save(session=session, actor=admin, marks={people[0].pk: True})
    assert (again.marked, again.completions_created) == (0, 0)
    assert recorded.count() == 2


def test_attendance_cannot_be_marked_before_the_session(world, people):
    inst, admin = world
    future = session_create(institution=inst, actor=admin,
                            module=module(inst, in_person(inst)), held_on=dt.date(2026, 11, 5),
                            location="Room 1", facilitator="Sam")
    register_add(session=future, actor=admin, learners=people)
    with pytest.raises(TrainingError, match="mark attendance on or after that day"):
        register_save(session=future, actor=admin, marks={people[0].pk: True})
    assert not Completion.objects.for_institution(inst).exists()


def test_unmarking_removes_only_what_the_register_recorded(world, session, people):
    inst, admin = world
    # p1 already has this completion from the learning platform (same module, same day).
    imported, _ = completion_record(learner=people[1], module=session.module,
                                    completed_on=session.held_on, source="import")
    register_save(session=session, actor=admin, marks={people[0].pk: True, people[1].pk: True})
    attendance = {a.learner_id: a for a in Attendance.objects.for_institution(inst)}
    assert attendance[people[0].pk].created_completion
    assert not attendance[people[1].pk].created_completion
    assert attendance[people[1].pk].completion_id == imported.pk

    result = register_save(session=session, actor=admin,
                           marks={people[0].pk: False, people[1].pk: False})
    assert (result.unmarked, result.completions_withdrawn) == (2, 1)
    left = Completion.objects.for_institution(inst)
    assert list(left.values_list("pk", "source")) == [(imported.pk, "import")]
    assert not Attendance.objects.for_institution(inst).filter(attended=True).exists()


def test_an_unticked_box_never_saved_removes_nothing(world, session, people):
    inst, admin = world
    manual, _ = completion_record(learner=people[2], module=session.module,
                                  completed_on=session.held_on, source="manual")
    result = register_save(session=session, actor=admin, marks={people[2].pk: False})
    assert (result.unmarked, result.completions_withdrawn) == (0, 0)
    assert Completion.objects.for_institution(inst).get() == manual


def test_sessions_are_for_in_person_modules(world):
    inst, admin = world
    online = "consent-ed-1" if inst.slug == "kingsway" else "bystander-consent"
    with pytest.raises(ValidationError) as refused:
        session_create(institution=inst, actor=admin, module=module(inst, online),
                       held_on=dt.date(2026, 10, 1), location="Room", facilitator="Sam")
    assert list(refused.value.message_dict) == ["module"]


def test_a_sessions_date_is_fixed_once_attendance_is_marked(client, world, session, people):
    inst, admin = world
    register_save(session=session, actor=admin, marks={people[0].pk: True})
    client.force_login(admin)
    page = client.post(f"/{inst.slug}/staff/training/sessions/{session.pk}/edit/", {
        "module": session.module.pk, "held_on": "2026-10-29", "location": "Room 2.14",
        "facilitator": "Sam Trainer"})
    assert page.status_code == 200
    assert "can no longer change" in page.text
    moved = client.post(f"/{inst.slug}/staff/training/sessions/{session.pk}/edit/", {
        "module": session.module.pk, "held_on": "2026-10-28", "location": "Room 3.01",
        "facilitator": "Sam Trainer"})
    assert moved.status_code == 302
    session.refresh_from_db()
    assert session.location == "Room 3.01"


def test_register_page_adds_people_and_marks_attendance(client, world):
    inst, admin = world
    client.force_login(admin)
    created = client.post(f"/{inst.slug}/staff/training/sessions/new/", {
        "module": module(inst, in_person(inst)).pk, "held_on": "2026-10-28",
        "location": "Room 2.14", "facilitator": "Sam Trainer"})
    assert created.status_code == 302
    address = created["Location"]
    a = learner(inst, "a@uni.test", full_name="Alex")
    b = learner(inst, "b@uni.test", full_name="Bea")
    unknown = client.post(address, {"add": "a@uni.test\nnobody@uni.test"})
    assert "Not on the roster: nobody@uni.test" in unknown.text
    assert not Attendance.objects.for_institution(inst).exists()
    assert client.post(address, {"add": "a@uni.test, B@uni.test"}).status_code == 302
    page = client.get(address)
    assert "Alex attended" in page.text
    assert client.post(address, {f"attended_{a.pk}": "on"}).status_code == 302
    assert list(Completion.objects.for_institution(inst).values_list("learner_id", flat=True)) \
        == [a.pk]
    assert "1 attended of 2" in client.get(f"/{inst.slug}/staff/training/sessions/").text
    assert b.pk in set(Attendance.objects.for_institution(inst).values_list("learner_id",
                                                                            flat=True))


def test_register_page_before_the_day_says_why_it_cannot_be_marked(client, world):
    inst, admin = world
    client.force_login(admin)
    future = session_create(institution=inst, actor=admin,
                            module=module(inst, in_person(inst)), held_on=dt.date(2026, 11, 9),
                            location="Room 1", facilitator="Sam")
    register_add(session=future, actor=admin, learners=[learner(inst, "c@uni.test")])
    page = client.get(f"/{inst.slug}/staff/training/sessions/{future.pk}/")
    assert "mark attendance on or after that day" in page.text
    assert "attended_" not in page.text


def test_register_through_the_api(world, session, people):
    inst, admin = world
    client = api_as(admin)
    extra = learner(inst, "extra@uni.test")
    response = client.post(f"/api/v1/{inst.slug}/training/sessions/{session.pk}/register/", {
        "add": ["extra@uni.test"],
        "marks": [{"learner_id": people[0].pk, "attended": True},
                  {"learner_id": extra.pk, "attended": True}]}, format="json")
    assert response.status_code == 200, response.content
    register = {r["email"]: r for r in response.json()["register"]}
    assert register["extra@uni.test"]["attended"] is True
    assert register["p0@uni.test"]["completion_id"] is not None
    assert register["p1@uni.test"]["attended"] is False
    bad = client.post(f"/api/v1/{inst.slug}/training/sessions/{session.pk}/register/", {
        "marks": [{"learner_id": 10**6, "attended": True}]}, format="json")
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["marks"]


def test_session_list_needs_a_constant_number_of_queries(client, world, session, people,
                                                         django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    inst, admin = world
    client.force_login(admin)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/{inst.slug}/staff/training/sessions/")
    for day in range(1, 15):
        extra = session_create(institution=inst, actor=admin,
                               module=module(inst, in_person(inst)),
                               held_on=dt.date(2026, 10, day), location="R", facilitator="F")
        register_add(session=extra, actor=admin, learners=people)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(f"/{inst.slug}/staff/training/sessions/")
    assert "0 attended of 3" in page.text
