"""A local password login that holds a role seeing case material must verify a second factor
before any staff page, the admin or the session API (issue 14 item 2); SSO sessions, public
pages and the reporter's follow-up are never affected."""

import pytest
from django.test import override_settings

from accounts.permissions import SSO_INSTITUTION_SESSION_KEY
from accounts.roles import Role, roles_needing_second_factor
from tests.factories import staff
from tests.second_factor import authenticator_of

from .conftest import unverified

pytestmark = pytest.mark.django_db

DUMMY_SSO = "tests.twofactor.sso.DummySSOBackend"


def test_case_page_needs_a_second_factor_after_a_local_password_login(client, caseworker):
    unverified(client, caseworker)
    response = client.get("/kingsway/staff/cases/")
    assert response.status_code == 302
    assert response["Location"] == (
        "/accounts/two-factor/setup/?next=%2Fkingsway%2Fstaff%2Fcases%2F")


def test_a_member_with_a_device_is_sent_to_verify_not_to_set_up(client, caseworker):
    authenticator_of(caseworker)
    unverified(client, caseworker)
    response = client.get("/kingsway/staff/")
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fkingsway%2Fstaff%2F"


def test_every_role_seeing_case_material_is_marked_in_the_registry():
    needing = roles_needing_second_factor()
    for role in (Role.SUPPORT_CASEWORKER, Role.SAFE_CONTACT, Role.EDI_ADMIN,
                 Role.DECISION_MAKER, Role.INVESTIGATOR, Role.CLERK, Role.BOARD_MEMBER,
                 Role.APPEAL_REVIEWER, Role.INFORMAL_RESOLUTION_OFFICER,
                 Role.INSTITUTION_ADMIN, "precautionary_group", "security"):
        assert role in needing
    assert Role.TRAINING_ADMIN not in needing
    assert Role.INSIGHTS_PUBLISHER not in needing


def test_a_role_without_case_material_needs_no_second_factor(client, kingsway):
    trainer = staff(kingsway, Role.TRAINING_ADMIN)
    unverified(client, trainer)
    assert client.get("/kingsway/staff/").status_code == 200


def test_staff_api_refuses_a_session_without_a_second_factor(api, caseworker):
    unverified(api, caseworker)
    response = api.get("/api/v1/kingsway/reports/")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    assert "second factor" in response.json()["detail"]


def test_staff_api_answers_a_verified_session(api, caseworker):
    api.force_login(caseworker)  # verified by the autouse fixture
    assert api.get("/api/v1/kingsway/reports/").status_code == 200


def test_admin_needs_a_verified_session(client, kingsway_admin):
    unverified(client, kingsway_admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=%2Fadmin%2F")
    client.second_factor_unverified = False
    client.force_login(kingsway_admin)
    assert client.get("/admin/").status_code == 200


@override_settings(SSO_AUTHENTICATION_BACKENDS=[DUMMY_SSO],
                   AUTHENTICATION_BACKENDS=["accounts.backends.AccountBackend", DUMMY_SSO])
def test_a_single_sign_on_session_is_exempt(client, api, caseworker, kingsway):
    client.second_factor_unverified = True
    client.force_login(caseworker, backend=DUMMY_SSO)
    _signed_in_by_sso_at(client, kingsway)  # as sso.services.sso_session_bind records it
    assert client.get("/kingsway/staff/cases/").status_code == 200
    api.second_factor_unverified = True
    api.force_login(caseworker, backend=DUMMY_SSO)
    _signed_in_by_sso_at(api, kingsway)
    assert api.get("/api/v1/kingsway/reports/").status_code == 200


def _signed_in_by_sso_at(client, institution):
    session = client.session
    session[SSO_INSTITUTION_SESSION_KEY] = institution.pk
    session.save()


def test_reporter_pages_and_follow_up_are_never_affected(client, caseworker):
    unverified(client, caseworker)
    for url in ("/kingsway/", "/kingsway/tell-us/", "/kingsway/follow-up/",
                "/kingsway/support/"):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert "two-factor" not in response.get("Location", ""), url
