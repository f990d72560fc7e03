"""Who may see and do what. Every access check in views, the API and services goes through here.

Two layers:
* **Membership and role**: :func:`access_institution` gives the caller's membership of the
  institution in the URL, or a 404 (a user of another institution learns nothing, not even
  that the page exists for someone else); :func:`require_role` refuses a member whose roles do
  not include the one the action needs, and :func:`require_route_role` is that refusal at a
  route's door: 404 when the URL names an object, 403 otherwise.
* **Need-to-know on objects**, through django-guardian. Case material uses guardian's direct
  foreign-key permission models, whose rows also carry the institution; the helpers here are the
  only place guardian is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from .models import Membership, MembershipRole
from .roles import Role
from .selectors import membership_get


def access_institution(*, user, institution) -> Membership:
    """The user's membership of ``institution``, or 404."""
    membership = membership_get(user=user, institution=institution)
    if membership is None:
        raise Http404("Not found.")
    return membership


#: Set by single sign-on (``sso.services.sso_session_bind``): the institution whose identity
#: provider vouched for this session (issue 14 §1).
SSO_INSTITUTION_SESSION_KEY = "sso_institution_id"


class SignedInElsewhere(PermissionDenied):
    """This session was opened by another institution's single sign-on (issue 14 §1)."""

    code = "sso_other_institution"

    def __init__(self, *, signed_in_at, institution):
        self.signed_in_at, self.institution = signed_in_at, institution
        names = signed_in_at.name if signed_in_at is not None else "another institution"
        super().__init__(f"You signed in through {names}'s single sign-on; sign in to "
                         f"{institution.name} to continue.")


def session_institution_id(request) -> int | None:
    """The one institution a session may act in, or None (any the user is a member of).

    A session opened by single sign-on (its backend is one of
    ``settings.SSO_AUTHENTICATION_BACKENDS``) is limited to the institution whose identity
    provider signed it in: that provider vouches for its own members only, so it must not open
    another institution's staff pages, API or admin for someone who happens to be a member
    there too. Such a session without a recorded institution is limited to none (0). A local
    sign-in replaces the session's backend, and so lifts the limit (and the second factor then
    applies: twofactor.policies)."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    backend = session.get(BACKEND_SESSION_KEY)
    if not backend or backend not in settings.SSO_AUTHENTICATION_BACKENDS:
        return None
    try:
        return int(session.get(SSO_INSTITUTION_SESSION_KEY) or 0)
    except (TypeError, ValueError):
        return 0


def refuse_other_institution(request, institution) -> None:
    """The one rule for staff pages (``staff_view``), the session API
    (``web.api.InstitutionScopedMixin``) and the admin's scope: raise
    :class:`SignedInElsewhere` when this session is limited to another institution."""
    bound = session_institution_id(request)
    if bound is None or bound == _pk(institution):
        return
    from institutions.models import Institution

    raise SignedInElsewhere(signed_in_at=Institution.objects.filter(pk=bound).first(),
                            institution=institution)


def require_role(membership: Membership, roles: Iterable[str]) -> None:
    roles = tuple(roles)
    if roles and not membership.has_role(*roles):
        label = " or ".join(membership.institution.role_label(r) for r in roles)
        article = "an" if label[:1].lower() in "aeiou" else "a"
        raise PermissionDenied(f"Only {article} {label} can do this.")


def names_an_object(url_kwargs) -> bool:
    """True when a route's URL names an object: any argument that is an object's id (every
    one is ``<int:..._id>``; tests/isolation/policy.py maps each to its model). The
    institution slug and the arguments that pick a format, a queue or a kind name none."""
    return any(key.endswith("_id") for key in url_kwargs or ())


def refuse(message: str, url_kwargs, *, seen: Iterable[str] = ()) -> NoReturn:
    """Refuse a request at a route's door: 403 with ``message``, or, when the URL names an
    object (:func:`names_an_object`) the caller has not been shown (its argument is not in
    ``seen``: looked up and visible to them), the 404 of a missing object, so a refused person
    learns nothing of whether that object exists, or is another institution's (issue 15 item
    2). A refusal after the object was shown keeps its 403 and its reason
    (core/policies.py)."""
    unseen = {key: value for key, value in (url_kwargs or {}).items() if key not in seen}
    if names_an_object(unseen):
        raise Http404("Not found.")
    raise PermissionDenied(message)


def require_route_role(membership: Membership, roles: Iterable[str], url_kwargs) -> None:
    """The role gate of a route, before any object is looked up (``staff_view`` for pages,
    ``web.api.InstitutionScopedMixin`` for the API, and the views that gate one method): a
    member without any of ``roles`` is refused (:func:`refuse`): 403 saying who may, or 404
    when the URL names an object."""
    try:
        require_role(membership, roles)
    except PermissionDenied as refusal:
        refuse(str(refusal), url_kwargs)


def can_role(membership: Membership | None, *roles: str) -> bool:
    return membership is not None and membership.has_role(*roles)


# -- administering an institution --------------------------------------------------------------
def institutions_administered_by(user) -> list[int] | None:
    """Ids of the institutions ``user`` administers: those where their active membership holds
    the institution admin role. None means every institution (a superuser). The admin site and
    every administrative service decide "may this person configure that institution?" here."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return list(
        MembershipRole.objects.across_institutions(reason="the admin's own roles")
        .filter(membership__user=user, membership__is_active=True,
                role=Role.INSTITUTION_ADMIN)
        .values_list("institution_id", flat=True)
    )


