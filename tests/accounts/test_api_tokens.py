"""API tokens that expire and can be revoked (issue 14 §3, accounts/tokens.py): only the
key's hash is kept, the key is shown once, an expired or revoked key answers 401, a token
works only in its own institution, members manage their own and the admin everyone's."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, Membership
from accounts.roles import Role
from audit.models import AuditEvent
from tests.conftest import api_as
from tests.factories import api_token, staff

pytestmark = pytest.mark.django_db

PAGE = "/kingsway/staff/account/api-tokens/"
API = "/api/v1/kingsway/tokens/"


def _with_key(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _page_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_token_made_on_the_page_is_shown_once_and_only_its_hash_is_kept(caseworker,
                                                                          kingsway):
    client = _page_client(caseworker)
    response = client.post(PAGE, {"name": "Faculty spreadsheet", "days": "30"})
    assert response.status_code == 200
    key = response.context["key"]
    assert key.startswith("st_")
    assert key in response.text
    token = ApiToken.objects.for_institution(kingsway).get()
    assert key not in (token.key_hash, token.prefix)
    assert len(token.key_hash) == 64
    again = client.get(PAGE)
    assert key not in again.text
    assert token.prefix in again.text
    assert _with_key(key).get("/api/v1/kingsway/me/").status_code == 200


def test_a_token_lasts_30_days_unless_asked_and_at_most_90(caseworker, kingsway):
    response = api_as(caseworker).post(API, {"name": "default"}, format="json")
    assert response.status_code == 201
    made = dt.datetime.fromisoformat(response.json()["created_at"])
    expires = dt.datetime.fromisoformat(response.json()["expires_at"])
    assert expires - made == dt.timedelta(days=30)
    refused = api_as(caseworker).post(API, {"name": "long", "days": 91}, format="json")
    assert refused.status_code == 400
    assert "days" in refused.json()["errors"]
    page = _page_client(caseworker).post(PAGE, {"name": "long", "days": "91"})
    assert page.status_code == 400
    assert "less than or equal to 90" in page.text


def test_an_expired_token_answers_401(caseworker, kingsway):
    key = api_token(caseworker, kingsway, days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        response = _with_key(key).get("/api/v1/kingsway/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired."


def test_a_revoked_token_answers_401_at_once(caseworker, kingsway):
    key = api_token(caseworker, kingsway)
    token = ApiToken.objects.for_institution(kingsway).get()
    assert _with_key(key).get("/api/v1/kingsway/me/").status_code == 200
    response = _page_client(caseworker).post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 302
    answer = _with_key(key).get("/api/v1/kingsway/me/")
    assert answer.status_code == 401
    assert answer.json()["detail"] == "This token has been revoked."


def test_the_day_a_token_was_last_used_is_kept_not_the_time(caseworker, kingsway):
    key = api_token(caseworker, kingsway)
    _with_key(key).get("/api/v1/kingsway/me/")
    token = ApiToken.objects.for_institution(kingsway).get()
    assert token.last_used_on == timezone.localdate()


def test_a_token_works_only_in_its_own_institution(kingsway, midshire):
    both = staff(kingsway, Role.CLERK, email="both@example.org")
    Membership.objects.create(institution=midshire, user=both)
    key = api_token(both, midshire)
    assert _with_key(key).get("/api/v1/midshire/me/").status_code == 200
    assert _with_key(key).get("/api/v1/kingsway/me/").status_code == 404


def test_the_api_lists_the_callers_own_tokens_and_revokes_them(caseworker, kingsway):
    api_token(caseworker, kingsway, name="mine")
    api_token(staff(kingsway, Role.CLERK), kingsway, name="a colleague's")
    listed = api_as(caseworker).get(API).json()
    assert [t["name"] for t in listed] == ["mine"]
    assert "key" not in listed[0]
    assert listed[0]["state"] == "active"
    revoked = api_as(caseworker).post(f"{API}{listed[0]['id']}/revoke/")
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"


def test_a_member_cannot_revoke_a_colleagues_token(caseworker, kingsway):
    api_token(staff(kingsway, Role.CLERK), kingsway, name="a colleague's")
    theirs = ApiToken.objects.for_institution(kingsway).get()
    assert api_as(caseworker).post(f"{API}{theirs.pk}/revoke/").status_code == 404
    assert _page_client(caseworker).post(f"{PAGE}{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_institution_admin_lists_and_revokes_everyones_tokens(caseworker, kingsway):
    admin_user = staff(kingsway, Role.INSTITUTION_ADMIN)
    api_token(caseworker, kingsway, name="caseworker's")
    token = ApiToken.objects.for_institution(kingsway).get()
    listed = api_as(admin_user).get(API + "?everyone=1").json()
    assert [(t["name"], t["user"]) for t in listed] == [
        ("caseworker's", "caseworker@kingsway.test")]
    page = _page_client(admin_user).get(PAGE + "institution/")
    assert page.status_code == 200
    assert "caseworker&#x27;s" in page.text
    response = _page_client(admin_user).post(f"{PAGE}{token.pk}/revoke/",
                                             {"back": "institution"})
    assert response["Location"] == PAGE + "institution/"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == admin_user


def test_a_member_without_the_admin_role_sees_only_their_own(caseworker, kingsway):
    assert api_as(caseworker).get(API + "?everyone=1").status_code == 403
    assert _page_client(caseworker).get(PAGE + "institution/").status_code == 403


def test_another_institutions_member_gets_404(outsider, caseworker, kingsway):
    api_token(caseworker, kingsway)
    token = ApiToken.objects.for_institution(kingsway).get()
    assert api_as(outsider).get(API).status_code == 404
    assert api_as(outsider).post(f"{API}{token.pk}/revoke/").status_code == 404
    assert _page_client(outsider).get(PAGE).status_code == 404
    assert _page_client(outsider).post(f"{PAGE}{token.pk}/revoke/").status_code == 404


def test_making_and_revoking_are_audited_without_personal_data(caseworker, kingsway):
    api_as(caseworker).post(API, {"name": "Jane's laptop"}, format="json")
    token = ApiToken.objects.for_institution(kingsway).get()
    api_as(caseworker).post(f"{API}{token.pk}/revoke/")
    events = {e.action: e.changes for e in AuditEvent.objects.for_institution(kingsway)
              .filter(action__startswith="accounts.api_token")}
    assert events == {
        "accounts.api_token_created": {"user": caseworker.pk, "days": 30},
        "accounts.api_token_revoked": {"user": caseworker.pk, "by_owner": True}}


def test_the_page_lists_a_page_of_tokens_in_constant_queries(caseworker, kingsway,
                                                             django_assert_max_num_queries):
    for n in range(3):
        api_token(caseworker, kingsway, name=f"token {n}")
    client = _page_client(caseworker)
    client.get(PAGE)
    for n in range(3, 12):
        api_token(caseworker, kingsway, name=f"token {n}")
    with django_assert_max_num_queries(12):
        assert client.get(PAGE).status_code == 200
