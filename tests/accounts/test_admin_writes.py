"""Changing a role or a membership in the admin goes through accounts/services.py and leaves
its own audit event; a refusal is shown on the form (or as an error message), never a 500, and
writes nothing (issue 8 §4)."""

import pytest

from accounts.models import Membership
from accounts.roles import Role
from tests.audit_support import actions, events
from tests.core.test_admin import MEMBERSHIPS, errors_of, management

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, kingsway_admin):
    client.force_login(kingsway_admin)
    return client


@pytest.fixture
def member(kingsway, caseworker):
    return Membership.objects.for_institution(kingsway).get(user=caseworker)


def change_form(member, *, roles=(), **fields):
    """The membership change form as the browser posts it: ``roles`` is a list of inline rows
    (dicts without the prefix); rows with an "id" are existing."""
    data = {"is_active": "on", "job_title": member.job_title,
            "department": member.department, "reason": "", **fields}
    for prefix, rows in (("roles", roles),):
        data.update(management(prefix, total=len(rows),
                               initial=sum(1 for r in rows if "id" in r)))
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-membership": str(member.pk)})
            data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    if data.get("is_active") is None:
        del data["is_active"]
    return data


def test_changing_a_role_in_the_admin_records_the_revocation_and_the_grant(
        admin_client, kingsway, kingsway_admin, member):
    role = member.roles.get()
    response = admin_client.post(f"{MEMBERSHIPS}{member.pk}/change/", change_form(
        member, roles=[{"id": str(role.pk), "role": Role.DECISION_MAKER}]))
    assert response.status_code == 302, errors_of(response)

    assert list(member.roles.values_list("role", flat=True)) == [Role.DECISION_MAKER]
    revoked, granted = events(kingsway)
    assert (revoked.action, revoked.changes["role"]) == (
        "accounts.role_revoked", Role.SUPPORT_CASEWORKER)
    assert (granted.action, granted.changes["role"]) == (
        "accounts.role_granted", Role.DECISION_MAKER)
    assert granted.changes["user"] == "caseworker@kingsway.test"
    assert granted.actor == kingsway_admin
    assert not any(a.startswith("admin.") for a in actions(kingsway))  # not recorded twice


def test_ending_a_membership_in_the_admin_needs_a_reason_and_records_it(admin_client, kingsway,
                                                                       member):
    row = [{"id": str(member.roles.get().pk), "role": Role.SUPPORT_CASEWORKER}]
    url = f"{MEMBERSHIPS}{member.pk}/change/"
    without = admin_client.post(url, change_form(member, roles=row, is_active=None))
    assert without.status_code == 200
    assert "Say why the membership ends." in without.text
    member.refresh_from_db()
    assert member.is_active

    response = admin_client.post(url, change_form(member, roles=row, is_active=None,
                                                  reason="Left the university"))
    assert response.status_code == 302, errors_of(response)
    member.refresh_from_db()
    assert not member.is_active
    [event] = events(kingsway)
    assert (event.action, event.changes["reason"]) == ("accounts.membership_ended",
                                                       "Left the university")


def test_a_refused_write_is_an_error_message_and_nothing_is_saved(admin_client, kingsway,
                                                                 kingsway_admin):
    own = Membership.objects.for_institution(kingsway).get(user=kingsway_admin)
    role = own.roles.get()
    response = admin_client.post(f"{MEMBERSHIPS}{own.pk}/change/", change_form(
        own, job_title="Registrar", roles=[
            {"id": str(role.pk), "role": Role.INSTITUTION_ADMIN, "DELETE": "on"}]),
        follow=True)
    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    assert "give another member that role" in response.text
    own.refresh_from_db()
    assert own.job_title == ""
    assert own.roles.get().role == Role.INSTITUTION_ADMIN
    assert events(kingsway) == []


def test_deleting_a_membership_in_the_admin_is_recorded_once(admin_client, kingsway, member):
    response = admin_client.post(f"{MEMBERSHIPS}{member.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert actions(kingsway) == ["accounts.membership_removed"]


def test_bulk_deleting_memberships_goes_through_the_service(admin_client, kingsway,
                                                           kingsway_admin, member):
    own = Membership.objects.for_institution(kingsway).get(user=kingsway_admin)
    response = admin_client.post(MEMBERSHIPS, {
        "action": "delete_selected", "_selected_action": [str(member.pk), str(own.pk)],
        "post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Nothing was saved" in response.text  # the last admin's membership stays
    assert Membership.objects.for_institution(kingsway).count() == 2
    assert events(kingsway) == []
