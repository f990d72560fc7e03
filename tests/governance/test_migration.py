"""Declarations recorded before the registers keep their meaning (governance 0002): the old
"academic, supervisory or welfare involvement" nature becomes that involvement, so the
relationship is flagged prohibited (000 §8), and the details are encrypted at rest."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("governance", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_old_declarations_keep_their_meaning_and_their_details_are_encrypted():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Declaration = old.get_model("governance", "RelationshipDeclaration")
    # Only governance went back: the institution and the user are today's rows.
    from accounts.models import User
    from institutions.models import Institution

    inst = Institution.objects.create(slug="oldtown", name="Old Town University")
    user = User.objects.create(email="lecturer@oldtown.example", full_name="A Lecturer")
    academic = Declaration.objects.create(
        institution_id=inst.pk, declarer_id=user.pk, person_name="A Student",
        person_student_id="1", nature="academic", details="I mark their essays.",
        declared_on=dt.date(2026, 1, 5))
    personal = Declaration.objects.create(
        institution_id=inst.pk, declarer_id=user.pk, person_name="A Cousin",
        person_student_id="2", nature="personal", declared_on=dt.date(2026, 1, 5))

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from governance.models import RelationshipDeclaration

    rows = RelationshipDeclaration.objects.for_institution(inst.pk)
    migrated = rows.get(pk=academic.pk)
    assert (migrated.nature, migrated.academic_involvement, migrated.prohibited,
            migrated.kind, migrated.status) == ("other", True, True, "staff_student",
                                                "awaiting_review")
    assert migrated.details == "I mark their essays."
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM governance_relationshipdeclaration WHERE id = %s",
                       [academic.pk])
        assert "essays" not in cursor.fetchone()[0]
    unchanged = rows.get(pk=personal.pk)
    assert (unchanged.nature, unchanged.prohibited, unchanged.details) == ("personal", False, "")
