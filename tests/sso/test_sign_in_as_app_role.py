"""Signing in as the application's role (issue 15 item 1: the role the application connects as,
to which row-level security applies): the OpenID Connect callback finds its provider through
the audited cross-institution path and writes its audit event in the institution's chain; a
lockout is audited in each institution the account belongs to. The other tests of these paths
run as the tables' owner, whom the policies do not filter."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection

from audit.models import AuditEvent
from core.models import CrossInstitutionGrant

from ..core.test_rls_postgres import app_role, as_app_role  # noqa: F401 - a fixture
from .test_oidc import sign_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("app_role"),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row-level security is PostgreSQL's"),
]


def test_oidc_sign_in_works_as_the_app_role(client, kingsway_oidc, oidc_provider,
                                            caseworker):
    oidc_provider.identity = {"email": caseworker.email}
    with as_app_role():
        response = sign_in(client, kingsway_oidc)
        assert response.status_code == 302
        assert int(client.session[SESSION_KEY]) == caseworker.pk
        assert client.get("/kingsway/staff/").status_code == 200
    assert AuditEvent.objects.for_institution(kingsway_oidc.institution).filter(
        action="sso.signed_in").count() == 1
    assert CrossInstitutionGrant.objects.filter(reason__icontains="sign-in state").exists()


def test_an_oidc_refusal_is_audited_as_the_app_role(client, kingsway_oidc, oidc_provider):
    oidc_provider.identity = {"email": "stranger@elsewhere.test"}
    with as_app_role():
        assert sign_in(client, kingsway_oidc).status_code == 403
    assert AuditEvent.objects.for_institution(kingsway_oidc.institution).filter(
        action="sso.refused").count() == 1


def test_a_lockout_is_audited_as_the_app_role(client, caseworker, kingsway):
    with as_app_role():
        for _ in range(6):
            client.post("/accounts/login/", {"username": caseworker.email,
                                             "password": "wrong-password"})
    event = AuditEvent.objects.for_institution(kingsway).get(action="accounts.sign_in_locked")
    assert event.changes["user"] == caseworker.pk
