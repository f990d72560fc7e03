"""Second-factor devices: enrolling a TOTP app, recovery codes, removing, an admin's reset, and
the record of a failed verification (issue 14 item 2). Every change is recorded in the audit
chain of each institution the user is an active member of; the payloads name the kind of
device and how many codes, never a secret or a code.

Wrong codes are throttled by django-otp itself (``OTP_TOTP_THROTTLE_FACTOR`` and
``OTP_STATIC_THROTTLE_FACTOR``: after the n-th wrong code in a row the device accepts nothing
for 2**(n-1) seconds), so :func:`second_factor_verify` checks one kind of device per code.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import Membership, User
from accounts.permissions import require_institution_admin
from audit.services import audit_record

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"

AUDIT_EVENTS = (
    "twofactor.device_enrolled", "twofactor.device_removed",
    "twofactor.recovery_codes_regenerated", "twofactor.verification_failed",
    "twofactor.reset", "twofactor.device_renamed",
)


def _record(user: User, action: str, changes: dict, *, actor: User | None = None,
            institution=None) -> None:
    memberships = Membership.objects.across_institutions(
        reason="a user's own memberships: their devices serve every one").filter(
        user=user, is_active=True)
    if institution is not None:
        memberships = memberships.filter(institution=institution)
    for membership in memberships.select_related("institution"):
        audit_record(institution=membership.institution, actor=actor or user, action=action,
                     obj=membership, changes=changes)


def _kind(device: Device) -> str:
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    return "recovery_codes" if isinstance(device, StaticDevice) else "totp"


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device (a new secret), kept until a code confirms it."""
    device = (TOTPDevice.objects.select_for_update(of=("self",))
              .filter(user=user, confirmed=False).first())
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device_id: int, token: str) -> list[str] | None:
    """Confirm the enrolment with a code from the app. Returns the new recovery codes (shown
    once), or None when the code is wrong (throttled like any other)."""
    device = (TOTPDevice.objects.select_for_update(of=("self",))
              .filter(user=user, pk=device_id, confirmed=False).first())
    if device is None:
        raise Http404("No enrolment in progress.")
    if not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _record(user, "twofactor.device_enrolled", {"device": "totp", "device_id": device.pk})
    return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (the old ones stop working)."""
    if not (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()):
        raise Http404("Set up an authenticator app or a passkey first.")
    codes = _new_recovery_codes(user)
    _record(user, "twofactor.recovery_codes_regenerated", {"count": len(codes)})
    return codes


@transaction.atomic
def device_remove(*, user: User, persistent_id: str) -> None:
    """Remove one of the user's own devices (404 for anyone else's)."""
    device = Device.from_persistent_id(persistent_id, for_verify=True)
    if device is None or device.user_id != user.pk:
        raise Http404("No such device.")
    kind, pk = _kind(device), device.pk
    device.delete()
    _record(user, "twofactor.device_removed", {"device": kind, "device_id": pk})


def second_factor_verify(*, user: User, token: str) -> Device | None:
    """The user's device that accepts ``token``: six digits are checked against the TOTP
    apps, anything else against the recovery codes (a code is used up). None when no device
    does, which is recorded."""
    token = token.strip().replace(" ", "")
    model = TOTPDevice if token.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.select_for_update(of=("self",)).filter(
                user=user, confirmed=True):
            if device.verify_token(token):
                return device
    with transaction.atomic():
        _record(user, "twofactor.verification_failed",
                {"device": "totp" if model is TOTPDevice else "recovery_codes"})
    return None


@transaction.atomic
def second_factor_reset(*, actor: User, institution, user_id: int) -> int:
    """An institution admin resets a staff member's second factor: every device goes, and the
    member sets one up again at their next sign-in. 404 for anyone not a member here."""
    require_institution_admin(actor=actor, institution=institution)
    membership = (Membership.objects.for_institution(institution)
                  .select_related("user").filter(user_id=user_id).first())
    if membership is None:
        raise Http404("Not found.")
    user = membership.user
    removed = 0
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    audit_record(institution=institution, actor=actor, action="twofactor.reset",
                 obj=membership, changes={"devices_removed": removed})
    return removed


def devices_of(user: User) -> list[Device]:
    return [*TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"),
            *WebAuthnCredential.objects.filter(user=user).order_by("pk"),
            *StaticDevice.objects.filter(user=user).order_by("pk")]
