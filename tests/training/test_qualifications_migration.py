"""The interim ``accounts.Qualification`` records move into training with a data migration
(issue 11 §11): each becomes a completion on the member's roster entry, dates kept."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0004_role_choices_from_the_registry"), ("training", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_interim_qualifications_become_completions_with_their_dates():
    old = _migrate(BEFORE)
    Institution = old.get_model("institutions", "Institution")
    User = old.get_model("accounts", "User")
    Membership = old.get_model("accounts", "Membership")
    Qualification = old.get_model("accounts", "Qualification")
    inst = Institution.objects.create(slug="oldtown", name="Old Town University")
    user = User.objects.create(email="Investigator@Oldtown.example", full_name="An Investigator")
    membership = Membership.objects.create(institution=inst, user=user)
    Qualification.objects.create(institution=inst, membership=membership, kind="specialist",
                                 completed_on=dt.date(2024, 9, 1), expires_on=dt.date(2027, 1, 31))
    Qualification.objects.create(institution=inst, membership=membership,
                                 kind="unconscious_bias", completed_on=dt.date(2025, 2, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from accounts.models import Membership as NewMembership
    from training.selectors import current_qualifications, missing_qualifications

    member = NewMembership.objects.for_institution(inst.pk).get(pk=membership.pk)
    held = {c.module.purpose: (c.completed_on, c.expires_on, c.source)
            for c in current_qualifications(member, on=dt.date(2026, 12, 4))}
    assert held == {
        "disciplinary_specialist": (dt.date(2024, 9, 1), dt.date(2027, 1, 31), "migrated"),
        "unconscious_bias": (dt.date(2025, 2, 1), None, "migrated"),
    }
    assert missing_qualifications(member, on=dt.date(2027, 2, 1)) == [
        "specialist training in Investigations, Adjudications and Decision Making"]
    assert member.learner.email == "investigator@oldtown.example"
