"""The demo's training records (training/demo.py), loaded after the demo's staff as
``seed_demo`` does, and what the training administrators see of them."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import User
from institutions.demo import seed_demo
from institutions.models import Institution
from training.demo import seed_demo_training
from training.models import (
    Attendance,
    Campaign,
    Completion,
    ImportRowError,
    ImportRun,
    Learner,
    TrainingSession,
)
from training.services.reminders import expiry_reminders_send

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    seed_demo()
    seed_demo_training()
    return {slug: Institution.objects.get(slug=slug) for slug in ("kingsway", "midshire")}


def counts(inst) -> tuple:
    return tuple(model.objects.for_institution(inst).count() for model in (
        Campaign, Learner, Completion, ImportRun, TrainingSession, Attendance))


def test_demo_campaigns_roster_import_and_register(demo):
    midshire, kingsway = demo["midshire"], demo["kingsway"]
    campaigns = {c.name: (c.module.key, c.opens_on, c.deadline) for c in
                 Campaign.objects.for_institution(midshire).select_related("module")}
    assert campaigns == {
        "Bystander and Consent 2026": ("bystander-consent", dt.date(2026, 9, 15),
                                       dt.date(2026, 10, 20)),
        "Bystander and Consent 2025": ("bystander-consent", dt.date(2025, 9, 15),
                                       dt.date(2025, 10, 20))}
    assert set(Campaign.objects.for_institution(kingsway).values_list("cohort", flat=True)) \
        == {"2026"}
    for inst in demo.values():
        students = Learner.objects.for_institution(inst).filter(kind="student")
        assert students.count() == 40
        assert Learner.objects.for_institution(inst).filter(
            kind="staff", membership__isnull=False).count() >= 15
        run = ImportRun.objects.for_institution(inst).get()
        assert (run.status, run.error_count) == ("done", 2)
        assert run.created_count > 10
        assert ImportRowError.objects.for_institution(inst).count() == 2
        session = TrainingSession.objects.for_institution(inst).get()
        register = Attendance.objects.for_institution(inst).filter(session=session)
        assert register.filter(attended=True).exists()
        assert register.filter(attended=False).exists()
        assert all(a.completion_id for a in register.filter(attended=True))
        # Some students have completed, some are outstanding.
        done = students.filter(completions__isnull=False).distinct().count()
        assert 0 < done < 40
        completions = Completion.objects.for_institution(inst)
        assert completions.filter(expires_on__lt=TODAY).exists()  # expired ones
    assert Learner.objects.for_institution(midshire).filter(kind="student",
                                                            year_of_study=1).count() == 16


def test_demo_safe_contact_is_reminded_of_an_expiring_specialism(demo):
    for slug, inst in demo.items():
        expiring = Completion.objects.for_institution(inst).get(
            learner__email=f"safe-contact@{slug}.example", module__key="sc-sexual-violence")
        assert TODAY < expiring.expires_on <= TODAY + dt.timedelta(days=60)
        assert expiry_reminders_send(institution=inst, today=TODAY) >= 1


def test_demo_training_administrator_logs_in_and_sees_it(client, demo):
    for slug, inst in demo.items():
        admin = User.objects.get(email=f"training-admin@{slug}.example")
        assert admin.check_password("demo-password-2026")
        client.force_login(admin)
        run = ImportRun.objects.for_institution(inst).get()
        session = TrainingSession.objects.for_institution(inst).get()
        for path in ["", "roster/", "campaigns/", f"imports/{run.pk}/",
                     f"sessions/{session.pk}/"]:
            page = client.get(f"/{slug}/staff/training/{path}")
            assert page.status_code == 200, path
        assert "Rows not applied (2)" in client.get(
            f"/{slug}/staff/training/imports/{run.pk}/").text


def test_loading_the_demo_again_adds_nothing(demo):
    before = {slug: counts(inst) for slug, inst in demo.items()}
    seed_demo()
    seed_demo_training()
    assert {slug: counts(inst) for slug, inst in demo.items()} == before
