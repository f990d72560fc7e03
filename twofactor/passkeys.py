"""Passkeys (WebAuthn) as a second factor (issue 14 item 2), on django-otp-webauthn.

A passkey is a ``django_otp_webauthn.WebAuthnCredential``, a django-otp device, so the session
it verifies counts for :mod:`twofactor.policies` like a TOTP app. The ceremonies are the
package's (py_webauthn checks challenge, origin, RP ID, signature and the signature counter);
this helper adds what our policy needs: a registration is recorded and named, each
verification locks the credential row (a replayed counter is refused even under concurrency),
a failed verification is recorded like a wrong code. Passkeys are a second factor only:
``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN`` is off. Audit payloads carry the kind and the
device's id, never the name, the credential id or the public key.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers import parse_authentication_credential_json

from accounts.models import User

from .services import _record

PASSKEY_NAME = "Passkey"
NAME_MAX_LENGTH = 64


class PasskeyHelper(WebAuthnHelper):
    """``settings.OTP_WEBAUTHN_HELPER_CLASS``: the package's ceremonies plus our records."""

    def register_complete(self, user, state, data):
        with transaction.atomic():
            device = super().register_complete(user=user, state=state, data=data)
            return passkey_registered(user=user, device=device)

    def authenticate_complete(self, user, state, data):
        try:
            with transaction.atomic():
                _lock_credential(data)
                return super().authenticate_complete(user=user, state=state, data=data)
        except Exception:
            if user is not None:
                with transaction.atomic():
                    _record(user, "twofactor.verification_failed", {"device": "passkey"})
            raise


def _lock_credential(data: dict) -> None:
    """Lock the credential's row before py_webauthn compares signature counters, so two
    concurrent assertions cannot both pass with the same counter."""
    try:
        raw_id = parse_authentication_credential_json(data).raw_id
    except Exception:  # noqa: BLE001 - the package reports the malformed credential itself
        return
    list(WebAuthnCredential.objects.select_for_update(of=("self",)).filter(
        credential_id_sha256=WebAuthnCredential.get_credential_id_sha256(raw_id)))


def passkey_registered(*, user: User, device: WebAuthnCredential) -> WebAuthnCredential:
    """Record a new passkey (called inside the registration's transaction)."""
    count = WebAuthnCredential.objects.filter(user=user).count()
    device.name = PASSKEY_NAME if count <= 1 else f"{PASSKEY_NAME} {count}"
    device.save(update_fields=["name"])
    _record(user, "twofactor.device_enrolled", {"device": "passkey", "device_id": device.pk})
    return device


@transaction.atomic
def passkey_rename(*, user: User, device_id: int, name: str) -> WebAuthnCredential:
    """Name one of the user's own passkeys (404 for anyone else's). The name stays out of the
    audit payload: it is the user's own words."""
    device = (WebAuthnCredential.objects.select_for_update(of=("self",))
              .filter(user=user, pk=device_id).first())
    if device is None:
        raise Http404("No such passkey.")
    name = " ".join(name.split())[:NAME_MAX_LENGTH]
    if name and name != device.name:
        device.name = name
        device.save(update_fields=["name"])
        _record(user, "twofactor.device_renamed", {"device": "passkey", "device_id": device.pk})
    return device
