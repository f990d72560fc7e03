"""API tokens that expire and can be revoked (issue 14 §3).

Replaces DRF's ``authtoken`` (keys that never expired, stored as they are). A key is
``st_`` + 43 random URL-safe characters; only its SHA-256 is stored, so a copy of the
database gives no working key. A token belongs to one member of one institution and works
only under that institution's API paths. Members make, list and revoke their own; the
institution's admin lists and revokes everyone's there. Old ``authtoken`` keys simply stopped
working when this replaced them (no data migration: they were keys nobody can recover anyway).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from audit.services import audit_record

from .models import ApiToken, Membership
from .permissions import can_role
from .roles import Role

AUDIT_EVENTS = ("accounts.api_token_created", "accounts.api_token_revoked")
KEY_PREFIX = "st_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _check_days(days: int | None) -> int:
    if days is None:
        return settings.API_TOKEN_DEFAULT_DAYS
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": [
            f"A token lasts between 1 and {settings.API_TOKEN_MAX_DAYS} days."]})
    return days


@transaction.atomic
def api_token_create(*, membership: Membership, name: str, days: int | None = None
                     ) -> tuple[ApiToken, str]:
    """Make a token for the member themself; returns it with its key (shown once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["Say what the token is for."]})
    days = _check_days(days)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        institution=membership.institution, user=membership.user, name=name[:100],
        key_hash=key_hash(key), prefix=key[:10], created_at=now,
        expires_at=now + dt.timedelta(days=days))
    audit_record(institution=membership.institution, actor=membership.user,
                 action="accounts.api_token_created", obj=token,
                 changes={"user": membership.user_id, "days": days})
    return token, key


def access_api_token(*, membership: Membership, token_id: int) -> ApiToken:
    """A token the member may revoke: their own, or anyone's in the institution for its admin.
    Anything else is the same 404 as a token that does not exist."""
    tokens = ApiToken.objects.for_institution(membership.institution)
    if not can_role(membership, Role.INSTITUTION_ADMIN):
        tokens = tokens.filter(user_id=membership.user_id)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token.")
    return token


@transaction.atomic
def api_token_revoke(*, membership: Membership, token_id: int) -> ApiToken:
    """Revoke a token at once (the next call with it answers 401). Revoking a revoked token
    changes nothing."""
    token = access_api_token(membership=membership, token_id=token_id)
    token = (ApiToken.objects.for_institution(membership.institution)
             .select_for_update(of=("self",)).get(pk=token.pk))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by_id = membership.user_id
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(institution=membership.institution, actor=membership.user,
                 action="accounts.api_token_revoked", obj=token,
                 changes={"user": token.user_id, "by_owner": token.user_id == membership.user_id})
    return token


def api_tokens_of(*, membership: Membership, everyone: bool = False):
    """The member's tokens, newest first; with ``everyone`` (the admin) the institution's."""
    tokens = ApiToken.objects.for_institution(membership.institution).select_related("user")
    return tokens if everyone else tokens.filter(user_id=membership.user_id)
