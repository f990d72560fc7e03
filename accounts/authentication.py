"""``Authorization: Token <key>`` for the API with :class:`accounts.models.ApiToken` (issue 14):
an unknown, expired or revoked key answers 401; a key used under another institution's paths
the same 404 as a caller who is not a member there. The day a token was last used is kept
(one write a day at most, never the time)."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken
from .tokens import key_hash


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"
    model = ApiToken

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            token = result[1]
            institution = getattr(request._request, "institution", None)
            if institution is not None and institution.pk != token.institution_id:
                raise exceptions.NotFound()
        return result

    def authenticate_credentials(self, key):
        token = (ApiToken.objects.across_institutions(reason="a key is looked up by its hash")
                 .select_related("user").filter(key_hash=key_hash(key)).first())
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("This token has expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        today = timezone.localdate()
        if token.last_used_on != today:
            (ApiToken.objects.across_institutions(reason="the token just authenticated")
             .filter(pk=token.pk).update(last_used_on=today))
            token.last_used_on = today
        return token.user, token
