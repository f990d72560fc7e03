"""accounts/permissions.py: membership, roles, and object-level need-to-know (guardian)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership
from accounts.permissions import (
    access_institution,
    can_role,
    grant_object_access,
    has_object_access,
    objects_with_access,
    require_role,
    revoke_object_access,
)
from accounts.roles import Role
from institutions.models import ClosureDay
from tests.factories import ClosureDayFactory, staff

pytestmark = pytest.mark.django_db

VIEW = "institutions.view_closureday"


@pytest.fixture
def day(kingsway):
    return ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24))


# -- membership and role -----------------------------------------------------------------------
def test_access_institution_gives_the_members_membership(caseworker, kingsway):
    membership = access_institution(user=caseworker, institution=kingsway)
    assert membership.user == caseworker
    assert membership.has_role(Role.SUPPORT_CASEWORKER)


def test_access_institution_is_404_for_a_member_of_another_institution(outsider, kingsway):
    with pytest.raises(Http404):
        access_institution(user=outsider, institution=kingsway)


def test_access_institution_is_404_for_an_inactive_membership_or_user(caseworker, kingsway):
    Membership.objects.for_institution(kingsway).update(is_active=False)
    with pytest.raises(Http404):
        access_institution(user=caseworker, institution=kingsway)
    Membership.objects.for_institution(kingsway).update(is_active=True)
    caseworker.is_active = False
    with pytest.raises(Http404):
        access_institution(user=caseworker, institution=kingsway)


def test_require_role_refuses_with_the_institutions_label_for_the_role(caseworker, kingsway):
    membership = access_institution(user=caseworker, institution=kingsway)
    with pytest.raises(PermissionDenied, match=r"^Only a School Secretary can do this\.$"):
        require_role(membership, [Role.DECISION_MAKER])


def test_require_role_names_every_acceptable_role(caseworker, kingsway):
    membership = access_institution(user=caseworker, institution=kingsway)
    with pytest.raises(PermissionDenied) as caught:
        require_role(membership, [Role.CLERK, Role.INVESTIGATOR])
    assert str(caught.value) == (
        "Only a Clerk to the Board of Discipline or Investigator can do this.")


def test_require_role_uses_an_before_a_vowel(caseworker, kingsway):
    membership = access_institution(user=caseworker, institution=kingsway)
    with pytest.raises(PermissionDenied, match="^Only an Investigator can do this"):
        require_role(membership, [Role.INVESTIGATOR])


def test_require_role_admits_a_holder_of_any_of_the_roles(decision_maker, kingsway):
    membership = access_institution(user=decision_maker, institution=kingsway)
    require_role(membership, [Role.CLERK, Role.DECISION_MAKER])
    require_role(membership, [])  # no role needed: any member
    assert can_role(membership, Role.DECISION_MAKER)
    assert not can_role(membership, Role.CLERK)
    assert not can_role(None, Role.DECISION_MAKER)


# -- object-level need-to-know ------------------------------------------------------------------
def test_grant_object_access_refuses_a_user_who_is_not_a_member_of_the_objects_institution(
        outsider, day):
    with pytest.raises(PermissionDenied, match="not a member of this institution"):
        grant_object_access(user=outsider, obj=day, perm=VIEW)
    assert not has_object_access(user=outsider, obj=day, perm=VIEW)


def test_grant_object_access_refuses_an_inactive_member(caseworker, kingsway, day):
    Membership.objects.for_institution(kingsway).update(is_active=False)
    with pytest.raises(PermissionDenied):
        grant_object_access(user=caseworker, obj=day, perm=VIEW)


def test_has_object_access_is_true_after_grant_and_false_after_revoke(caseworker, day):
    assert not has_object_access(user=caseworker, obj=day, perm=VIEW)

    grant_object_access(user=caseworker, obj=day, perm=VIEW)
    assert has_object_access(user=caseworker, obj=day, perm=VIEW)

    revoke_object_access(user=caseworker, obj=day, perm=VIEW)
    assert not has_object_access(user=caseworker, obj=day, perm=VIEW)


def test_object_access_is_per_object_per_user_and_per_permission(caseworker, decision_maker,
                                                                 kingsway, day):
    other_day = ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 31))
    grant_object_access(user=caseworker, obj=day, perm=VIEW)

    assert not has_object_access(user=caseworker, obj=other_day, perm=VIEW)
    assert not has_object_access(user=decision_maker, obj=day, perm=VIEW)
    assert not has_object_access(user=caseworker, obj=day,
                                 perm="institutions.change_closureday")


def test_object_access_ends_when_the_membership_is_deactivated(caseworker, kingsway, day):
    grant_object_access(user=caseworker, obj=day, perm=VIEW)
    Membership.objects.for_institution(kingsway).filter(user=caseworker).update(is_active=False)
    assert not has_object_access(user=caseworker, obj=day, perm=VIEW)
    assert not objects_with_access(user=caseworker, perm=VIEW,
                                   queryset=ClosureDay.objects.for_institution(kingsway)).exists()


def test_object_access_is_false_for_anonymous_and_deactivated_users(caseworker, day):
    from django.contrib.auth.models import AnonymousUser

    grant_object_access(user=caseworker, obj=day, perm=VIEW)
    assert not has_object_access(user=AnonymousUser(), obj=day, perm=VIEW)
    assert not has_object_access(user=None, obj=day, perm=VIEW)
    caseworker.is_active = False
    assert not has_object_access(user=caseworker, obj=day, perm=VIEW)


def test_objects_with_access_narrows_a_scoped_queryset_to_granted_objects(caseworker, kingsway,
                                                                          day):
    ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 31))
    grant_object_access(user=caseworker, obj=day, perm=VIEW)
    visible = objects_with_access(user=caseworker, perm=VIEW,
                                  queryset=ClosureDay.objects.for_institution(kingsway))
    assert list(visible) == [day]


def test_model_level_permission_does_not_open_every_object(kingsway, day):
    from django.contrib.auth.models import Permission

    user = staff(kingsway, Role.SUPPORT_CASEWORKER)
    user.user_permissions.add(Permission.objects.get(codename="view_closureday"))
    assert not objects_with_access(user=user, perm=VIEW,
                                   queryset=ClosureDay.objects.for_institution(kingsway)).exists()
