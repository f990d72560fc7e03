"""Modules and campaigns (issue 11 §7): pages and API, in both institutions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from training.models import Campaign, Completion, Module
from training.services.completions import completion_record
from training.services.modules import campaign_create, module_create, module_update

from ..conftest import api_as
from .conftest import learner, module, student_key

pytestmark = pytest.mark.django_db


def test_campaign_deadline_must_not_precede_opening(world):
    inst, admin = world
    with pytest.raises(ValidationError) as refused:
        campaign_create(institution=inst, actor=admin, module=module(inst, student_key(inst)),
                        name="Backwards", opens_on=dt.date(2026, 10, 20),
                        deadline=dt.date(2026, 9, 15))
    assert refused.value.message_dict == {"deadline": [
        "The deadline (15 September 2026) cannot be before the opening date "
        "(20 October 2026)."]}
    assert not Campaign.objects.for_institution(inst).exists()


def test_campaign_deadline_error_is_shown_on_the_page_with_what_was_typed(client, world):
    inst, admin = world
    client.force_login(admin)
    page = client.post(f"/{inst.slug}/staff/training/campaigns/new/", {
        "module": module(inst, student_key(inst)).pk, "name": "Backwards",
        "opens_on": "2026-10-20", "deadline": "2026-09-15"})
    assert page.status_code == 200
    assert "cannot be before the opening date" in page.text
    assert 'value="Backwards"' in page.text
    assert not Campaign.objects.for_institution(inst).exists()


def test_campaign_deadline_error_is_a_400_with_the_field_in_the_api(world):
    inst, admin = world
    response = api_as(admin).post(f"/api/v1/{inst.slug}/training/campaigns/", {
        "module_id": module(inst, student_key(inst)).pk, "name": "Backwards",
        "opens_on": "2026-10-20", "deadline": "2026-09-15"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["deadline"]


def test_a_campaign_on_its_deadline_day_is_accepted_and_listed(client, world):
    inst, admin = world
    client.force_login(admin)
    response = client.post(f"/{inst.slug}/staff/training/campaigns/new/", {
        "module": module(inst, student_key(inst)).pk, "name": "One day",
        "opens_on": "2026-09-15", "deadline": "2026-09-15", "cohort": "2026"})
    assert response.status_code == 302
    listing = client.get(f"/{inst.slug}/staff/training/campaigns/")
    assert "One day" in listing.text


def test_midshire_bystander_campaign_through_the_api(midshire, admin_m):
    client = api_as(admin_m)
    created = client.post("/api/v1/midshire/training/campaigns/", {
        "module_id": module(midshire, "bystander-consent").pk,
        "name": "Bystander and Consent 2026", "opens_on": "2026-09-15",
        "deadline": "2026-10-20", "cohort": "2026"}, format="json")
    assert created.status_code == 201, created.content
    campaign_id = created.json()["id"]
    changed = client.patch(f"/api/v1/midshire/training/campaigns/{campaign_id}/",
                           {"deadline": "2026-10-27"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["deadline"] == "2026-10-27"
    refused = client.patch(f"/api/v1/midshire/training/campaigns/{campaign_id}/",
                           {"deadline": "2026-09-01"}, format="json")
    assert refused.status_code == 400
    assert "deadline" in refused.json()["errors"]


def test_module_created_and_edited_on_the_pages(client, world):
    inst, admin = world
    client.force_login(admin)
    response = client.post(f"/{inst.slug}/staff/training/modules/new/", {
        "key": "active-bystander", "title": "Active bystander refresher",
        "audience": "all_staff", "delivery": "online", "validity_years": "2",
        "purpose": "general", "mandatory": "on", "is_active": "on"})
    assert response.status_code == 302, response.content
    created = module(inst, "active-bystander")
    assert (created.validity_years, created.mandatory) == (2, True)
    edit = f"/{inst.slug}/staff/training/modules/{created.pk}/"
    assert "Active bystander refresher" in client.get(edit).text
    response = client.post(edit, {"title": "Active bystander", "audience": "role",
                                  "audience_role": "safe_contact", "delivery": "in_person",
                                  "purpose": "general", "is_active": "on"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.audience, created.audience_role, created.validity_years) == (
        "role", "safe_contact", None)
    assert AuditEvent.objects.for_institution(inst).filter(
        action="training.module_changed").exists()


def test_a_module_for_a_role_must_name_the_role(client, world):
    inst, admin = world
    client.force_login(admin)
    page = client.post(f"/{inst.slug}/staff/training/modules/new/", {
        "key": "x-role", "title": "For a role", "audience": "role", "delivery": "online",
        "purpose": "general"})
    assert page.status_code == 200
    assert "Choose the role whose holders must take this module." in page.text
    assert not Module.objects.for_institution(inst).filter(key="x-role").exists()


def test_only_a_students_module_may_allow_an_opt_out(world):
    inst, admin = world
    with pytest.raises(ValidationError) as refused:
        module_create(institution=inst, actor=admin, key="staff-x", title="Staff X",
                      audience="all_staff", delivery="online", allows_opt_out=True)
    assert list(refused.value.message_dict) == ["allows_opt_out"]


def test_a_module_key_is_unique_in_the_institution_and_cannot_change(world):
    inst, admin = world
    with pytest.raises(ValidationError) as refused:
        module_create(institution=inst, actor=admin, key=student_key(inst), title="Again",
                      audience="all_students", delivery="online")
    assert list(refused.value.message_dict) == ["key"]
    response = api_as(admin).patch(
        f"/api/v1/{inst.slug}/training/modules/{module(inst, student_key(inst)).pk}/",
        {"key": "renamed", "title": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["key"] == student_key(inst)


def test_changing_validity_recomputes_nothing_already_recorded(world):
    inst, admin = world
    prevent = module(inst, "prevent-awareness")  # 3 years
    person = learner(inst, "someone@staff.test", kind="staff")
    before, _ = completion_record(learner=person, module=prevent,
                                  completed_on=dt.date(2026, 1, 10), source="manual")
    assert before.expires_on == dt.date(2029, 1, 9)
    prevent = module_update(module=prevent, actor=admin, validity_years=1)
    before.refresh_from_db()
    assert before.expires_on == dt.date(2029, 1, 9)  # kept as recorded
    after, _ = completion_record(learner=person, module=prevent,
                                 completed_on=dt.date(2026, 6, 1), source="manual")
    assert after.expires_on == dt.date(2027, 5, 31)  # the new validity
    assert Completion.objects.for_institution(inst).count() == 2


def test_module_api_create_and_field_errors(world):
    inst, admin = world
    client = api_as(admin)
    bad = client.post(f"/api/v1/{inst.slug}/training/modules/", {
        "key": "Not A Slug", "title": "", "audience": "nobody", "delivery": "online"},
        format="json")
    assert bad.status_code == 400
    assert {"key", "title", "audience"} <= set(bad.json()["errors"])
    good = client.post(f"/api/v1/{inst.slug}/training/modules/", {
        "key": "harassment-refresher", "title": "Harassment refresher",
        "audience": "disciplinary_roles", "delivery": "online", "validity_years": 2,
        "purpose": "general"}, format="json")
    assert good.status_code == 201, good.content
    assert good.json()["validity_years"] == 2


def test_module_list_needs_a_constant_number_of_queries(client, world,
                                                        django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    inst, admin = world
    client.force_login(admin)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/{inst.slug}/staff/training/modules/").status_code == 200
    for n in range(20):
        module_create(institution=inst, actor=admin, key=f"extra-{n}", title=f"Extra {n}",
                      audience="all_staff", delivery="online")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/{inst.slug}/staff/training/modules/")
    assert "Extra 19" in page.text or "Page 1 of 2" in page.text
