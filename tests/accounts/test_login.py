"""Staff sign in with their email address and land on their institution's dashboard."""

import pytest

from accounts.models import Membership, User
from accounts.roles import Role
from tests.factories import staff
from tests.second_factor import authenticator_of, current_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory
LOGIN = "/accounts/login/"


def test_email_login_redirects_a_one_institution_user_to_their_staff_dashboard(client,
                                                                              caseworker):
    device = authenticator_of(caseworker)
    response = client.post(LOGIN, {"username": "caseworker@kingsway.test", "password": PASSWORD},
                           follow=True)
    verify = "/accounts/two-factor/verify/?next=%2Fkingsway%2Fstaff%2F"
    assert [url for url, _ in response.redirect_chain] == [
        "/accounts/", "/kingsway/staff/", verify]
    response = client.post(verify, {"code": current_code(device), "next": "/kingsway/staff/"},
                           follow=True)
    assert [url for url, _ in response.redirect_chain] == ["/kingsway/staff/"]
    assert response.status_code == 200
    assert "Your work at Kingsway School of Economics" in response.text


def test_email_login_ignores_capitals_in_the_address(client, caseworker):
    response = client.post(LOGIN, {"username": "CaseWorker@Kingsway.TEST", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"


def test_email_login_shows_a_two_institution_user_a_chooser(client, kingsway, midshire):
    user = staff(kingsway, Role.CLERK, email="both@example.org")
    Membership.objects.create(institution=midshire, user=user)

    response = client.post(LOGIN, {"username": "both@example.org", "password": PASSWORD},
                           follow=True)

    assert [url for url, _ in response.redirect_chain] == ["/accounts/"]
    assert "Choose an institution" in response.text
    assert 'href="/kingsway/staff/"' in response.text
    assert 'href="/midshire/staff/"' in response.text


def test_chooser_leaves_out_inactive_memberships_and_institutions(client, kingsway, midshire):
    user = staff(kingsway, Role.CLERK, email="both@example.org")
    Membership.objects.create(institution=midshire, user=user, is_active=False)
    client.force_login(user)
    response = client.get("/accounts/")
    assert response["Location"] == "/kingsway/staff/"  # the only *active* membership


def test_user_with_no_institution_is_told_to_ask_an_administrator(client, db):
    User.objects.create_user("new@example.org", PASSWORD)
    response = client.post(LOGIN, {"username": "new@example.org", "password": PASSWORD},
                           follow=True)
    assert "not a member of any institution yet" in response.text


def test_login_redirects_to_next_when_given(client, caseworker):
    response = client.post(f"{LOGIN}?next=/kingsway/staff/calendar/",
                           {"username": "caseworker@kingsway.test", "password": PASSWORD,
                            "next": "/kingsway/staff/calendar/"})
    assert response["Location"] == "/kingsway/staff/calendar/"


def test_wrong_password_reshows_the_typed_email_with_a_clear_message(client, caseworker):
    response = client.post(LOGIN, {"username": "caseworker@kingsway.test",
                                   "password": "wrong-password"})
    assert response.status_code == 200
    assert 'value="caseworker@kingsway.test"' in response.text
    assert "That email address and password do not match an account." in response.text
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, db):
    response = client.post(LOGIN, {"username": "nobody@example.org", "password": PASSWORD})
    assert "That email address and password do not match an account." in response.text


def test_deactivated_user_cannot_sign_in(client, caseworker):
    caseworker.is_active = False
    caseworker.save()
    response = client.post(LOGIN, {"username": "caseworker@kingsway.test", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anonymous_visitor_to_a_staff_page_is_sent_to_sign_in(client, kingsway):
    response = client.get("/kingsway/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/kingsway/staff/"


def test_user_manager_stores_email_addresses_in_lower_case(db):
    user = User.objects.create_user("Jane.Doe@Example.ORG", PASSWORD)
    assert user.email == "jane.doe@example.org"
    assert User.objects.get_by_natural_key("JANE.doe@example.org") == user


def test_user_clean_stores_email_addresses_in_lower_case(db):
    user = User(email="Jane.Doe@Example.ORG")
    user.set_password(PASSWORD)
    user.full_clean()
    assert user.email == "jane.doe@example.org"
