"""OpenID Connect sign-on, one provider per institution row (issue 14 §1).

mozilla-django-oidc does the protocol (state, nonce, the code exchange, the RS256 signature
against the provider's JWKS); these subclasses only read its settings from the
:class:`~sso.models.IdentityProvider` row instead of ``settings.py``. One callback serves every
provider: the provider is bound to the ``state`` when the request starts, in the session."""

from __future__ import annotations

import logging

import requests
from django.contrib import auth
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from core.rls import cross_institution, working_for

from .models import IdentityProvider
from .services import sso_refuse, sso_session_bind, sso_sign_in

logger = logging.getLogger(__name__)

SESSION_KEY = "sso_oidc_states"  # state -> provider id
CALLBACK_URL_NAME = "sso:oidc_callback"
TIMEOUT = 10


def discovered(provider: IdentityProvider) -> dict:
    """The provider's discovery document (cached for an hour); {} without an issuer."""
    if not provider.oidc_issuer:
        return {}
    url = provider.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
    key = f"sso:oidc-discovery:{url}"
    doc = cache.get(key)
    if doc is None:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        doc = response.json()
        cache.set(key, doc, 3600)
    return doc


def provider_settings(provider: IdentityProvider) -> dict:
    doc = {}
    if not (provider.oidc_authorization_endpoint and provider.oidc_token_endpoint
            and provider.oidc_jwks_endpoint):
        doc = discovered(provider)
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": provider.oidc_authorization_endpoint
        or doc.get("authorization_endpoint", ""),
        "OIDC_OP_TOKEN_ENDPOINT": provider.oidc_token_endpoint or doc.get("token_endpoint", ""),
        "OIDC_OP_JWKS_ENDPOINT": provider.oidc_jwks_endpoint or doc.get("jwks_uri", ""),
        "OIDC_OP_USER_ENDPOINT": provider.oidc_userinfo_endpoint,
        "OIDC_RP_CLIENT_ID": provider.oidc_client_id,
        "OIDC_RP_CLIENT_SECRET": provider.oidc_client_secret,
        "OIDC_RP_SCOPES": provider.oidc_scopes or "openid email",
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_CREATE_USER": False,
        "OIDC_TIMEOUT": TIMEOUT,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_REDIRECT_FIELD_NAME": "next",
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
    }


class _ProviderSettings:
    _values: dict

    def get_settings(self, attr, *args):  # an instance method: the row's values
        if attr in self._values:
            return self._values[attr]
        return import_from_settings(attr, *args)


class InstitutionOIDCBackend(_ProviderSettings, OIDCAuthenticationBackend):
    """Used only when the callback view has put the provider on the request."""

    def __init__(self, *args, **kwargs):
        self._values = {}
        self.UserModel = auth.get_user_model()

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "sso_oidc_provider", None) if request else None
        if provider is None or "nonce" not in kwargs:
            return None
        self.provider = provider
        self._values = provider_settings(provider)
        for attr in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT",
                     "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_RP_SIGN_ALGO",
                     "OIDC_RP_IDP_SIGN_KEY"):
            setattr(self, attr, self._values[attr])
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as exc:
            logger.warning("OIDC sign-in refused: %s", exc)
            sso_refuse(provider=provider, identity="", reason="invalid_response")
            request.sso_refused = True
            return None

    def get_or_create_user(self, access_token, id_token, payload):
        provider = self.provider
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if provider.oidc_client_id not in audiences or (
                provider.oidc_issuer
                and payload.get("iss", "").rstrip("/") != provider.oidc_issuer.rstrip("/")):
            raise SuspiciousOperation("The ID token is not for us or not from this issuer.")
        claims = dict(payload)
        if provider.oidc_userinfo_endpoint:
            claims.update(self.get_userinfo(access_token, id_token, payload))
        user = sso_sign_in(provider=provider, identity=claims.get(provider.match_claim))
        if user is None:
            self.request.sso_refused = True
        return user


def _provider(institution, provider_id: int) -> IdentityProvider:
    provider = (IdentityProvider.objects.for_institution(institution)
                .filter(pk=provider_id, enabled=True,
                        protocol=IdentityProvider.Protocol.OIDC).first())
    if provider is None:
        raise Http404
    return provider


class OIDCStartView(_ProviderSettings, OIDCAuthenticationRequestView):
    """/accounts/sso/<institution>/<provider>/oidc/: off to the institution's provider."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self._values = {}

    def get(self, request, institution_slug: str, provider_id: int):
        from .views import refused

        provider = _provider(request.institution, provider_id)
        try:
            self._values = provider_settings(provider)
        except (requests.RequestException, ValueError) as exc:
            logger.warning("OIDC discovery failed for provider %s: %s", provider.pk, exc)
            return refused(request, provider, status=502)
        if not self._values["OIDC_OP_AUTHORIZATION_ENDPOINT"]:
            raise ImproperlyConfigured(f"{provider}: no authorization endpoint")
        self.OIDC_OP_AUTH_ENDPOINT = self._values["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = provider.oidc_client_id
        response = super().get(request)
        states = request.session.get(SESSION_KEY, {})
        for state in request.session.get("oidc_states", {}):
            states.setdefault(state, provider.pk)
        request.session[SESSION_KEY] = states
        return response


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """/accounts/sso/oidc/callback/: the provider bound to the state; a refusal page (never a
    server error) for an unknown identity, a wrong state or nonce, a bad token."""

    def get(self, request):
        from .views import refused

        state = request.GET.get("state", "")
        provider_id = request.session.get(SESSION_KEY, {}).pop(state, None)
        request.session.modified = True
        provider = None
        if provider_id:
            # No institution in this URL: the one read across institutions, audited (core/rls).
            with cross_institution(reason="the provider bound to a session's sign-in state"):
                provider = (IdentityProvider.objects.across_institutions(
                    reason="the provider bound to this session's sign-in state")
                    .filter(pk=provider_id, enabled=True).select_related("institution").first())
        if provider is None:
            return refused(request, None, status=400)
        with working_for(provider.institution_id):
            return self._callback(request, provider)

    def _callback(self, request, provider):
        from .views import refused

        request.sso_oidc_provider = provider
        try:
            response = super().get(request)
        except SuspiciousOperation:
            sso_refuse(provider=provider, identity="", reason="invalid_state")
            return refused(request, provider, status=400)
        if request.user.is_authenticated and not getattr(request, "sso_refused", False):
            sso_session_bind(request, provider=provider)
            return response
        if not getattr(request, "sso_refused", False):
            sso_refuse(provider=provider, identity="", reason="provider_error")
        return refused(request, provider)
