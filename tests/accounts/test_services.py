"""Roles and memberships change only through accounts/services.py: by the
institution's admin or a superuser, validated, each with one audit event (issue 8 §4)."""


import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.models import Membership, MembershipRole
from accounts.roles import Role
from accounts.selectors import membership_get
from tests.audit_support import actions, events
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(kingsway, caseworker):
    return Membership.objects.for_institution(kingsway).get(user=caseworker)


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


# -- roles -------------------------------------------------------------------------------------
def test_granting_a_role_writes_it_and_records_who_got_what(kingsway, kingsway_admin, member):
    row = services.role_grant(membership=member, role=Role.INVESTIGATOR, actor=kingsway_admin)

    assert set(member.roles.values_list("role", flat=True)) == {
        Role.SUPPORT_CASEWORKER, Role.INVESTIGATOR}
    [event] = events(kingsway)
    assert (event.action, event.object_id, event.actor) == (
        "accounts.role_granted", str(row.pk), kingsway_admin)
    assert event.changes["role"] == Role.INVESTIGATOR
    assert event.changes["user"] == "caseworker@kingsway.test"
    assert event.changes["membership"] == member.pk


def test_revoking_a_role_removes_its_effect_and_is_recorded(kingsway, kingsway_admin, member):
    services.role_revoke(membership=member, role=Role.SUPPORT_CASEWORKER, actor=kingsway_admin)

    assert not member.roles.exists()
    assert not membership_get(user=member.user, institution=kingsway).has_role(
        Role.SUPPORT_CASEWORKER)
    [event] = events(kingsway)
    assert event.action == "accounts.role_revoked"
    assert event.changes["role"] == Role.SUPPORT_CASEWORKER


def test_a_superuser_may_grant_without_being_a_member(kingsway, superuser, member):
    services.role_grant(membership=member, role=Role.CLERK, actor=superuser)
    assert events(kingsway)[0].actor == superuser


@pytest.mark.parametrize("who", ["outsider", "caseworker", "decision_maker"])
def test_only_this_institutions_admin_may_change_roles(request, kingsway, member, who):
    actor = request.getfixturevalue(who)  # another institution's admin, or staff here
    with pytest.raises(PermissionDenied):
        services.role_grant(membership=member, role=Role.DECISION_MAKER, actor=actor)
    with pytest.raises(PermissionDenied):
        services.role_revoke(membership=member, role=Role.SUPPORT_CASEWORKER, actor=actor)
    assert list(member.roles.values_list("role", flat=True)) == [Role.SUPPORT_CASEWORKER]
    assert events(kingsway) == []


def test_an_admin_whose_membership_ended_administers_nothing(kingsway, kingsway_admin, member):
    Membership.objects.for_institution(kingsway).filter(user=kingsway_admin).update(
        is_active=False)
    with pytest.raises(PermissionDenied):
        services.role_grant(membership=member, role=Role.CLERK, actor=kingsway_admin)


@pytest.mark.parametrize(("role", "message"), [
    ("wizard", "Choose a role."),
    (Role.SUPPORT_CASEWORKER, "already holds the role"),
])
def test_a_bad_grant_names_the_field_and_writes_nothing(kingsway, kingsway_admin, member, role,
                                                        message):
    with pytest.raises(ValidationError) as refused:
        services.role_grant(membership=member, role=role, actor=kingsway_admin)
    assert message in refused.value.message_dict["role"][0]
    assert member.roles.count() == 1
    assert events(kingsway) == []


def test_the_last_institution_admin_keeps_the_role(kingsway, kingsway_admin):
    own = Membership.objects.for_institution(kingsway).get(user=kingsway_admin)
    with pytest.raises(ValidationError) as refused:
        services.role_revoke(membership=own, role=Role.INSTITUTION_ADMIN, actor=kingsway_admin)
    assert "only Institution admin" in refused.value.message_dict["role"][0]

    other = staff(kingsway, Role.INSTITUTION_ADMIN)
    services.role_revoke(membership=own, role=Role.INSTITUTION_ADMIN, actor=other)
    assert actions(kingsway) == ["accounts.role_revoked"]


# -- memberships -------------------------------------------------------------------------------
def test_adding_a_member_is_recorded(kingsway, kingsway_admin):
    newcomer = UserFactory(email="new@example.org")
    membership = services.membership_add(institution=kingsway, user=newcomer,
                                         actor=kingsway_admin, job_title=" Clerk ")
    assert (membership.user, membership.job_title, membership.is_active) == (
        newcomer, "Clerk", True)
    [event] = events(kingsway)
    assert (event.action, event.changes["user"]) == ("accounts.membership_added",
                                                     "new@example.org")
    assert event.changes["new"]["job_title"] == "Clerk"


def test_an_admin_cannot_add_another_institutions_staff_nor_a_member_twice(
        kingsway, kingsway_admin, outsider, caseworker):
    for person in (outsider, caseworker):
        with pytest.raises(ValidationError) as refused:
            services.membership_add(institution=kingsway, user=person, actor=kingsway_admin)
        assert "user" in refused.value.message_dict
    assert not Membership.objects.for_institution(kingsway).filter(user=outsider).exists()
    assert events(kingsway) == []


def test_another_institutions_admin_cannot_add_members_here(kingsway, outsider):
    with pytest.raises(PermissionDenied):
        services.membership_add(institution=kingsway, user=UserFactory(), actor=outsider)


def test_ending_a_membership_ends_its_roles_effect_and_keeps_them_for_reinstatement(
        kingsway, kingsway_admin, member):
    services.membership_end(membership=member, actor=kingsway_admin, reason="Left in June")

    assert membership_get(user=member.user, institution=kingsway) is None
    member.refresh_from_db()
    assert not member.is_active
    assert member.roles.count() == 1
    [event] = events(kingsway)
    assert event.action == "accounts.membership_ended"
    assert (event.changes["reason"], event.changes["roles"]) == (
        "Left in June", [Role.SUPPORT_CASEWORKER])

    services.membership_reinstate(membership=member, actor=kingsway_admin)
    assert membership_get(user=member.user, institution=kingsway).has_role(
        Role.SUPPORT_CASEWORKER)
    assert actions(kingsway)[-1] == "accounts.membership_reinstated"


def test_ending_needs_a_reason_and_writes_nothing_without_one(kingsway, kingsway_admin, member):
    with pytest.raises(ValidationError) as refused:
        services.membership_end(membership=member, actor=kingsway_admin, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why the membership ends."]}
    member.refresh_from_db()
    assert member.is_active
    assert events(kingsway) == []


def test_the_last_admins_membership_cannot_be_ended(kingsway, kingsway_admin):
    own = Membership.objects.for_institution(kingsway).get(user=kingsway_admin)
    with pytest.raises(ValidationError):
        services.membership_end(membership=own, actor=kingsway_admin, reason="Leaving")
    own.refresh_from_db()
    assert own.is_active


def test_removing_a_membership_records_what_it_held(kingsway, kingsway_admin, member):
    services.membership_remove(membership=member, actor=kingsway_admin)

    assert not Membership.objects.for_institution(kingsway).filter(pk=member.pk).exists()
    assert not MembershipRole.objects.for_institution(kingsway).filter(
        membership_id=member.pk).exists()
    event = events(kingsway, "accounts.membership_removed")[0]
    assert event.changes["roles"] == [Role.SUPPORT_CASEWORKER]
