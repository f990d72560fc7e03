"""Staff sign-on through an institution's OpenID Connect provider (issue 14 §1), against a
provider served on 127.0.0.1 by the test (tests/sso/oidc_provider.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from audit.models import AuditEvent
from sso.models import IdentityProvider

from .conftest import oidc_row

pytestmark = pytest.mark.django_db


def _start_url(row, next_url="/kingsway/staff/"):
    url = reverse("sso:oidc_start", kwargs={"institution_slug": row.institution.slug,
                                            "provider_id": row.pk})
    return f"{url}?{urlencode({'next': next_url})}"


def _to_provider_and_back(client, row, *, next_url="/kingsway/staff/"):
    """Start at our site, let the provider answer, and return the callback's path + query."""
    start = client.get(_start_url(row, next_url))
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    return back.path, back.query


def sign_in(client, row, **kwargs):
    path, query = _to_provider_and_back(client, row, **kwargs)
    return client.get(f"{path}?{query}")


def test_oidc_identity_signs_in_as_the_matching_member(client, kingsway_oidc, oidc_provider,
                                                       caseworker):
    oidc_provider.identity = {"email": "Caseworker@Kingsway.test"}
    response = sign_in(client, kingsway_oidc)
    assert response.status_code == 302
    assert response["Location"] == "/kingsway/staff/"
    assert int(client.session[SESSION_KEY]) == caseworker.pk
    assert client.get("/kingsway/staff/").status_code == 200
    event = AuditEvent.objects.for_institution(kingsway_oidc.institution).filter(
                                      action="sso.signed_in").get()
    assert event.changes == {"provider": kingsway_oidc.pk, "protocol": "oidc"}


def test_an_oidc_session_is_marked_as_single_sign_on(client, kingsway_oidc, oidc_provider,
                                                    caseworker):
    oidc_provider.identity = {"email": caseworker.email}
    sign_in(client, kingsway_oidc)
    assert client.session[BACKEND_SESSION_KEY] in settings.SSO_AUTHENTICATION_BACKENDS
    assert client.session[BACKEND_SESSION_KEY] == "sso.oidc.InstitutionOIDCBackend"


def test_the_match_claim_can_be_the_upn(client, kingsway, oidc_provider, caseworker):
    row = oidc_row(kingsway, oidc_provider, match_claim="upn")
    oidc_provider.identity = {"email": "someone-else@kingsway.test", "upn": caseworker.email}
    assert sign_in(client, row).status_code == 302
    assert int(client.session[SESSION_KEY]) == caseworker.pk


def test_an_unknown_identity_is_refused_and_audited_by_hash_only(client, kingsway_oidc,
                                                                 oidc_provider, caseworker):
    oidc_provider.identity = {"email": "stranger@elsewhere.test"}
    response = sign_in(client, kingsway_oidc)
    assert response.status_code == 403
    assert b"We could not sign you in" in response.content
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.for_institution(kingsway_oidc.institution).filter(
                                      action="sso.refused").get()
    assert event.changes["reason"] == "unknown_identity"
    assert len(event.changes["identity_hash"]) == 64
    assert "stranger" not in str(event.changes)
    assert "stranger" not in event.actor_label


def test_a_platform_administrator_cannot_sign_in_through_one_institutions_sign_on(
        client, kingsway_oidc, oidc_provider, caseworker):
    caseworker.is_superuser = True
    caseworker.save(update_fields=["is_superuser"])
    oidc_provider.identity = {"email": caseworker.email}
    response = sign_in(client, kingsway_oidc)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.for_institution(kingsway_oidc.institution).filter(
        action="sso.refused").get()
    assert event.changes["reason"] == "platform_administrator"


def test_sso_never_creates_an_account_or_a_membership(client, kingsway_oidc, oidc_provider,
                                                      caseworker):
    from accounts.models import Membership, User

    users, memberships = User.objects.count(), Membership.objects.across_institutions(
        reason="test").count()
    oidc_provider.identity = {"email": "new-person@kingsway.test"}
    sign_in(client, kingsway_oidc)
    assert User.objects.count() == users
    assert Membership.objects.across_institutions(reason="test").count() == memberships


def test_a_member_of_another_institution_is_refused_at_this_institutions_sign_on(
        client, kingsway_oidc, oidc_provider, outsider):
    oidc_provider.identity = {"email": outsider.email}
    response = sign_in(client, kingsway_oidc)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
    assert b"Midshire" not in response.content  # nothing says where the identity belongs