def may_administer(user, institution) -> bool:
    ids = institutions_administered_by(user)
    return ids is None or _pk(institution) in ids


def require_institution_admin(*, actor, institution) -> None:
    """Refuse anyone but a superuser or the institution's own admin (roles, memberships,
    qualifications, declarations, time limits, calendar, catalogues: issue 8 §4)."""
    if not may_administer(actor, institution):
        raise PermissionDenied(
            "Only an institution admin of this institution (or a superuser) can change its "
            "configuration.")


def _pk(institution) -> int:
    return institution if isinstance(institution, int) else institution.pk


# -- object-level need-to-know (guardian) ------------------------------------------------------
def grant_object_access(*, user, obj, perm: str) -> None:
    """Give ``user`` the object permission ``perm`` ("app.codename") on ``obj``, which must
    belong to an institution the user is a member of."""
    _same_institution(user, obj)
    assign_perm(perm, user, obj)


def revoke_object_access(*, user, obj, perm: str) -> None:
    remove_perm(perm, user, obj)


def has_object_access(*, user, obj, perm: str, membership: Membership | None = None) -> bool:
    """True while ``user`` holds ``perm`` on ``obj`` *and* is still an active member of the
    object's institution: someone who leaves (membership deactivated) loses access without
    every grant having to be revoked one by one. ``membership``: the user's active membership
    of that institution, when the caller has just read it."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    known = (membership is not None and membership.is_active
             and membership.user_id == user.pk
             and membership.institution_id == obj.institution_id)
    if not known and membership_get(user=user, institution=obj.institution_id) is None:
        return False
    return user.has_perm(perm, obj)


def objects_with_access(*, user, perm: str, queryset):
    """Narrow a (tenant-scoped) queryset to the objects ``user`` holds ``perm`` on, in the
    institutions the user is still an active member of."""
    member_of = (
        Membership.objects.across_institutions(reason="the user's own memberships")
        .filter(user=user, is_active=True)
        .values("institution_id")
    )
    return get_objects_for_user(
        user, perm, klass=queryset.filter(institution_id__in=member_of),
        accept_global_perms=False,
    )


def _same_institution(user, obj) -> None:
    if membership_get(user=user, institution=obj.institution) is None:
        raise PermissionDenied("That person is not a member of this institution.")

