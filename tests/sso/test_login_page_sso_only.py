"""The login page of an institution whose staff sign in only through single sign-on (issue 14
§1): its button comes first and says a password does not work there. What the page shows
depends only on the institution named in the URL (``?institution=`` or ``next``), never on the
email address typed: a refused right password and a wrong one read the same (no account
enumeration)."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from .conftest import oidc_row

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
HEADING = "Sign in with Kingsway School of Economics's single sign-on"


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def kingsway_sso_only(kingsway, oidc_provider):
    return oidc_row(kingsway, oidc_provider, allow_local_passwords=False)


def test_an_sso_only_institutions_login_page_puts_its_single_sign_on_first(
        client, kingsway_sso_only):
    for query in ("?institution=kingsway", "?next=/kingsway/staff/"):
        page = _page(client.get(reverse("login") + query))
        assert HEADING in page, query
        assert "a password does not work for their accounts" in page
        assert page.index(HEADING) < page.index('name="password"')
        assert "Sign in with Kingsway School of Economics account" in page


def test_an_institution_that_allows_passwords_shows_the_plain_buttons(client, kingsway_oidc):
    page = _page(client.get(reverse("login") + "?institution=kingsway"))
    assert "Kingsway School of Economics staff" in page
    assert "Or sign in with your email address and password below." in page
    assert "single sign-on" not in page


def test_a_refused_right_password_reads_as_a_wrong_one_with_the_sso_hint_for_both(
        client, kingsway_sso_only, caseworker):
    url = reverse("login") + "?institution=kingsway"
    refused = client.post(url, {"username": caseworker.email, "password": PASSWORD})
    wrong = client.post(url, {"username": caseworker.email, "password": "not-it"})
    nobody = client.post(url, {"username": "nobody@kingsway.test", "password": PASSWORD})
    assert SESSION_KEY not in client.session
    errors = refused.context["form"].errors
    assert errors == wrong.context["form"].errors == nobody.context["form"].errors
    for response in (refused, wrong, nobody):
        assert response.status_code == 200
        assert HEADING in _page(response)


def test_the_sso_only_hint_follows_the_url_not_the_email_typed(client, kingsway_sso_only,
                                                               caseworker):
    response = client.post(reverse("login"), {"username": caseworker.email,
                                              "password": PASSWORD})
    assert response.status_code == 200
    assert "single sign-on" not in _page(response)
