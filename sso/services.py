"""Matching an asserted identity to a membership, and recording the outcome (issue 14 §1).

The identity (an email address, UPN or eduPersonPrincipalName) must be the email address of an
*active* membership of the provider's own institution; anything else is refused. A refusal is
audited with a keyed hash of the identity only, so the trail can show repeated attempts by the
same identity without holding it."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction

from accounts.models import Membership, User
from accounts.permissions import SSO_INSTITUTION_SESSION_KEY
from audit.services import audit_record
from core.rls import acting_user, working_for

from .models import IdentityProvider


def identity_hash(identity: str) -> str:
    key = ("sso-identity:" + settings.SECRET_KEY).encode()
    return hmac.new(key, identity.strip().lower().encode(), hashlib.sha256).hexdigest()


def sso_providers_for(*, institution) -> list[IdentityProvider]:
    """The enabled providers of an institution (the login page's buttons)."""
    return list(IdentityProvider.objects.for_institution(institution).filter(enabled=True))


@transaction.atomic
def sso_sign_in(*, provider: IdentityProvider, identity: str | None) -> User | None:
    """The user whose active membership of the provider's institution has ``identity`` as its
    email address, recorded as signed in; None (recorded as refused) for anyone else."""
    value = (identity or "").strip().lower()
    membership = None
    if value:
        membership = (Membership.objects.for_institution(provider.institution_id)
                      .select_related("user")
                      .filter(is_active=True, user__is_active=True, user__email=value).first())
    if membership is None:
        sso_refuse(provider=provider, identity=value, reason="unknown_identity")
        return None
    if membership.user.is_superuser:
        # A platform administrator acts across every institution: one institution's identity
        # provider cannot vouch for that; they sign in with their password and second factor.
        sso_refuse(provider=provider, identity=value, reason="platform_administrator")
        return None
    audit_record(institution=provider.institution, actor=membership.user,
                 action="sso.signed_in", obj=membership,
                 changes={"provider": provider.pk, "protocol": provider.protocol})
    return membership.user


def sso_refuse(*, provider: IdentityProvider, identity: str, reason: str) -> None:
    """Record a refused sign-in: the provider, why, and a hash of the identity (if any)."""
    audit_record(institution=provider.institution, action="sso.refused", obj=provider,
                 actor_label="single sign-on",
                 changes={"provider": provider.pk, "protocol": provider.protocol,
                          "reason": reason,
                          "identity_hash": identity_hash(identity) if identity else ""})


def local_password_refused(user: User) -> bool:
    """True when every active membership of ``user`` is at an institution whose enabled
    provider says its members sign in only through it (superusers always keep a password)."""
    if user.is_superuser:
        return False
    with acting_user(user.pk):  # before sign-in: one's own memberships (core/rls)
        institution_ids = set(Membership.objects.across_institutions(
            reason="a user's own memberships at sign-in").filter(user=user, is_active=True)
            .values_list("institution_id", flat=True))
    if not institution_ids:
        return False
    for institution_id in institution_ids:
        with working_for(institution_id):  # each institution's providers under its setting
            if not IdentityProvider.objects.for_institution(institution_id).filter(
                    enabled=True, allow_local_passwords=False).exists():
                return False
    return True


def sso_session_bind(request, *, provider: IdentityProvider) -> None:
    """Record in a session single sign-on has just signed in the institution its provider
    vouches for: the session then opens that institution's staff pages, API and admin only
    (``accounts.permissions.session_institution_id``)."""
    request.session[SSO_INSTITUTION_SESSION_KEY] = provider.institution_id


def sso_session_unbind_after_local_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: a sign-in by any other backend (a password) drops the limit; the
    session's backend is then no longer single sign-on, so the second factor applies."""
    from django.contrib.auth import BACKEND_SESSION_KEY

    session = getattr(request, "session", None)
    if session is not None and (session.get(BACKEND_SESSION_KEY)
                                not in settings.SSO_AUTHENTICATION_BACKENDS):
        session.pop(SSO_INSTITUTION_SESSION_KEY, None)
