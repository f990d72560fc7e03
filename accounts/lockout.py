"""Sign-in lockout by account (issue 14 §3), on django-axes.

Wrong passwords are counted per account (the address typed, lower-cased), never per network
address: reporters' and staff's addresses are not kept by this application. After
``AXES_FAILURE_LIMIT`` failures the address is locked for ``AXES_COOLOFF_TIME``, whether or not
an account has it, so the lockout message tells nobody whether an account exists. The login
page and the admin's login page say so in their form (``LockoutMessageMixin``).

axes keeps a row per locked-or-failing address (``axes.AccessAttempt``); the handler here blanks
what axes would otherwise keep about the client (IP address, user agent, Accept header). A
lockout of a real account is recorded in the audit chain of each institution the account
belongs to, with the user's id only; an institution admin lifts it with :func:`account_unlock`
(the admin's "Unlock sign-in" action on memberships), recorded too.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_message
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse

from audit.services import audit_record
from core.rls import acting_user, working_for

from .models import Membership, User
from .permissions import require_institution_admin

AUDIT_EVENTS = ("accounts.sign_in_locked", "accounts.sign_in_unlocked")


def lockout_username(request, credentials) -> str | None:
    """The account a sign-in is for, as stored: addresses are lower-case (``UserManager``),
    so ``Alice@...`` and ``alice@...`` count against one lock."""
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = getattr(request, "POST", {}).get("username") if request is not None else None
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def no_client_address(request) -> None:
    """axes' client address: none. The lockout is keyed on the account alone."""
    return None


def _forget_client(request) -> None:
    if request is not None:
        request.axes_ip_address = None
        request.axes_user_agent = ""
        request.axes_http_accept = ""


class AccountLockoutHandler(AxesDatabaseHandler):
    """axes' database handler, keeping nothing about the client but the account typed."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        _forget_client(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        _forget_client(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        _forget_client(request)
        return super().user_logged_out(sender, request, user, **kwargs)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The page the sign-in form rendered (it names the lockout, ``LockoutMessageMixin``),
    answered 429; a plain message where there was no page."""
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = 429
        original_response.reason_phrase = "Too Many Requests"
        return original_response
    return HttpResponse(get_lockout_message(), status=429, content_type="text/plain")


class LockoutMessageMixin:
    """For an AuthenticationForm: a sign-in refused because the account is locked says so,
    instead of "wrong password"."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):  # type: ignore[attr-defined]
            return ValidationError(settings.AXES_COOLOFF_MESSAGE, code="locked")
        return super().get_invalid_login_error()  # type: ignore[misc]


def _memberships(user: User):
    # Before sign-in: row-level security shows a user's own memberships only while they are
    # the acting user (core/rls).
    with acting_user(user.pk):
        return list(Membership.objects.across_institutions(reason="a user's own memberships")
                    .filter(user=user, is_active=True).select_related("institution"))


@receiver(user_locked_out)
def audit_lockout(sender, request, username, **kwargs) -> None:
    """Record the moment an account is locked (once per lock, not per refused attempt)."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    user = User.objects.filter(email=username).first() if username else None
    if user is None:  # an address with no account: nothing to record it against
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    for membership in _memberships(user):
        with working_for(membership.institution_id):  # its chain, under its own setting
            audit_record(institution=membership.institution, action="accounts.sign_in_locked",
                         obj=user, actor_label="system",
                         changes={"user": user.pk, "failures": settings.AXES_FAILURE_LIMIT,
                                  "locked_minutes": minutes})


@transaction.atomic
def account_unlock(*, membership: Membership, actor) -> int:
    """Lift a sign-in lockout of a member's account before its cool-off ends (their
    institution's admin). Returns how many lock records were removed (0: it was not locked)."""
    require_institution_admin(actor=actor, institution=membership.institution)
    user = membership.user
    removed = reset(username=user.email)
    audit_record(institution=membership.institution, actor=actor,
                 action="accounts.sign_in_unlocked", obj=user,
                 changes={"user": user.pk, "was_locked": bool(removed)})
    return removed
