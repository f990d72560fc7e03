"""Local passwords beside single sign-on, and the providers' admin (issue 14 §1)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.roles import Role
from sso.models import IdentityProvider
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ADMIN = "/admin/sso/identityprovider/"


def provider(institution, **values):
    values = {"protocol": "oidc", "enabled": True, "display_name": "Sign in with SSO",
              "oidc_issuer": "https://login.example.test/", "oidc_client_id": "client",
              "oidc_client_secret": "the-stored-secret", **values}
    return IdentityProvider.objects.create(institution=institution, **values)


def _login(client, email):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD})


def test_local_passwords_work_beside_sso_by_default(client, kingsway, caseworker):
    provider(kingsway)
    assert _login(client, caseworker.email).status_code == 302
    assert int(client.session[SESSION_KEY]) == caseworker.pk


def test_an_sso_only_institution_refuses_its_members_passwords(client, kingsway, caseworker):
    provider(kingsway, allow_local_passwords=False)
    response = _login(client, caseworker.email)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_a_disabled_sso_only_provider_does_not_lock_members_out(client, kingsway, caseworker):
    provider(kingsway, allow_local_passwords=False, enabled=False)
    assert _login(client, caseworker.email).status_code == 302


def test_a_member_of_another_institution_keeps_a_password(client, kingsway, midshire):
    provider(kingsway, allow_local_passwords=False)
    both = staff(kingsway, Role.SUPPORT_CASEWORKER, email="both@example.test")
    staff(midshire, Role.SUPPORT_CASEWORKER, email="both@example.test")
    assert _login(client, both.email).status_code == 302


def test_a_superuser_keeps_a_password(client, kingsway):
    provider(kingsway, allow_local_passwords=False)
    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    staff(kingsway, Role.INSTITUTION_ADMIN, email=root.email)
    assert _login(client, root.email).status_code == 302


def test_a_wrong_password_reads_the_same_with_or_without_sso(client, kingsway, caseworker):
    provider(kingsway, allow_local_passwords=False)
    response = client.post(reverse("login"), {"username": caseworker.email, "password": "x"})
    refused = _login(client, caseworker.email)
    assert response.context["form"].errors == refused.context["form"].errors


def test_an_institution_admin_sees_only_their_institutions_providers(
        client, kingsway_admin, kingsway, midshire):
    mine, theirs = provider(kingsway), provider(midshire, display_name="Midshire SSO")
    client.force_login(kingsway_admin)
    page = client.get(ADMIN).content.decode()
    assert "Sign in with SSO" in page
    assert "Midshire SSO" not in page
    assert client.get(f"{ADMIN}{theirs.pk}/change/").status_code in (302, 404)
    change = client.get(f"{ADMIN}{mine.pk}/change/")
    assert change.status_code == 200
    assert "the-stored-secret" not in change.content.decode()


def test_a_member_without_the_admin_role_cannot_open_the_providers(client, caseworker,
                                                                  kingsway):
    provider(kingsway)
    client.force_login(caseworker)
    assert client.get(ADMIN).status_code in (302, 403)


def test_saving_without_a_secret_keeps_the_stored_one(client, kingsway_admin, kingsway):
    row = provider(kingsway)
    client.force_login(kingsway_admin)
    response = client.post(f"{ADMIN}{row.pk}/change/", {
        "institution": kingsway.pk, "protocol": "oidc", "display_name": "Kingsway SSO",
        "enabled": "on", "allow_local_passwords": "on", "match_claim": "upn",
        "oidc_issuer": "https://login.example.test/", "oidc_client_id": "client",
        "oidc_client_secret": "", "oidc_scopes": "openid email",
        "saml_attribute_mapping": "{}"})
    assert response.status_code == 302
    row = IdentityProvider.objects.for_institution(kingsway).get(pk=row.pk)
    assert (row.display_name, row.match_claim) == ("Kingsway SSO", "upn")
    assert row.oidc_client_secret == "the-stored-secret"


def test_the_client_secret_is_encrypted_at_rest(kingsway):
    from django.db import connection

    row = provider(kingsway)
    with connection.cursor() as cursor:
        cursor.execute("SELECT oidc_client_secret FROM sso_identityprovider WHERE id = %s",
                       [row.pk])
        stored = cursor.fetchone()[0]
    assert "the-stored-secret" not in stored
