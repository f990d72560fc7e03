"""The second step of a local sign-in: verify a code, or set up an authenticator app; and the
account page where a user lists and removes devices and renews recovery codes (issue 14 item 2).
An institution admin's reset of a member's second factor is :func:`reset`, a staff page."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.decorators import staff_view
from accounts.models import Membership
from accounts.roles import Role
from core.pagination import QueuePaginator

from .forms import CodeForm, SetupCodeForm
from .passkeys import NAME_MAX_LENGTH, passkey_rename
from .policies import second_factor_missing, session_is_sso, user_has_device, verified_device
from .services import (
    device_remove,
    devices_of,
    recovery_codes_regenerate,
    second_factor_reset,
    second_factor_verify,
    totp_enrolment_confirm,
    totp_enrolment_start,
)

PAGE_SIZE = 50
_SETUP_DEVICE = "twofactor_setup_device"
_NEW_CODES = "twofactor_new_codes"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("account_home")


def demo_code(device: TOTPDevice) -> str | None:
    """The current code of the published demo secret, shown only where
    ``settings.DEMO_SHOW_TOTP_CODE`` (config.settings.local) and only for a demo device."""
    if not settings.DEMO_SHOW_TOTP_CODE or device.key != settings.DEMO_TOTP_KEY:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@never_cache
@login_required
def verify(request):
    if not user_has_device(request.user):
        return redirect(f"{reverse('twofactor:setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_verify(user=request.user, token=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "That code is not right, or it was tried too soon after a "
                               "wrong one. Wait a few seconds and try the newest code.")
    totp = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    return render(request, "twofactor/verify.html", {
        "form": form, "next": _next(request), "demo_code": demo_code(totp) if totp else None,
        "has_passkey": WebAuthnCredential.objects.filter(
            user=request.user, confirmed=True).exists()})


@never_cache
@login_required
def setup(request):
    """Enrol an authenticator app: QR code and secret, then a code to confirm it."""
    if user_has_device(request.user) and second_factor_missing(request, always=True):
        return redirect(f"{reverse('twofactor:verify')}?next={_next(request)}")
    device = totp_enrolment_start(user=request.user)
    request.session[_SETUP_DEVICE] = device.pk
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrolment_confirm(user=request.user, device_id=device.pk,
                                       token=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            request.session.pop(_SETUP_DEVICE, None)
            return _show_codes(request, codes)
        form.add_error("code", "That code does not match. Check the time on your phone and "
                               "enter the newest code.")
    secret = b32encode(device.bin_key).decode()
    return render(request, "twofactor/setup.html", {
        "form": form, "next": _next(request), "name_max_length": NAME_MAX_LENGTH,
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))})


@never_cache
@login_required
def setup_qr(request):
    """The enrolment's QR code as an SVG image (an <img> of our own origin: no inline data)."""
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False, pk=request.session.get(_SETUP_DEVICE)).first()
    if device is None:
        return HttpResponse(status=404)
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)
    return HttpResponse(svg, content_type="image/svg+xml")


def _show_codes(request, codes: list[str]):
    return render(request, "twofactor/recovery_codes.html",
                  {"codes": codes, "next": _next(request)})


def _verified_or_exempt(request) -> bool:
    return session_is_sso(request) or verified_device(request) is not None or not (
        user_has_device(request.user))


@never_cache
@login_required
def devices(request):
    """The user's own devices: list, remove, renew recovery codes."""
    if not _verified_or_exempt(request):
        return redirect(f"{reverse('twofactor:verify')}?next={request.path}")
    if request.method == "POST":
        if "regenerate" in request.POST:
            return _show_codes(request, recovery_codes_regenerate(user=request.user))
        if "passkey_id" in request.POST:
            return _name_passkey(request)
        device_remove(user=request.user, persistent_id=request.POST.get("remove", ""))
        messages.success(request, "The device was removed.")
        return redirect("twofactor:devices")
    return render(request, "twofactor/devices.html", {
        "devices": devices_of(request.user),
        "current": getattr(verified_device(request), "persistent_id", None),
        "sso": session_is_sso(request), "name_max_length": NAME_MAX_LENGTH,
        "passkeys": WebAuthnCredential.objects.filter(user=request.user).order_by("pk")})


def _name_passkey(request):
    """Name a passkey: the page's script posts this right after a registration; the same
    form renames one later. A missing or foreign id is a 404 (as removing is)."""
    try:
        device_id = int(request.POST["passkey_id"])
    except ValueError:
        messages.error(request, "Register the passkey with the button first (it needs "
                                "JavaScript); its name is saved afterwards.")
        return redirect("twofactor:devices")
    passkey_rename(user=request.user, device_id=device_id,
                   name=request.POST.get("passkey_name", ""))
    messages.success(request, "The passkey was saved.")
    return redirect("twofactor:devices")


@require_POST
@staff_view(Role.INSTITUTION_ADMIN)
def reset(request, institution_slug: str, user_id: int):
    """An institution admin resets a member's second factor (404 for a non-member)."""
    second_factor_reset(actor=request.user, institution=request.institution, user_id=user_id)
    member = Membership.objects.for_institution(request.institution).get(user_id=user_id)
    messages.success(request, f"The second factor of {member.user} was reset: they set up a "
                              "new one when they next sign in.")
    return redirect("staff:twofactor_members", institution_slug=institution_slug)


@staff_view(Role.INSTITUTION_ADMIN)
def members(request, institution_slug: str):
    """The admin's list of members and whether each has a second factor."""
    members = (Membership.objects.for_institution(request.institution)
               .filter(is_active=True).select_related("user").order_by("user__email", "pk"))
    page = QueuePaginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    users = [m.user_id for m in page]
    enrolled = {*TOTPDevice.objects.filter(confirmed=True, user__in=users).values_list(
        "user_id", flat=True), *WebAuthnCredential.objects.filter(
        confirmed=True, user__in=users).values_list("user_id", flat=True)}
    return render(request, "twofactor/members.html", {
        "page": page, "rows": [(m, m.user_id in enrolled) for m in page]})
