"""Staff sign-on through an institution's SAML 2.0 identity provider (issue 14 §1), against
pysaml2's own IdP (tests/sso/saml_idp.py) with a certificate made for the run."""

from __future__ import annotations

import base64
import shutil
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from audit.models import AuditEvent
from sso.models import IdentityProvider

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("xmlsec1") is None,
                       reason="xmlsec1 is not installed: SAML signatures cannot be checked "
                              "(apt-get install xmlsec1; .ci/run installs it)"),
]


def _kwargs(row):
    return {"institution_slug": row.institution.slug, "provider_id": row.pk}


def saml_row(institution, idp, client, **values):
    values = {"protocol": "saml", "enabled": True, "display_name": "Sign in with UK federation",
              "match_claim": "eduPersonPrincipalName", "saml_idp_metadata_xml": idp.metadata(),
              **values}
    row = IdentityProvider.objects.create(institution=institution, **values)
    metadata = client.get(reverse("sso:saml_metadata", kwargs=_kwargs(row)))
    assert metadata.status_code == 200
    idp.trust_sp(metadata.content.decode())
    return row


@pytest.fixture
def idp(tmp_path):
    from .saml_idp import SAMLIdP

    return SAMLIdP(tmp_path)


@pytest.fixture
def kingsway_saml(kingsway, idp, client):
    return saml_row(kingsway, idp, client)


def _start(client, row, next_url="/kingsway/staff/"):
    url = reverse("sso:saml_start", kwargs=_kwargs(row))
    response = client.get(f"{url}?{urlencode({'next': next_url})}")
    assert response.status_code == 302
    return response["Location"]


def _post(client, row, saml_response):
    return client.post(reverse("sso:saml_acs", kwargs=_kwargs(row)),
                       {"SAMLResponse": saml_response})


def _identity(email):
    return {"eduPersonPrincipalName": [email], "mail": [email], "givenName": ["Test"]}


def test_saml_identity_signs_in_as_the_matching_member(client, kingsway_saml, idp,
                                                       caseworker):
    answer = idp.respond(_start(client, kingsway_saml), _identity(caseworker.email))
    response = _post(client, kingsway_saml, answer)
    assert response.status_code == 302
    assert response["Location"] == "/kingsway/staff/"
    assert int(client.session[SESSION_KEY]) == caseworker.pk
    assert client.get("/kingsway/staff/").status_code == 200
    assert AuditEvent.objects.for_institution(kingsway_saml.institution).filter(
        action="sso.signed_in").count() == 1


def test_a_saml_session_is_marked_as_single_sign_on(client, kingsway_saml, idp, caseworker):
    _post(client, kingsway_saml,
          idp.respond(_start(client, kingsway_saml), _identity(caseworker.email)))
    assert client.session[BACKEND_SESSION_KEY] in settings.SSO_AUTHENTICATION_BACKENDS


def test_the_attribute_mapping_names_the_matched_attribute(client, kingsway, idp, caseworker):
    row = saml_row(kingsway, idp, client, match_claim="email",
                   saml_attribute_mapping={"email": "mail"})
    identity = {"eduPersonPrincipalName": ["cw123@kingsway.test"], "mail": [caseworker.email]}
    assert _post(client, row, idp.respond(_start(client, row), identity)).status_code == 302
    assert int(client.session[SESSION_KEY]) == caseworker.pk


def test_an_unknown_saml_identity_is_refused(client, kingsway_saml, idp, caseworker):
    answer = idp.respond(_start(client, kingsway_saml), _identity("stranger@elsewhere.test"))
    response = _post(client, kingsway_saml, answer)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.for_institution(kingsway_saml.institution).get(
        action="sso.refused")
    assert "stranger" not in str(event.changes)


def test_a_member_of_another_institution_is_refused_by_saml(client, kingsway_saml, idp,
                                                            outsider):
    answer = idp.respond(_start(client, kingsway_saml), _identity(outsider.email))
    assert _post(client, kingsway_saml, answer).status_code == 403
    assert SESSION_KEY not in client.session


def test_a_tampered_saml_response_is_refused(client, kingsway_saml, idp, caseworker,
                                             decision_maker):
    answer = idp.respond(_start(client, kingsway_saml), _identity(caseworker.email))
    xml = base64.b64decode(answer).decode()
    assert caseworker.email in xml
    forged = base64.b64encode(xml.replace(caseworker.email, decision_maker.email).encode())
    response = _post(client, kingsway_saml, forged.decode())
    assert response.status_code == 400
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.for_institution(kingsway_saml.institution).get(
        action="sso.refused").changes["reason"] == "invalid_response"


def test_an_unsigned_saml_response_is_refused(client, kingsway_saml, idp, caseworker):
    answer = idp.respond(_start(client, kingsway_saml), _identity(caseworker.email),
                         signed=False)
    assert _post(client, kingsway_saml, answer).status_code == 400
    assert SESSION_KEY not in client.session


def test_an_unsolicited_saml_response_is_refused(client, kingsway_saml, idp, caseworker):
    from django.test import Client

    answer = idp.respond(_start(client, kingsway_saml), _identity(caseworker.email))
    other = Client()  # never asked: no outstanding request in its session
    assert _post(other, kingsway_saml, answer).status_code == 400
    assert SESSION_KEY not in other.session


def test_a_saml_response_is_not_accepted_twice(client, kingsway_saml, idp, caseworker):
    answer = idp.respond(_start(client, kingsway_saml), _identity(caseworker.email))
    assert _post(client, kingsway_saml, answer).status_code == 302
    client.logout()
    assert _post(client, kingsway_saml, answer).status_code == 400


def test_a_disabled_saml_provider_has_no_endpoints(client, kingsway_saml):
    IdentityProvider.objects.for_institution(kingsway_saml.institution).update(enabled=False)
    for name in ("sso:saml_start", "sso:saml_metadata"):
        assert client.get(reverse(name, kwargs=_kwargs(kingsway_saml))).status_code == 404
    assert _post(client, kingsway_saml, "x").status_code == 404


def test_another_institutions_saml_provider_is_not_found(client, kingsway_saml, midshire):
    kwargs = {"institution_slug": "midshire", "provider_id": kingsway_saml.pk}
    assert client.get(reverse("sso:saml_start", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("sso:saml_acs", kwargs=kwargs), {}).status_code == 404


def test_unusable_idp_metadata_is_a_refusal_not_a_server_error(client, kingsway):
    row = IdentityProvider.objects.create(
        institution=kingsway, protocol="saml", enabled=True, display_name="Broken",
        saml_idp_metadata_xml="<not-metadata")
    assert client.get(reverse("sso:saml_start", kwargs=_kwargs(row))).status_code == 502


def test_a_saml_session_is_limited_to_the_institution_that_signed_it_in(
        client, kingsway_saml, idp, kingsway, midshire):
    from accounts.permissions import SSO_INSTITUTION_SESSION_KEY
    from accounts.roles import Role
    from tests.factories import staff

    both = staff(kingsway, Role.SUPPORT_CASEWORKER, email="both@example.test")
    staff(midshire, Role.SUPPORT_CASEWORKER, email=both.email)
    _post(client, kingsway_saml, idp.respond(_start(client, kingsway_saml), _identity(both.email)))
    assert client.session[SSO_INSTITUTION_SESSION_KEY] == kingsway.pk
    assert client.get("/kingsway/staff/").status_code == 200
    assert client.get("/midshire/staff/")["Location"].startswith(
        "/accounts/login/?institution=midshire")
    assert client.get("/api/v1/midshire/me/").json()["code"] == "sso_other_institution"
