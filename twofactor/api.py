"""The staff API's session authentication, refusing a session that has not verified its
second factor (issue 14 item 2): 403 with code ``second_factor_required``. Tokens are issued
only to a verified session, so a token-authenticated call has passed the second factor."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

from .policies import second_factor_missing


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = ("Verify your second factor (two-factor authentication) in this session "
                      "before using the staff API.")
    default_code = "second_factor_required"


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and second_factor_missing(request._request):
            raise SecondFactorRequired()
        return result


class VerifiedSessionScheme(SessionScheme):
    """The OpenAPI schema's cookie authentication, for the session that must be verified."""

    target_class = "twofactor.api.VerifiedSessionAuthentication"
