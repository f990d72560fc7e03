"""Helpers for tests that sign in through the real pages: the second step needs a code."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_of(user) -> TOTPDevice:
    """The user's confirmed authenticator (made once, as enrolment would)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True))


def current_code(device: TOTPDevice) -> str:
    """What the user's phone shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
