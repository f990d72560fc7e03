"""Training in the Django admin: every write goes through the services (audited once, with the
services' rules shown as form errors), and an institution admin sees only their own rows."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from training.models import Campaign, Completion, ImportRun, Learner, Module

from ..factories import staff
from .conftest import HEADER, csv_bytes, learner, module, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst_admin(kingsway):
    user = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    user.is_staff = True
    user.save()
    return user


def actions(inst) -> list[str]:
    return list(AuditEvent.objects.for_institution(inst).filter(action__startswith="training.")
                .order_by("sequence").values_list("action", flat=True))


def errors_of(response) -> str:
    return response.text[:3000] if hasattr(response, "text") else ""


def test_a_module_added_in_the_admin_goes_through_the_service(client, kingsway, inst_admin):
    client.force_login(inst_admin)
    response = client.post("/admin/training/module/add/", {
        "institution": str(kingsway.pk), "key": "admin-made", "title": "Made in the admin",
        "audience": "all_staff", "delivery": "online", "purpose": "general",
        "is_active": "on"})
    assert response.status_code == 302, errors_of(response)
    assert module(kingsway, "admin-made").title == "Made in the admin"
    assert actions(kingsway) == ["training.module_created"]


def test_the_admin_shows_a_services_rule_as_a_form_error(client, kingsway, inst_admin):
    client.force_login(inst_admin)
    response = client.post("/admin/training/campaign/add/", {
        "institution": str(kingsway.pk), "module": str(module(kingsway, "consent-ed-1").pk),
        "name": "Backwards", "opens_on": "2026-10-20", "deadline": "2026-09-15"})
    assert response.status_code == 200
    assert "cannot be before the opening date" in response.text, errors_of(response)
    assert not Campaign.objects.for_institution(kingsway).exists()
    role = client.post("/admin/training/module/add/", {
        "institution": str(kingsway.pk), "key": "needs-role", "title": "Needs a role",
        "audience": "role", "delivery": "online", "purpose": "general"})
    assert "Choose the role whose holders must take this module." in role.text


def test_roster_entries_and_completions_in_the_admin(client, kingsway, inst_admin):
    client.force_login(inst_admin)
    response = client.post("/admin/training/learner/add/", {
        "institution": str(kingsway.pk), "kind": "student", "email": "Adm@Students.test",
        "is_active": "on"})
    assert response.status_code == 302, errors_of(response)
    entry = Learner.objects.for_institution(kingsway).get()
    assert entry.email == "adm@students.test"
    response = client.post("/admin/training/completion/add/", {
        "institution": str(kingsway.pk), "learner": str(entry.pk),
        "module": str(module(kingsway, "consent-ed-1").pk), "completed_on": "2026-10-01"})
    assert response.status_code == 302, errors_of(response)
    completion = Completion.objects.for_institution(kingsway).get()
    assert completion.source == "manual"
    response = client.post(f"/admin/training/completion/{completion.pk}/delete/",
                           {"post": "yes"})
    assert response.status_code == 302
    assert not Completion.objects.for_institution(kingsway).exists()
    assert actions(kingsway) == ["training.learner_added", "training.completion_recorded",
                                 "training.completion_withdrawn"]


def test_imports_are_read_only_in_the_admin_and_another_institution_is_not_listed(
        client, kingsway, midshire, inst_admin, admin_k, admin_m):
    run = run_import(kingsway, admin_k, csv_bytes([
        HEADER, ["a@b.test", "S1", "A B", "consent-ed-1", "01/10/2026"]]))
    learner(midshire, "theirs@students.test")
    client.force_login(inst_admin)
    assert client.get(f"/admin/training/importrun/{run.pk}/change/").status_code == 200
    assert client.get("/admin/training/importrun/add/").status_code == 403
    listing = client.get("/admin/training/learner/")
    assert "a@b.test" in listing.text
    assert "theirs@students.test" not in listing.text
    assert ImportRun.objects.for_institution(kingsway).count() == 1
    assert Module.objects.for_institution(midshire).exists()
