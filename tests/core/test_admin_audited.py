"""Every write made in the admin is in the institution's audit chain (web/admin.py
``AuditedAdminMixin``): who may act on a case (roles, qualifications, relationship
declarations), time limits and closure days change through their services, each with its own
event (issue 8 §4); what no service covers (the institution's own fields) is recorded
generically (audit/services.py ``audit_admin_write``)."""

import datetime as dt

import pytest
from django.core.management import call_command

from accounts.models import Membership, User
from accounts.roles import Role
from audit.models import AuditEvent
from governance.models import RelationshipDeclaration

from .test_admin import MEMBERSHIPS, errors_of, institution_form, management

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, kingsway_admin, midshire):
    client.force_login(kingsway_admin)
    return client


def events(institution, prefix=""):
    return list(AuditEvent.objects.for_institution(institution)
                .filter(action__startswith=prefix).order_by("sequence"))


def test_granting_and_revoking_a_role_in_the_admin_is_audited(admin_client, kingsway,
                                                              kingsway_admin, caseworker):
    ours = Membership.objects.for_institution(kingsway).get(user=caseworker)
    role = ours.roles.get()
    response = admin_client.post(f"{MEMBERSHIPS}{ours.pk}/change/", {
        "user": str(caseworker.pk), "is_active": "on", "job_title": "", "department": "",
        **management("roles", total=2, initial=1),
        "roles-0-id": str(role.pk), "roles-0-membership": str(ours.pk),
        "roles-0-role": Role.SUPPORT_CASEWORKER, "roles-0-DELETE": "on",
        "roles-1-membership": str(ours.pk), "roles-1-role": Role.INVESTIGATOR,
    })
    assert response.status_code == 302, errors_of(response)

    recorded = {(e.action, e.object_id) for e in events(kingsway)}
    new_role = ours.roles.get()
    assert ("accounts.role_granted", str(new_role.pk)) in recorded
    assert ("accounts.role_revoked", str(role.pk)) in recorded
    assert len(recorded) == 2  # one event each, none generic besides
    granted = next(e for e in events(kingsway) if e.object_id == str(new_role.pk))
    assert granted.actor == kingsway_admin
    assert granted.changes["role"] == Role.INVESTIGATOR
    assert granted.changes["user"] == caseworker.email
    call_command("verify_audit", institution="kingsway")


def test_a_new_member_added_in_the_admin_is_audited(admin_client, kingsway):
    newcomer = User.objects.create_user("newcomer@example.org")
    response = admin_client.post(f"{MEMBERSHIPS}add/", {
        "institution": str(kingsway.pk), "user": str(newcomer.pk), "is_active": "on",
        "job_title": "Clerk", "department": "Governance",
        **management("roles", total=1),
        "roles-0-role": Role.CLERK})
    assert response.status_code == 302, errors_of(response)
    membership = Membership.objects.for_institution(kingsway).get(user=newcomer)
    actions = [e.action for e in events(kingsway)]
    assert actions == ["accounts.membership_added", "accounts.role_granted"]
    assert events(kingsway)[0].object_id == str(membership.pk)


def test_a_new_closure_day_is_recorded_with_its_values_and_an_unchanged_save_records_nothing(
        admin_client, kingsway):
    url = f"/admin/institutions/institution/{kingsway.pk}/change/"
    unchanged = admin_client.post(url, institution_form(kingsway, **management("closureday")))
    assert unchanged.status_code == 302, errors_of(unchanged)
    assert events(kingsway) == []

    response = admin_client.post(url, institution_form(
        kingsway, **management("closureday", total=1),
        **{"closureday-0-date": "2026-12-24", "closureday-0-reason": "Christmas Eve"}))
    assert response.status_code == 302, errors_of(response)
    [event] = events(kingsway)
    assert event.action == "institutions.closure_day_added"
    assert event.changes["new"] == {"date": "2026-12-24", "reason": "Christmas Eve"}


def test_a_relationship_declaration_deleted_in_the_admin_is_audited_without_the_persons_name(
        admin_client, kingsway, caseworker):
    declaration = RelationshipDeclaration.objects.create(
        institution=kingsway, declarer=caseworker, person_name="Alex Example",
        person_student_id="S123", nature="personal", declared_on=dt.date(2026, 9, 1))
    url = f"/admin/governance/relationshipdeclaration/{declaration.pk}/delete/"
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    [event] = events(kingsway)
    assert (event.action, event.object_id) == (
        "governance.relationship_declaration_withdrawn", str(declaration.pk))
    assert "Alex Example" not in str(event.changes)


def test_another_institutions_chain_is_untouched_by_an_admin_write(admin_client, kingsway,
                                                                   midshire):
    admin_client.post(f"/admin/institutions/institution/{kingsway.pk}/change/", institution_form(
        kingsway, **management("closureday", total=1),
        **{"closureday-0-date": "2026-12-24", "closureday-0-reason": "Christmas Eve"}))
    assert events(midshire) == []
