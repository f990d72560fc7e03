"""SAML 2.0 sign-on (UK Access Management Federation, Shibboleth), one SP configuration per
provider row (issue 14 §1).

pysaml2 does the protocol: the AuthnRequest, the response's XML signature (checked with the
``xmlsec1`` binary against the IdP's metadata), InResponseTo against our outstanding request,
audience, validity times. djangosaml2 is not used: its settings (attribute mapping, user
creation, the user lookup) are global to the site, while here each institution has its own and
an identity is only ever matched to a membership of that institution."""

from __future__ import annotations

import logging
import shutil

from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor

from .models import IdentityProvider
from .services import sso_refuse, sso_session_bind, sso_sign_in

logger = logging.getLogger(__name__)

SESSION_KEY = "sso_saml_requests"  # AuthnRequest id -> [provider id, next url]


def xmlsec_binary() -> str | None:
    return shutil.which("xmlsec1")


def _url(request, name: str, provider: IdentityProvider) -> str:
    return request.build_absolute_uri(reverse(
        name, kwargs={"institution_slug": provider.institution.slug, "provider_id": provider.pk}))


def sp_config(request, provider: IdentityProvider) -> SPConfig:
    metadata: dict[str, list] = {}
    if provider.saml_idp_metadata_xml:
        metadata["inline"] = [provider.saml_idp_metadata_xml]
    if provider.saml_idp_metadata_url:
        metadata["remote"] = [{"url": provider.saml_idp_metadata_url}]
    config = SPConfig()
    config.load({
        "entityid": provider.saml_sp_entity_id or _url(request, "sso:saml_metadata", provider),
        "xmlsec_binary": xmlsec_binary(),
        "allow_unknown_attributes": True,
        "metadata": metadata,
        "service": {"sp": {
            "name": provider.display_name,
            "endpoints": {"assertion_consumer_service": [
                (_url(request, "sso:saml_acs", provider), BINDING_HTTP_POST)]},
            "allow_unsolicited": False,
            "authn_requests_signed": False,
            "want_response_signed": True,
            "want_assertions_signed": True,
            "want_assertions_or_response_signed": True,
        }},
    })
    return config


def _provider(request, provider_id: int) -> IdentityProvider:
    provider = (IdentityProvider.objects.for_institution(request.institution)
                .filter(pk=provider_id, enabled=True,
                        protocol=IdentityProvider.Protocol.SAML).first())
    if provider is None:
        raise Http404
    return provider


def _idp_entity_id(client: Saml2Client, provider: IdentityProvider) -> str:
    if provider.saml_idp_entity_id:
        return provider.saml_idp_entity_id
    idps = list(client.metadata.with_descriptor("idpsso"))
    if len(idps) != 1:
        raise Http404  # federation metadata: the entity must be named in the admin
    return idps[0]


@require_GET
def saml_start(request, institution_slug: str, provider_id: int):
    """Off to the institution's IdP with a fresh AuthnRequest (HTTP-Redirect binding)."""
    from .views import refused

    provider = _provider(request, provider_id)
    try:
        client = Saml2Client(sp_config(request, provider))
    except Exception as exc:  # unreadable or unreachable IdP metadata
        logger.warning("SAML metadata of provider %s unusable: %s", provider.pk, exc)
        return refused(request, provider, status=502)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                           require_https=request.is_secure()):
        next_url = ""
    request_id, info = client.prepare_for_authenticate(
        entityid=_idp_entity_id(client, provider), binding=BINDING_HTTP_REDIRECT)
    pending = request.session.get(SESSION_KEY, {})
    pending[request_id] = [provider.pk, next_url]
    request.session[SESSION_KEY] = pending
    location = dict(info["headers"])["Location"]
    return HttpResponseRedirect(location)


@require_GET
def saml_metadata(request, institution_slug: str, provider_id: int):
    """Our SP metadata for this provider (to register with the IdP or the federation)."""
    provider = _provider(request, provider_id)
    descriptor = entity_descriptor(sp_config(request, provider))
    return HttpResponse(str(descriptor), content_type="application/samlmetadata+xml")


@csrf_exempt  # the IdP posts here; the signed response and InResponseTo are the protection
@require_POST
def saml_acs(request, institution_slug: str, provider_id: int):
    from .views import refused

    provider = _provider(request, provider_id)
    pending = request.session.get(SESSION_KEY, {})
    outstanding = {rid: entry[1] for rid, entry in pending.items() if entry[0] == provider.pk}
    client = Saml2Client(sp_config(request, provider))
    try:
        response = client.parse_authn_request_response(
            request.POST.get("SAMLResponse", ""), BINDING_HTTP_POST, outstanding=outstanding)
    except Exception as exc:  # pysaml2 raises many kinds; every one is a refusal
        logger.warning("SAML response refused: %s", exc)
        response = None
    if response is None:
        sso_refuse(provider=provider, identity="", reason="invalid_response")
        return refused(request, provider, status=400)
    next_url = pending.pop(response.in_response_to, [None, ""])[1]
    request.session[SESSION_KEY] = pending
    user = auth.authenticate(request, sso_saml_provider=provider,
                             sso_saml_identity=saml_identity(provider, response))
    if user is None:
        return refused(request, provider)
    auth.login(request, user)
    sso_session_bind(request, provider=provider)
    return HttpResponseRedirect(next_url or reverse("account_home"))


def saml_identity(provider: IdentityProvider, response) -> str:
    """The attribute named by the provider's match claim (through its attribute mapping), or
    the NameID when the claim is "nameid"."""
    if provider.match_claim.lower() == "nameid":
        return response.get_subject().text or ""
    name = (provider.saml_attribute_mapping or {}).get(provider.match_claim,
                                                       provider.match_claim)
    values = response.ava.get(name) or []
    return values[0] if values else ""


class InstitutionSAMLBackend(ModelBackend):
    """Authenticates only an identity the ACS view has already verified with pysaml2."""

    def authenticate(self, request, sso_saml_provider=None, sso_saml_identity=None, **kwargs):
        if sso_saml_provider is None:
            return None
        return sso_sign_in(provider=sso_saml_provider, identity=sso_saml_identity)
