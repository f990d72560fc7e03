"""Tenant scoping fails closed (core/tenancy/scoping.py).

A tenant-owned query that forgot its institution must raise TenantScopeError, whichever way it
reaches the database; a scoped one returns only that institution's rows.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch

from accounts.models import Membership, MembershipRole
from accounts.roles import Role
from audit.models import AuditEvent
from audit.services import audit_record
from core.tenancy.scoping import TenantScopeError
from institutions.models import ClosureDay
from tests.factories import ClosureDayFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

CHRISTMAS_EVE = dt.date(2026, 12, 24)
NEW_YEARS_EVE = dt.date(2026, 12, 31)


@pytest.fixture
def two_tenants(kingsway, midshire):
    """Rows of each kind in both institutions."""
    ClosureDayFactory(institution=kingsway, date=CHRISTMAS_EVE, reason="Kingsway closed")
    ClosureDayFactory(institution=kingsway, date=NEW_YEARS_EVE, reason="Kingsway closed")
    ClosureDayFactory(institution=midshire, date=CHRISTMAS_EVE, reason="Midshire closed")
    staff(kingsway, Role.SUPPORT_CASEWORKER, email="cw@kingsway.test")
    staff(midshire, Role.DECISION_MAKER, email="dm@midshire.test")
    audit_record(institution=kingsway, action="kingsway.thing")
    audit_record(institution=midshire, action="midshire.thing")
    return kingsway, midshire


TENANT_MODELS = [ClosureDay, Membership, AuditEvent]

#: Every way a queryset reaches the database, on a queryset with no institution.
UNSCOPED_OPERATIONS = {
    "all": lambda m: list(m.objects.all()),
    "filter": lambda m: list(m.objects.filter(pk__gt=0)),
    "exclude": lambda m: list(m.objects.exclude(pk=0)),
    "count": lambda m: m.objects.count(),
    "exists": lambda m: m.objects.exists(),
    "update": lambda m: m.objects.update(institution_id=1),
    "delete": lambda m: m.objects.filter(pk__gt=0).delete(),
    "iterator": lambda m: list(m.objects.iterator()),
    "get": lambda m: m.objects.get(pk=1),
    "first": lambda m: m.objects.first(),
    "last": lambda m: m.objects.last(),
    "aggregate": lambda m: m.objects.aggregate(n=Count("pk")),
    "values_list": lambda m: list(m.objects.values_list("pk", flat=True)),
    "in_bulk": lambda m: m.objects.in_bulk([1]),
    "len": lambda m: len(m.objects.all()),
    "bool": lambda m: bool(m.objects.all()),
    "index": lambda m: m.objects.order_by("pk")[0],
    "get_or_create": lambda m: m.objects.get_or_create(pk=1),
    "contains": lambda m: m.objects.filter(pk__gt=0).contains(m(pk=1)),
}


@pytest.mark.usefixtures("two_tenants")
@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("operation", UNSCOPED_OPERATIONS.values(), ids=UNSCOPED_OPERATIONS.keys())
def test_query_without_institution_raises_tenant_scope_error(model, operation):
    with pytest.raises(TenantScopeError, match="without an institution"):
        operation(model)


@pytest.mark.usefixtures("two_tenants")
@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m.__name__)
def test_base_manager_also_fails_closed(model):
    with pytest.raises(TenantScopeError):
        list(model._base_manager.all())
    with pytest.raises(TenantScopeError):
        model._base_manager.count()


@pytest.mark.usefixtures("two_tenants")
def test_unscoped_rows_survive_a_refused_update_and_delete(kingsway, midshire):
    with pytest.raises(TenantScopeError):
        ClosureDay.objects.update(reason="changed everywhere")
    with pytest.raises(TenantScopeError):
        ClosureDay.objects.all().delete()
    assert ClosureDay.objects.for_institution(kingsway).count() == 2
    assert ClosureDay.objects.for_institution(midshire).get().reason == "Midshire closed"


def test_aiterator_without_institution_raises():
    with pytest.raises(TenantScopeError):
        ClosureDay.objects.aiterator()


@pytest.mark.usefixtures("two_tenants")
def test_union_with_an_unscoped_queryset_raises(kingsway, midshire):
    # order_by(): SQLite allows no ORDER BY in the parts of a compound statement.
    scoped = ClosureDay.objects.for_institution(kingsway).order_by()
    with pytest.raises(TenantScopeError):
        list(scoped.union(ClosureDay.objects.order_by()))
    with pytest.raises(TenantScopeError):
        list(ClosureDay.objects.order_by().union(scoped))
    both = scoped.union(ClosureDay.objects.for_institution(midshire).order_by())
    assert len(list(both)) == 3


def test_for_institution_none_raises():
    with pytest.raises(TenantScopeError, match=r"for_institution\(None\)"):
        ClosureDay.objects.for_institution(None)


@pytest.mark.usefixtures("two_tenants")
def test_for_institution_returns_only_that_institutions_rows(kingsway, midshire):
    kingsway_days = ClosureDay.objects.for_institution(kingsway)
    assert {d.reason for d in kingsway_days} == {"Kingsway closed"}
    assert kingsway_days.count() == 2
    assert kingsway_days.filter(date=CHRISTMAS_EVE).exists()
    assert kingsway_days.aggregate(n=Count("pk")) == {"n": 2}
    assert [d.reason for d in kingsway_days.iterator()] == ["Kingsway closed"] * 2
    assert kingsway_days.get(date=NEW_YEARS_EVE).institution == kingsway
    with pytest.raises(ClosureDay.DoesNotExist):
        # Midshire has a closure day with this date, but it is not Kingsway's.
        ClosureDay.objects.for_institution(midshire).get(date=NEW_YEARS_EVE)

    emails = list(Membership.objects.for_institution(midshire).values_list(
        "user__email", flat=True))
    assert emails == ["dm@midshire.test"]
    actions = list(AuditEvent.objects.for_institution(kingsway).values_list("action", flat=True))
    assert actions == ["kingsway.thing"]


@pytest.mark.usefixtures("two_tenants")
def test_for_institution_accepts_an_institution_id(kingsway):
    assert ClosureDay.objects.for_institution(kingsway.pk).count() == 2


@pytest.mark.usefixtures("two_tenants")
def test_scoped_update_and_delete_touch_only_that_institution(kingsway, midshire):
    updated = ClosureDay.objects.for_institution(kingsway).update(reason="Strike day")
    assert updated == 2
    assert ClosureDay.objects.for_institution(midshire).get().reason == "Midshire closed"

    ClosureDay.objects.for_institution(kingsway).filter(date=CHRISTMAS_EVE).delete()
    assert ClosureDay.objects.for_institution(kingsway).count() == 1
    assert ClosureDay.objects.for_institution(midshire).filter(date=CHRISTMAS_EVE).exists()


@pytest.mark.usefixtures("two_tenants")
def test_scope_survives_chaining(kingsway):
    qs = ClosureDay.objects.for_institution(kingsway).filter(date__year=2026).order_by("-date")
    assert qs.exclude(date=CHRISTMAS_EVE).values_list("date", flat=True).first() == NEW_YEARS_EVE


@pytest.mark.usefixtures("two_tenants")
def test_across_institutions_with_a_reason_returns_every_institution(kingsway, midshire):
    days = ClosureDay.objects.across_institutions(reason="test: the whole table")
    assert days.count() == 3
    assert {d.institution_id for d in days} == {kingsway.pk, midshire.pk}


@pytest.mark.parametrize("reason", ["", None])
def test_across_institutions_needs_a_reason(reason):
    with pytest.raises(TenantScopeError, match="needs a reason"):
        ClosureDay.objects.across_institutions(reason=reason)


def test_across_institutions_reason_is_keyword_only():
    with pytest.raises(TypeError):
        ClosureDay.objects.across_institutions("positional")


@pytest.mark.usefixtures("two_tenants")
def test_for_institutions_returns_rows_of_the_listed_institutions(kingsway, midshire):
    assert ClosureDay.objects.for_institutions([kingsway.pk]).count() == 2
    assert ClosureDay.objects.for_institutions([kingsway.pk, midshire.pk]).count() == 3
    assert ClosureDay.objects.for_institutions([]).count() == 0


# -- relations ------------------------------------------------------------------------------
def test_related_manager_of_a_tenant_owned_parent_is_scoped(kingsway):
    user = staff(kingsway, Role.CLERK, Role.BOARD_MEMBER)
    membership = Membership.objects.for_institution(kingsway).get(user=user)
    assert sorted(r.role for r in membership.roles.all()) == ["board_member", "clerk"]
    assert membership.roles.count() == 2
    assert membership.roles.filter(role=Role.CLERK).exists()
    assert membership.has_role(Role.CLERK)


def test_forward_foreign_key_to_a_tenant_row_is_scoped(kingsway):
    staff(kingsway, Role.CLERK, email="clerk@kingsway.test")
    role = MembershipRole.objects.for_institution(kingsway).get()
    assert role.membership.user.email == "clerk@kingsway.test"


def test_refresh_from_db_of_a_tenant_row_works(kingsway):
    day = ClosureDayFactory(institution=kingsway, date=CHRISTMAS_EVE)
    ClosureDay.objects.for_institution(kingsway).update(reason="Renamed")
    day.refresh_from_db()
    assert day.reason == "Renamed"


def test_related_manager_of_a_non_tenant_parent_fails_closed(kingsway, midshire):
    user = UserFactory()
    Membership.objects.create(institution=kingsway, user=user)
    Membership.objects.create(institution=midshire, user=user)
    with pytest.raises(TenantScopeError):
        list(user.memberships.all())
    assert user.memberships.for_institution(midshire).get().institution == midshire


def test_prefetch_related_from_scoped_rows_works(kingsway, midshire):
    staff(kingsway, Role.CLERK, Role.INVESTIGATOR, email="a@kingsway.test")
    staff(kingsway, Role.SAFE_CONTACT, email="b@kingsway.test")
    staff(midshire, Role.CLERK, email="c@midshire.test")
    memberships = list(
        Membership.objects.for_institution(kingsway).prefetch_related("roles")
        .order_by("user__email")
    )
    assert [sorted(r.role for r in m.roles.all()) for m in memberships] == [
        ["clerk", "investigator"], ["safe_contact"]]

    with_queryset = Membership.objects.for_institution(kingsway).prefetch_related(
        Prefetch("roles", queryset=MembershipRole.objects.filter(role=Role.CLERK))
    )
    assert sum(len(m.roles.all()) for m in with_queryset) == 1

    roles = MembershipRole.objects.for_institution(kingsway).prefetch_related("membership__user")
    assert sorted(r.membership.user.email for r in roles) == [
        "a@kingsway.test", "a@kingsway.test", "b@kingsway.test"]


def test_select_related_from_scoped_rows_works(kingsway):
    staff(kingsway, Role.CLERK, email="clerk@kingsway.test")
    role = MembershipRole.objects.for_institution(kingsway).select_related("membership__user").get()
    assert role.membership.user.email == "clerk@kingsway.test"


# -- deletion --------------------------------------------------------------------------------
def test_deleting_a_membership_cascades_to_its_roles(kingsway, midshire):
    user = staff(kingsway, Role.CLERK, Role.INVESTIGATOR)
    staff(midshire, Role.CLERK)
    membership = Membership.objects.for_institution(kingsway).get(user=user)

    membership.delete()

    assert not MembershipRole.objects.for_institution(kingsway).exists()
    assert MembershipRole.objects.for_institution(midshire).count() == 1


def test_deleting_scoped_memberships_in_bulk_cascades_to_their_roles(kingsway, midshire):
    staff(kingsway, Role.CLERK)
    staff(kingsway, Role.INVESTIGATOR)
    staff(midshire, Role.CLERK)

    Membership.objects.for_institution(kingsway).delete()

    assert not MembershipRole.objects.for_institution(kingsway).exists()
    assert MembershipRole.objects.for_institution(midshire).count() == 1


def test_deleting_from_a_non_tenant_root_stays_fail_closed(kingsway):
    user = staff(kingsway, Role.CLERK)
    with pytest.raises(TenantScopeError):
        user.delete()  # people are deactivated, never deleted
    assert Membership.objects.for_institution(kingsway).filter(user=user).exists()


# -- validation (ModelForms and the admin call full_clean) ------------------------------------
def test_full_clean_of_a_tenant_row_runs_its_unique_checks(kingsway, midshire):
    ClosureDayFactory(institution=kingsway, date=CHRISTMAS_EVE)
    ClosureDay(institution=midshire, date=CHRISTMAS_EVE).full_clean()  # another institution
    with pytest.raises(ValidationError) as caught:
        ClosureDay(institution=kingsway, date=CHRISTMAS_EVE).full_clean()
    assert "__all__" in caught.value.message_dict


def test_full_clean_validates_foreign_keys_to_tenant_rows(kingsway):
    user = staff(kingsway, Role.CLERK)
    membership = Membership.objects.for_institution(kingsway).get(user=user)
    MembershipRole(institution=kingsway, membership=membership, role=Role.INVESTIGATOR).full_clean()
    with pytest.raises(ValidationError) as caught:
        MembershipRole(institution=kingsway, membership=membership, role=Role.CLERK).full_clean()
    assert "__all__" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        MembershipRole(institution=kingsway, membership_id=999_999, role=Role.CLERK).full_clean()
    assert "membership" in caught.value.message_dict


def test_validation_does_not_leave_queries_unscoped_afterwards(kingsway):
    ClosureDay(institution=kingsway, date=CHRISTMAS_EVE).full_clean()
    with pytest.raises(TenantScopeError):
        ClosureDay.objects.count()
