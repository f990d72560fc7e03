"""django-otp registers admin pages for its devices that show each TOTP secret and its QR code,
and change devices without an audit event. They are taken out: a user manages their own devices
on their account page, and an institution admin resets a member's second factor through the
audited service (twofactor.services.second_factor_reset)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
