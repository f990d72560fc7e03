"""A session opened by an institution's single sign-on acts in that institution only (issue 14
§1): another institution's staff pages send it to that institution's login page, its API
answers 403 ``sso_other_institution``, the admin shows only the signing institution; a local
sign-in afterwards replaces the session's backend, so the second factor applies. Through HTTP
with the provider the other tests use (tests/sso/oidc_provider.py, on 127.0.0.1)."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from accounts.permissions import SSO_INSTITUTION_SESSION_KEY
from accounts.roles import Role
from tests.factories import staff

from .conftest import oidc_row
from .test_oidc import sign_in

pytestmark = pytest.mark.django_db

EMAIL = "both@example.test"
PASSWORD = "correct-horse-battery"
MESSAGE = ("You signed in through Kingsway School of Economics's single sign-on; sign in to "
           "University of Midshire to continue.")


@pytest.fixture
def both(kingsway, midshire):
    """A member of staff at Kingsway and at Midshire (one account, two memberships)."""
    user = staff(kingsway, Role.SUPPORT_CASEWORKER, email=EMAIL)
    staff(midshire, Role.SUPPORT_CASEWORKER, email=EMAIL)
    return user


@pytest.fixture
def signed_in_at_kingsway(client, kingsway_oidc, oidc_provider, both):
    oidc_provider.identity = {"email": EMAIL}
    assert sign_in(client, kingsway_oidc)["Location"] == "/kingsway/staff/"
    return client


def _login_url(slug: str, next_url: str) -> str:
    return f"{reverse('login')}?{urlencode({'institution': slug, 'next': next_url})}"


def test_single_sign_on_records_the_institution_it_vouches_for(signed_in_at_kingsway,
                                                               kingsway):
    session = signed_in_at_kingsway.session
    assert session[SSO_INSTITUTION_SESSION_KEY] == kingsway.pk
    assert session[BACKEND_SESSION_KEY] in settings.SSO_AUTHENTICATION_BACKENDS


def test_an_sso_session_opens_its_own_institutions_staff_pages_and_api(signed_in_at_kingsway):
    client = signed_in_at_kingsway
    assert client.get("/kingsway/staff/").status_code == 200
    assert client.get("/kingsway/staff/cases/").status_code == 200
    assert client.get("/api/v1/kingsway/me/").status_code == 200


def test_an_sso_session_is_sent_to_the_other_institutions_login_for_its_staff_pages(
        signed_in_at_kingsway):
    client = signed_in_at_kingsway
    for path in ("/midshire/staff/", "/midshire/staff/cases/", "/midshire/staff/reports/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == _login_url("midshire", path)
    page = client.get(_login_url("midshire", "/midshire/staff/"))
    assert page.status_code == 200  # the form, not a redirect back to where it was refused
    text = html.unescape(page.content.decode())
    assert MESSAGE in text
    assert 'name="password"' in text


def test_an_sso_session_is_refused_by_the_other_institutions_api(signed_in_at_kingsway):
    client = signed_in_at_kingsway
    for path in ("/api/v1/midshire/me/", "/api/v1/midshire/reports/",
                 "/api/v1/midshire/tokens/"):
        response = client.get(path)
        assert response.status_code == 403, path
        body = response.json()
        assert body["code"] == "sso_other_institution", path
        assert body["detail"] == MESSAGE


def test_an_sso_session_cannot_make_an_api_token_for_the_other_institution(
        signed_in_at_kingsway, midshire):
    response = signed_in_at_kingsway.post("/api/v1/midshire/tokens/", {"name": "script"},
                                          content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "sso_other_institution"


def test_another_institutions_public_pages_stay_open_to_an_sso_session(signed_in_at_kingsway):
    assert signed_in_at_kingsway.get("/midshire/").status_code == 200


def test_a_member_of_one_institution_only_still_gets_404_elsewhere_when_signed_in_locally(
        client, caseworker, midshire):
    client.force_login(caseworker)  # a local, verified session: no single sign-on limit
    assert client.get("/midshire/staff/").status_code == 404
    assert client.get("/api/v1/midshire/me/").status_code == 404


def test_a_local_session_of_a_member_of_both_opens_both(client, both):
    client.force_login(both)
    assert client.get("/kingsway/staff/").status_code == 200
    assert client.get("/midshire/staff/").status_code == 200


def test_a_local_sign_in_after_sso_lifts_the_limit_and_needs_the_second_factor(
        signed_in_at_kingsway):
    client = signed_in_at_kingsway
    login = _login_url("midshire", "/midshire/staff/")
    response = client.post(login, {"username": EMAIL, "password": PASSWORD,
                                   "next": "/midshire/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/midshire/staff/"
    session = client.session
    assert session[BACKEND_SESSION_KEY] not in settings.SSO_AUTHENTICATION_BACKENDS
    assert SSO_INSTITUTION_SESSION_KEY not in session
    for path in ("/midshire/staff/", "/kingsway/staff/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/two-factor/setup/?next="), path
    api = client.get("/api/v1/midshire/me/")
    assert (api.status_code, api.json()["code"]) == (403, "second_factor_required")


def test_a_second_institutions_sign_on_moves_the_session_there(
        signed_in_at_kingsway, midshire, oidc_provider):
    client = signed_in_at_kingsway
    midshire_oidc = oidc_row(midshire, oidc_provider)
    response = sign_in(client, midshire_oidc, next_url="/midshire/staff/")
    assert response["Location"] == "/midshire/staff/"
    assert client.session[SSO_INSTITUTION_SESSION_KEY] == midshire.pk
    assert client.get("/midshire/staff/").status_code == 200
    assert client.get("/kingsway/staff/").status_code == 302


def test_an_sso_session_without_a_recorded_institution_opens_no_staff_page(client, both):
    client.force_login(both, backend="sso.oidc.InstitutionOIDCBackend")
    response = client.get("/kingsway/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?institution=kingsway")
    assert client.get("/api/v1/kingsway/me/").json()["code"] == "sso_other_institution"


def test_a_token_call_is_not_limited_by_a_session_it_does_not_use(signed_in_at_kingsway, both,
                                                                  midshire):
    from accounts.selectors import membership_get
    from accounts.tokens import api_token_create

    _, key = api_token_create(membership=membership_get(user=both, institution=midshire),
                              name="script")
    response = signed_in_at_kingsway.get("/api/v1/midshire/me/",
                                         HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


# -- the admin ---------------------------------------------------------------------------------
ADMIN = "/admin/sso/identityprovider/"


@pytest.fixture
def admin_of_both(kingsway, midshire):
    user = staff(kingsway, Role.INSTITUTION_ADMIN, email=EMAIL)
    staff(midshire, Role.INSTITUTION_ADMIN, email=EMAIL)
    user.is_staff = True
    user.save()
    return user


def test_an_sso_session_administers_only_the_signing_institution_in_the_admin(
        client, admin_of_both, kingsway_oidc, midshire, oidc_provider):
    theirs = oidc_row(midshire, oidc_provider, display_name="Midshire SSO")
    oidc_provider.identity = {"email": EMAIL}
    sign_in(client, kingsway_oidc)
    page = client.get(ADMIN)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sign in with Kingsway School of Economics account" in text
    assert "Midshire SSO" not in text
    assert client.get(f"{ADMIN}{theirs.pk}/change/").status_code in (302, 404)
    assert client.get(f"{ADMIN}{kingsway_oidc.pk}/change/").status_code == 200
    institutions = client.get("/admin/institutions/institution/").content.decode()
    assert "Kingsway School of Economics" in institutions
    assert "University of Midshire" not in institutions


def test_a_local_admin_session_still_administers_every_institution_it_may(
        client, admin_of_both, kingsway_oidc, midshire, oidc_provider):
    oidc_row(midshire, oidc_provider, display_name="Midshire SSO")
    client.force_login(admin_of_both)
    text = client.get(ADMIN).content.decode()
    assert "Midshire SSO" in text
    assert "Kingsway School of Economics account" in text



def test_the_account_home_of_an_sso_session_goes_to_the_signing_institution(
        signed_in_at_kingsway):
    response = signed_in_at_kingsway.get(reverse("account_home"))
    assert response["Location"] == "/kingsway/staff/"
