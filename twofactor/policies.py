"""Who must verify a second factor, and whether this session has (issue 14 item 2).

A staff member who holds, in any institution, a role that sees case, report, measure or Safe
Contact material (``RoleSpec.needs_second_factor`` in the role registry) and who signed in here
with a password must verify a second factor in the session before any staff page, the admin or
the session-authenticated API. A session opened by single sign-on is exempt: the institution's
identity provider does its own MFA (``settings.SSO_AUTHENTICATION_BACKENDS``).

The session is verified when it carries ``otp_device_id`` (django_otp's key, set by
``django_otp.login``) naming a confirmed device of the signed-in user: removing or resetting the
device therefore ends the verification of every session it verified.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import MembershipRole
from accounts.roles import roles_needing_second_factor

_VERIFIED = "_twofactor_verified_device"


def session_is_sso(request) -> bool:
    """True when the session was opened by a single sign-on backend (exempt)."""
    backend = request.session.get(BACKEND_SESSION_KEY)
    return bool(backend) and backend in settings.SSO_AUTHENTICATION_BACKENDS


def verified_device(request) -> Device | None:
    """The confirmed device of ``request.user`` that verified this session, or None. One
    primary-key read, only for a session that says it was verified; cached on the request."""
    if hasattr(request, _VERIFIED):
        return getattr(request, _VERIFIED)
    device = None
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if persistent_id and request.user.is_authenticated:
        found = Device.from_persistent_id(persistent_id)
        if found is not None and found.user_id == request.user.pk and found.confirmed:
            device = found
    setattr(request, _VERIFIED, device)
    return device


def user_needs_second_factor(user) -> bool:
    """True when ``user`` holds, in an active membership, a role that needs a second factor."""
    return MembershipRole.objects.across_institutions(
        reason="a user's own roles: one login serves every institution").filter(
        membership__user=user, membership__is_active=True,
        role__in=roles_needing_second_factor()).exists()


def user_has_device(user) -> bool:
    return (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
            or StaticDevice.objects.filter(user=user, confirmed=True,
                                           token_set__isnull=False).exists())


def second_factor_missing(request, *, always: bool = False) -> bool:
    """True when this request must first verify a second factor. ``always``: every local login
    needs one, whatever its roles (the Django admin)."""
    user = request.user
    if not user.is_authenticated or session_is_sso(request):
        return False
    if verified_device(request) is not None:
        return False
    return always or user.is_superuser or user_needs_second_factor(user)
