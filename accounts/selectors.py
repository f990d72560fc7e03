from __future__ import annotations

from django.db.models import F, Q

from institutions.models import Institution

from .models import Membership, MembershipRole, User
from .roles import Role


def membership_get(*, user, institution) -> Membership | None:
    """The user's active membership of the institution with its roles, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # Every staff request asks this: one query, a row per role (LEFT JOIN), instead of the
    # membership and then its roles.
    rows = list(
        Membership.objects.for_institution(institution)
        .filter(user=user, is_active=True)
        .annotate(held_role=F("roles__role"))
        .order_by()
    )
    if not rows:
        return None
    membership = rows[0]
    membership._role_set = frozenset(row.held_role for row in rows if row.held_role)
    membership.user = user  # the caller's own objects: no second load of either
    if isinstance(institution, Institution):
        membership.institution = institution
    return membership


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
