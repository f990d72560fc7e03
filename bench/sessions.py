"""Signed-in staff for the benchmark: a session that has passed the second step, as a person's
would after their authenticator's code (issue 14 enforces a second factor for staff roles; a
session without one is redirected to the verify page, which is not what a page's time means)."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def staff_client(user) -> Client:
    """A test client signed in as ``user`` with a verified second factor (their
    authenticator, made once as enrolment would)."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="Benchmark authenticator", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
