"""The staff dashboard, and who may reach an institution's staff pages and API at all."""

import pytest

from accounts.models import Membership
from accounts.roles import Role
from tests.conftest import api_as
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_dashboard_lists_roles_by_the_institutions_own_labels(client, decision_maker):
    client.force_login(decision_maker)
    response = client.get("/kingsway/staff/")
    assert response.status_code == 200
    assert "<h3>School Secretary</h3>" in response.text
    assert "Decide whether and how a case is resolved formally" in response.text


def test_dashboard_uses_another_institutions_label_for_the_same_role(client, midshire_labels):
    user = staff(midshire_labels, Role.DECISION_MAKER, email="registrar@midshire.test")
    client.force_login(user)
    response = client.get("/midshire/staff/")
    assert "<h3>Academic Registrar</h3>" in response.text
    assert "School Secretary" not in response.text


def test_dashboard_falls_back_to_the_generic_label(client, kingsway):
    user = staff(kingsway, Role.SAFE_CONTACT, Role.INSTITUTION_ADMIN)
    client.force_login(user)
    response = client.get("/kingsway/staff/")
    assert "<h3>Safe Contact</h3>" in response.text
    assert "<h3>Institution admin</h3>" in response.text
    assert 'href="/admin/"' in response.text  # admins get a way to configure the institution


def test_dashboard_without_roles_says_so(client, kingsway):
    user = staff(kingsway)
    client.force_login(user)
    assert "You have no role here yet." in client.get("/kingsway/staff/").text


@pytest.mark.parametrize("path", ["/midshire/staff/", "/midshire/staff/calendar/"])
def test_member_of_one_institution_gets_404_on_another_institutions_staff_pages(
        client, caseworker, midshire, path):
    client.force_login(caseworker)
    response = client.get(path)
    assert response.status_code == 404
    assert "Your work at" not in response.text
    assert "Deadline calculator" not in response.text


@pytest.mark.parametrize(
    "path", ["me/", "procedure/", "calendar/working-days/?from=2026-12-18&add=1"])
def test_member_of_one_institution_gets_404_on_another_institutions_api(caseworker, midshire,
                                                                        path):
    response = api_as(caseworker).get(f"/api/v1/midshire/{path}")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found.",
                               "errors": {}}


def test_member_of_two_institutions_reaches_both(client, caseworker, midshire):
    Membership.objects.create(institution=midshire, user=caseworker)
    client.force_login(caseworker)
    assert client.get("/kingsway/staff/").status_code == 200
    assert client.get("/midshire/staff/").status_code == 200


@pytest.mark.parametrize("path", ["/nowhere/staff/", "/nowhere/", "/nowhere/staff/calendar/"])
def test_unknown_institution_slug_is_404(client, caseworker, path):
    client.force_login(caseworker)
    assert client.get(path).status_code == 404


def test_unknown_institution_slug_in_the_api_is_404_in_the_api_error_format(caseworker):
    response = api_as(caseworker).get("/api/v1/nowhere/me/")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found.",
                               "errors": {}}


def test_inactive_membership_is_404(client, caseworker, kingsway):
    Membership.objects.for_institution(kingsway).filter(user=caseworker).update(is_active=False)
    client.force_login(caseworker)
    assert client.get("/kingsway/staff/").status_code == 404
    assert api_as(caseworker).get("/api/v1/kingsway/me/").status_code == 404


def test_inactive_institution_is_404_even_for_its_members(client, caseworker, kingsway):
    kingsway.is_active = False
    kingsway.save()
    client.force_login(caseworker)
    assert client.get("/kingsway/staff/").status_code == 404
    assert client.get("/kingsway/").status_code == 404
    assert api_as(caseworker).get("/api/v1/kingsway/me/").status_code == 404


# -- roles -------------------------------------------------------------------------------------
@pytest.mark.urls("tests.accounts.urls")
def test_staff_page_refuses_a_member_without_the_role_with_403_naming_the_role(client,
                                                                              caseworker):
    client.force_login(caseworker)
    response = client.get("/kingsway/staff/decide/")
    assert response.status_code == 403
    assert "Only a School Secretary can do this." in response.text


@pytest.mark.urls("tests.accounts.urls")
def test_staff_page_with_a_role_admits_a_member_who_holds_it(client, decision_maker):
    client.force_login(decision_maker)
    response = client.get("/kingsway/staff/decide/")
    assert response.status_code == 200
    assert response.text == "decided as secretary@kingsway.test"


@pytest.mark.urls("tests.accounts.urls")
def test_staff_page_with_a_role_is_still_404_for_another_institution(client, outsider):
    client.force_login(outsider)  # a decision maker, but of Midshire
    assert client.get("/kingsway/staff/decide/").status_code == 404


@pytest.mark.urls("tests.accounts.urls")
def test_api_refuses_a_member_without_the_role_with_403_naming_the_roles(caseworker):
    response = api_as(caseworker).get("/api/v1/kingsway/decide/")
    assert response.status_code == 403
    assert response.json() == {
        "status": 403, "code": "permission_denied", "errors": {},
        "detail": "Only a School Secretary or Management Committee member can do this."}


@pytest.mark.urls("tests.accounts.urls")
def test_api_refusal_uses_the_institutions_own_label(midshire_labels):
    clerk = staff(midshire_labels, Role.CLERK)
    response = api_as(clerk).get("/api/v1/midshire/decide/")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only an Academic Registrar or ")


@pytest.mark.urls("tests.accounts.urls")
def test_api_with_a_role_admits_a_member_who_holds_it(decision_maker):
    response = api_as(decision_maker).get("/api/v1/kingsway/decide/")
    assert response.status_code == 200
    assert response.json() == {"decided_by": "secretary@kingsway.test"}
