"""Demo second factors (issue 14 item 2): every demo staff login gets an authenticator whose
key is the published ``settings.DEMO_TOTP_KEY``, so `make run`'s logins pass the second step;
with ``DEMO_SHOW_TOTP_CODE`` (config.settings.local only) the verify page shows the current
code. Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

DEMO_DEVICE_NAME = "Demo authenticator (published key)"


@transaction.atomic
def seed_demo_second_factors() -> list:
    demo_users = User.objects.filter(email__endswith=".example")
    TOTPDevice.objects.filter(user__in=demo_users, name=DEMO_DEVICE_NAME).update(
        key=settings.DEMO_TOTP_KEY, confirmed=True, throttling_failure_count=0)
    have = set(TOTPDevice.objects.filter(user__in=demo_users, name=DEMO_DEVICE_NAME)
               .values_list("user_id", flat=True))
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user_id=pk, name=DEMO_DEVICE_NAME, key=settings.DEMO_TOTP_KEY,
                   confirmed=True)
        for pk in demo_users.exclude(pk__in=have).values_list("pk", flat=True))
    return []
