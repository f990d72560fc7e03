from __future__ import annotations

import functools
from operator import attrgetter

from django.db import connection
from django.db.models import Q

from core.batch import attach
from core.rows import instances
from institutions.models import Institution

from .models import Membership, MembershipRole, User
from .roles import Role


def membership_get(*, user, institution) -> Membership | None:
    """The user's active membership of the institution with its roles, or None. Every staff
    request starts here, so it is one plain join (a row per role) turned into instances
    directly: building and compiling an ORM query cost more than the query itself
    (BENCHMARKS.md, the session floor)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    institution_id = institution.pk if isinstance(institution, Institution) else institution
    fields, sql = _membership_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [institution_id, user.pk])
        rows = cursor.fetchall()
    if not rows:
        return None
    membership = next(instances(Membership, Membership._meta.concrete_fields, rows))
    n = len(fields)
    membership.user = user  # the same rows: who is asking, and where
    if isinstance(institution, Institution):
        membership.institution = institution
    roles = sorted(
        (MembershipRole.from_db(connection.alias, ["id", "institution_id", "membership_id", "role"],
                                (role_id, membership.institution_id, membership.pk, role))
         for role_id, role in (row[n:] for row in rows) if role_id is not None),
        key=attrgetter("role"))  # MembershipRole.Meta.ordering
    for role in roles:
        role.membership = membership
    attach([membership], "roles", roles, key=attrgetter("membership_id"),
           parent_field="membership")
    return membership


@functools.cache
def _membership_sql() -> tuple[list[str], str]:
    """The membership's columns and the query of :func:`membership_get` (one per process). The
    institution is in the WHERE clause of both tables, as tenant scoping requires."""
    qn = connection.ops.quote_name
    fields = [f.attname for f in Membership._meta.concrete_fields]
    columns = ", ".join(f"m.{qn(f.column)}" for f in Membership._meta.concrete_fields)
    sql = (f"SELECT {columns}, r.{qn('id')}, r.{qn('role')} "  # noqa: S608 - quoted names only
           f"FROM {qn(Membership._meta.db_table)} m "
           f"LEFT JOIN {qn(MembershipRole._meta.db_table)} r "
           f"ON r.{qn('membership_id')} = m.{qn('id')} "
           f"AND r.{qn('institution_id')} = m.{qn('institution_id')} "
           f"WHERE m.{qn('institution_id')} = %s AND m.{qn('user_id')} = %s "
           f"AND m.{qn('is_active')}")
    return fields, sql


def memberships_of(*, user) -> list[Membership]:
    """Every active membership of a user, across institutions (the user's own data)."""
    return list(
        Membership.objects.across_institutions(reason="a user's own memberships")
        .filter(user=user, is_active=True, institution__is_active=True)
        .select_related("institution")
        .prefetch_related("roles")
        .order_by("institution__name")
    )


def institution_admin_emails(institution) -> list[str]:
    """The active admins of the institution (who are mailed its audit checkpoints)."""
    return sorted(set(
        MembershipRole.objects.for_institution(institution)
        .filter(role=Role.INSTITUTION_ADMIN, membership__is_active=True,
                membership__user__is_active=True)
        .values_list("membership__user__email", flat=True)))


def members_with_role(*, institution, role: str):
    return (
        Membership.objects.for_institution(institution)
        .filter(is_active=True, user__is_active=True, roles__role=role)
        .select_related("user")
        .distinct()
    )


def users_an_admin_may_add(*, actor):
    """The people ``actor`` may make a member of an institution they administer: for a
    superuser any active account; for an institution admin their own institutions' people and
    accounts not yet in any institution, never another institution's staff."""
    from .permissions import institutions_administered_by

    ids = institutions_administered_by(actor)
    active = User.objects.filter(is_active=True)
    if ids is None:
        return active
    member_ids = (Membership.objects.across_institutions(reason="people an admin may add")
                  .filter(institution_id__in=ids).values("user_id"))
    anywhere = (Membership.objects.across_institutions(reason="accounts with no institution")
                .values("user_id"))
    return active.filter(Q(pk__in=member_ids) | ~Q(pk__in=anywhere))