def test_an_ended_membership_is_refused(client, kingsway_oidc, oidc_provider, caseworker):
    from accounts.models import Membership

    Membership.objects.for_institution(kingsway_oidc.institution).filter(
        user=caseworker).update(is_active=False)
    oidc_provider.identity = {"email": caseworker.email}
    assert sign_in(client, kingsway_oidc).status_code == 403
    assert SESSION_KEY not in client.session


def test_another_institutions_provider_is_not_found_under_this_institution(
        client, kingsway_oidc, midshire):
    url = reverse("sso:oidc_start", kwargs={"institution_slug": "midshire",
                                            "provider_id": kingsway_oidc.pk})
    assert client.get(url).status_code == 404


def test_a_wrong_state_is_refused(client, kingsway_oidc, oidc_provider, caseworker):
    oidc_provider.identity = {"email": caseworker.email}
    path, query = _to_provider_and_back(client, kingsway_oidc)
    params = {k: v[0] for k, v in parse_qs(query).items()}
    params["state"] = "forged-state"
    response = client.get(f"{path}?{urlencode(params)}")
    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_state_from_another_browser_is_refused(client, kingsway_oidc, oidc_provider,
                                                 caseworker, django_user_model):
    from django.test import Client

    oidc_provider.identity = {"email": caseworker.email}
    path, query = _to_provider_and_back(client, kingsway_oidc)
    other = Client()
    assert other.get(f"{path}?{query}").status_code == 400
    assert SESSION_KEY not in other.session


def test_a_wrong_nonce_is_refused(client, kingsway_oidc, oidc_provider, caseworker):
    oidc_provider.identity = {"email": caseworker.email}
    oidc_provider.nonce_override = "not-the-nonce-we-sent"
    response = sign_in(client, kingsway_oidc)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.for_institution(kingsway_oidc.institution).filter(
                                     action="sso.refused").get().changes["reason"] == (
        "invalid_response")


def test_a_token_for_another_client_is_refused(client, kingsway, oidc_provider, caseworker):
    row = oidc_row(kingsway, oidc_provider)
    oidc_provider.identity = {"email": caseworker.email, "aud": "someone-else"}
    assert sign_in(client, row).status_code == 403
    assert SESSION_KEY not in client.session


def test_the_login_page_shows_the_institutions_enabled_buttons_only(
        client, kingsway_oidc, midshire, oidc_provider):
    oidc_row(midshire, oidc_provider, display_name="Sign in with Midshire account")
    page = client.get(reverse("login") + "?next=/kingsway/staff/").content.decode()
    assert "Sign in with Kingsway School of Economics account" in page
    assert "Midshire" not in page
    assert "Sign in with Kingsway" in client.get(
        reverse("login") + "?institution=kingsway").content.decode()
    assert "Sign in with" not in client.get(reverse("login")).content.decode()


def test_a_disabled_provider_has_no_button_and_no_endpoint(client, kingsway_oidc,
                                                           oidc_provider, caseworker):
    oidc_provider.identity = {"email": caseworker.email}
    path, query = _to_provider_and_back(client, kingsway_oidc)
    IdentityProvider.objects.for_institution(kingsway_oidc.institution).update(enabled=False)
    assert "Sign in with" not in client.get(
        reverse("login") + "?institution=kingsway").content.decode()
    assert client.get(_start_url(kingsway_oidc)).status_code == 404
    assert client.get(f"{path}?{query}").status_code == 400  # a sign-in already under way
    assert SESSION_KEY not in client.session


def test_an_unsafe_next_is_not_followed(client, kingsway_oidc, oidc_provider, caseworker):
    oidc_provider.identity = {"email": caseworker.email}
    response = sign_in(client, kingsway_oidc, next_url="https://evil.test/")
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_an_unreachable_provider_is_a_refusal_not_a_server_error(client, kingsway, caseworker):
    row = IdentityProvider.objects.create(
        institution=kingsway, protocol="oidc", enabled=True, display_name="Gone",
        oidc_issuer="http://127.0.0.1:9/", oidc_client_id="client")
    response = client.get(_start_url(row))
    assert response.status_code == 502
    assert b"We could not sign you in" in response.content
