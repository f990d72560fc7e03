from __future__ import annotations

from django.db.models import Prefetch

from .models import Membership, MembershipRole


def membership_get(*, user, institution) -> Membership | None:
    """The user's active membership of the institution with its roles, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return (
        Membership.objects.for_institution(institution)
        .filter(user=user, is_active=True)
        .prefetch_related(Prefetch("roles", queryset=MembershipRole.objects.all()))
        .first()
    )


def memberships_of(*, user) -> list[Membership]:
    """Every active membership of a user, across institutions (the user's own data)."""
    return list(
        Membership.objects.across_institutions(reason="a user's own memberships")
        .filter(user=user, is_active=True, institution__is_active=True)
        .select_related("institution")
        .prefetch_related("roles")
        .order_by("institution__name")
    )


def members_with_role(*, institution, role: str):
    return (
        Membership.objects.for_institution(institution)
        .filter(is_active=True, user__is_active=True, roles__role=role)
        .select_related("user")
        .distinct()
    )
