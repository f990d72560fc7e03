"""Sign-in lockout by account (issue 14 §3, accounts/lockout.py): five wrong passwords lock
the address typed for 30 minutes, whatever the network address; nothing about the client is
kept; the lock is audited with the user's id only and an institution admin can lift it."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.lockout import account_unlock
from accounts.models import Membership
from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import staff

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory
LOGIN = "/accounts/login/"
LOCKED = "signing in to it is paused for 30 minutes"


def _wrong(client, email, times, path=LOGIN, **extra):
    return [client.post(path, {"username": email, "password": "wrong-password"}, **extra)
            for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_and_refuse_the_right_one(client, caseworker):
    answers = _wrong(client, "caseworker@kingsway.test", 5)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert "do not match an account" in answers[3].text
    assert LOCKED in answers[4].text
    right = client.post(LOGIN, {"username": "caseworker@kingsway.test", "password": PASSWORD})
    assert right.status_code == 429
    assert LOCKED in right.text
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off_of_30_minutes(client, caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _wrong(client, "caseworker@kingsway.test", 5)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        still = client.post(LOGIN, {"username": "caseworker@kingsway.test",
                                    "password": PASSWORD})
        assert still.status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        after = client.post(LOGIN, {"username": "caseworker@kingsway.test",
                                    "password": PASSWORD})
    assert after.status_code == 302


def test_wrong_passwords_during_the_lock_do_not_extend_it(client, caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _wrong(client, "caseworker@kingsway.test", 5)
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        _wrong(client, "caseworker@kingsway.test", 3)
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        after = client.post(LOGIN, {"username": "caseworker@kingsway.test",
                                    "password": PASSWORD})
    assert after.status_code == 302


def test_an_address_without_an_account_locks_the_same_way(client, kingsway):
    answers = _wrong(client, "nobody@kingsway.test", 5)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert LOCKED in answers[4].text  # the same words: no hint whether the account exists


def test_capitals_in_the_address_count_against_the_same_lock(client, caseworker):
    _wrong(client, "caseworker@kingsway.test", 3)
    _wrong(client, "CaseWorker@Kingsway.TEST", 2)
    right = client.post(LOGIN, {"username": "caseworker@kingsway.test", "password": PASSWORD})
    assert right.status_code == 429


def test_the_lock_is_by_account_not_by_network_address(client, caseworker):
    for n in range(5):  # a different address and browser every time
        _wrong(client, "caseworker@kingsway.test", 1, REMOTE_ADDR=f"10.0.0.{n}",
               HTTP_USER_AGENT=f"agent {n}")
    right = client.post(LOGIN, {"username": "caseworker@kingsway.test", "password": PASSWORD},
                        REMOTE_ADDR="10.9.9.9")
    assert right.status_code == 429


def test_a_right_password_before_the_limit_starts_the_count_again(client, caseworker):
    _wrong(client, "caseworker@kingsway.test", 4)
    assert client.post(LOGIN, {"username": "caseworker@kingsway.test",
                               "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    answers = _wrong(client, "caseworker@kingsway.test", 4)
    assert all(a.status_code == 200 for a in answers)


def test_nothing_about_the_client_is_kept(client, caseworker):
    _wrong(client, "caseworker@kingsway.test", 2, REMOTE_ADDR="192.0.2.7",
           HTTP_USER_AGENT="Firefox on someone's laptop", HTTP_ACCEPT="text/html")
    attempt = AccessAttempt.objects.get()
    assert (attempt.ip_address, attempt.user_agent, attempt.http_accept) == (None, "", "")
    assert attempt.username == "caseworker@kingsway.test"
    assert "wrong-password" not in attempt.post_data
    client.post(LOGIN, {"username": "caseworker@kingsway.test", "password": PASSWORD},
                REMOTE_ADDR="192.0.2.7")
    assert not AccessLog.objects.exists()  # no log of successful sign-ins


def test_the_lock_is_audited_once_with_the_user_id_only(client, caseworker, kingsway):
    _wrong(client, "caseworker@kingsway.test", 7)
    events = list(AuditEvent.objects.for_institution(kingsway).filter(
        action="accounts.sign_in_locked"))
    assert len(events) == 1
    event = events[0]
    assert event.institution_id == kingsway.pk
    assert event.changes == {"user": caseworker.pk, "failures": 5, "locked_minutes": 30}
    assert "caseworker@" not in str(event.changes)


def test_the_admin_site_login_is_locked_too(client, kingsway):
    admin_user = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    admin_user.is_staff = True
    admin_user.save()
    answers = _wrong(client, "admin@kingsway.test", 5, path="/admin/login/")
    assert answers[4].status_code == 429
    assert LOCKED in answers[4].text
    right = client.post("/admin/login/", {"username": "admin@kingsway.test",
                                          "password": PASSWORD})
    assert right.status_code == 429


def test_the_institution_admin_unlocks_a_member_and_it_is_audited(client, caseworker,
                                                                  kingsway):
    admin_user = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    _wrong(client, "caseworker@kingsway.test", 5)
    membership = Membership.objects.for_institution(kingsway).get(user=caseworker)
    assert account_unlock(membership=membership, actor=admin_user) == 1
    event = AuditEvent.objects.for_institution(kingsway).get(
        action="accounts.sign_in_unlocked")
    assert event.changes == {"user": caseworker.pk, "was_locked": True}
    assert client.post(LOGIN, {"username": "caseworker@kingsway.test",
                               "password": PASSWORD}).status_code == 302


def test_another_institutions_admin_cannot_unlock(caseworker, kingsway, outsider):
    membership = Membership.objects.for_institution(kingsway).get(user=caseworker)
    with pytest.raises(PermissionDenied):
        account_unlock(membership=membership, actor=outsider)


def test_a_member_without_the_admin_role_cannot_unlock(caseworker, kingsway):
    clerk = staff(kingsway, Role.CLERK)
    membership = Membership.objects.for_institution(kingsway).get(user=caseworker)
    with pytest.raises(PermissionDenied):
        account_unlock(membership=membership, actor=clerk)


def test_the_admins_unlock_action_on_memberships(client, caseworker, kingsway):
    admin_user = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    admin_user.is_staff = True
    admin_user.save()
    _wrong(client, "caseworker@kingsway.test", 5)
    membership = Membership.objects.for_institution(kingsway).get(user=caseworker)
    client.force_login(admin_user)
    response = client.post("/admin/accounts/membership/", {
        "action": "unlock_sign_in", "_selected_action": [membership.pk]}, follow=True)
    assert "1 of 1 accounts were locked and are now unlocked" in response.text
    assert not AccessAttempt.objects.exists()
