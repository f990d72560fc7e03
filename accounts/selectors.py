from __future__ import annotations

from operator import attrgetter

from django.db.models import Q

from core.batch import attach, fetch_together
from institutions.models import Institution

from .models import Membership, MembershipRole, User
from .roles import Role


def membership_get(*, user, institution) -> Membership | None:
    """The user's active membership of the institution with its roles, or None. One query:
    every staff request starts here."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    found = fetch_together({
        "membership": Membership.objects.for_institution(institution)
        .filter(user=user, is_active=True),
        "roles": MembershipRole.objects.for_institution(institution)
        .filter(membership__user=user, membership__is_active=True),
    })
    if not found["membership"]:
        return None
    membership = found["membership"][0]  # one per institution and user (uniq_membership)
    membership.user = user  # the same rows: who is asking, and where
    if isinstance(institution, Institution):
        membership.institution = institution
    attach([membership], "roles", found["roles"], key=attrgetter("membership_id"),
           parent_field="membership")
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
