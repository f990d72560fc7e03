"""Relationship declarations change only through governance/services.py, audited without the
declared person's name (issue 8 §4), and they keep the declarer off that person's cases."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import services
from governance.models import RelationshipDeclaration
from tests.audit_support import actions, events
from tests.core.test_admin import errors_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERSON = {"person_name": "Alex Example", "person_student_id": "20260001",
          "person_email": "alex@student.example", "details": "My niece"}


def declare(kingsway, actor, declarer, **values):
    return services.relationship_declare(
        institution=kingsway, actor=actor, declarer=declarer,
        **{"nature": "personal", "declared_on": dt.date(2026, 9, 1), **PERSON, **values})


def test_a_declaration_is_recorded_without_naming_the_person(kingsway, kingsway_admin,
                                                             caseworker):
    declaration = declare(kingsway, kingsway_admin, caseworker)

    [event] = events(kingsway)
    assert (event.action, event.object_id) == ("governance.relationship_declared",
                                               str(declaration.pk))
    assert event.changes["declarer"] == "caseworker@kingsway.test"
    assert event.changes["new"]["declared_on"] == "2026-09-01"
    for value in PERSON.values():
        assert value not in str(event.changes)


def test_ending_and_changing_a_declaration_records_which_fields_changed(kingsway,
                                                                       kingsway_admin,
                                                                       caseworker):
    declaration = declare(kingsway, kingsway_admin, caseworker)
    services.relationship_declaration_update(declaration=declaration, actor=kingsway_admin,
                                             ended_on=dt.date(2027, 1, 31),
                                             person_name="Alex Sample")
    event = events(kingsway)[-1]
    assert event.action == "governance.relationship_declaration_changed"
    assert event.changes["changed"] == {"ended_on": {"from": None, "to": "2027-01-31"},
                                        "person_name": {"changed": True}}
    assert "Alex" not in str(event.changes)

    services.relationship_declaration_withdraw(declaration=declaration, actor=kingsway_admin)
    assert not RelationshipDeclaration.objects.for_institution(kingsway).exists()
    assert actions(kingsway)[-1] == "governance.relationship_declaration_withdrawn"


@pytest.mark.parametrize(("values", "field"), [
    ({"person_student_id": "", "person_email": ""}, "person_student_id"),
    ({"ended_on": dt.date(2026, 8, 1)}, "ended_on"),
    ({"nature": "rivalry"}, "nature"),
    ({"person_email": "not an address"}, "person_email"),
])
def test_a_bad_declaration_names_the_field_and_writes_nothing(kingsway, kingsway_admin,
                                                              caseworker, values, field):
    with pytest.raises(ValidationError) as refused:
        declare(kingsway, kingsway_admin, caseworker, **values)
    assert field in refused.value.message_dict
    assert not RelationshipDeclaration.objects.for_institution(kingsway).exists()
    assert events(kingsway) == []


def test_the_declarer_must_be_staff_here(kingsway, kingsway_admin, outsider):
    with pytest.raises(ValidationError) as refused:
        declare(kingsway, kingsway_admin, outsider)
    assert "declarer" in refused.value.message_dict
    with pytest.raises(ValidationError):
        declare(kingsway, kingsway_admin, UserFactory())


@pytest.mark.parametrize("who", ["outsider", "decision_maker"])
def test_only_this_institutions_admin_may_record_declarations(request, kingsway, kingsway_admin,
                                                              caseworker, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        declare(kingsway, actor, caseworker)
    declaration = declare(kingsway, kingsway_admin, caseworker)
    with pytest.raises(PermissionDenied):
        services.relationship_declaration_withdraw(declaration=declaration, actor=actor)
    assert RelationshipDeclaration.objects.for_institution(kingsway).count() == 1
    assert actions(kingsway) == ["governance.relationship_declared"]


def test_a_declaration_added_in_the_admin_is_recorded_once(client, kingsway, kingsway_admin,
                                                           caseworker):
    client.force_login(kingsway_admin)
    response = client.post("/admin/governance/relationshipdeclaration/add/", {
        "institution": str(kingsway.pk), "declarer": str(caseworker.pk), "nature": "academic",
        "declared_on": "2026-09-01", **PERSON})
    assert response.status_code == 302, errors_of(response)
    assert actions(kingsway) == ["governance.relationship_declared"]


def test_a_declaration_without_student_id_or_email_is_a_form_error_in_the_admin(
        client, kingsway, kingsway_admin, caseworker):
    client.force_login(kingsway_admin)
    response = client.post("/admin/governance/relationshipdeclaration/add/", {
        "institution": str(kingsway.pk), "declarer": str(caseworker.pk), "nature": "academic",
        "declared_on": "2026-09-01", "person_name": "Alex Example"})
    assert response.status_code == 200
    assert "Give the person&#x27;s student ID or email address" in response.text
    assert not RelationshipDeclaration.objects.for_institution(kingsway).exists()
