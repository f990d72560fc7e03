"""The second step, enrolment, recovery codes, the account page and an admin's reset (issue 14
item 2): codes verified through the pages, wrong ones throttled, every change audited without
a secret in the payload."""

import datetime as dt
import json

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import staff
from tests.second_factor import authenticator_of, current_code

from .conftest import unverified

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/two-factor/verify/"
SETUP = "/accounts/two-factor/setup/"
DEVICES = "/accounts/two-factor/"
CASES = "/kingsway/staff/cases/"


def _events(action):
    return list(AuditEvent.objects.across_institutions(reason="test").filter(action=action))


def test_a_correct_code_verifies_the_session_and_returns_to_the_page(client, caseworker):
    device = authenticator_of(caseworker)
    unverified(client, caseworker)
    response = client.post(VERIFY, {"code": current_code(device), "next": CASES})
    assert response["Location"] == CASES
    assert client.get(CASES).status_code == 200


def test_a_wrong_code_is_refused_recorded_and_throttled(client, caseworker):
    device = authenticator_of(caseworker)
    unverified(client, caseworker)
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
        response = client.post(VERIFY, {"code": wrong, "next": CASES})
        assert response.status_code == 200
        assert "That code is not right" in response.text
        assert client.get(CASES).status_code == 302
        # Straight after a wrong code even the right one is refused (django-otp throttling).
        response = client.post(VERIFY, {"code": current_code(device), "next": CASES})
        assert response.status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a throttled try is refused unread
    failed = _events("twofactor.verification_failed")
    assert len(failed) == 2
    assert wrong not in json.dumps([event.changes for event in failed])
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, 5, tzinfo=dt.UTC), tick=False):
        response = client.post(VERIFY, {"code": current_code(device), "next": CASES})
        assert response["Location"] == CASES


def test_enrolment_shows_a_qr_code_and_the_secret_then_ten_recovery_codes_once(client,
                                                                            caseworker):
    unverified(client, caseworker)
    page = client.get(f"{SETUP}?next={CASES}")
    assert page.status_code == 200
    assert 'src="/accounts/two-factor/setup/qr.svg"' in page.text
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    qr = client.get("/accounts/two-factor/setup/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    assert client.get(CASES).status_code == 302  # not yet confirmed

    response = client.post(SETUP, {"code": current_code(device), "next": CASES})
    assert response.status_code == 200
    codes = StaticDevice.objects.get(user=caseworker).token_set.values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in response.text for code in codes)
    assert client.get(CASES).status_code == 200
    enrolled = _events("twofactor.device_enrolled")
    assert len(enrolled) == 1
    assert device.key not in json.dumps(enrolled[0].changes)


def test_enrolment_refuses_a_wrong_code_and_reshows_the_form(client, caseworker):
    unverified(client, caseworker)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "12345x"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()


def test_a_recovery_code_works_once(client, fresh_client, caseworker):
    authenticator_of(caseworker)
    client.force_login(caseworker)  # verified
    codes_page = client.post(DEVICES, {"regenerate": "1"})
    code = StaticDevice.objects.get(user=caseworker).token_set.first().token
    assert code in codes_page.text

    unverified(fresh_client, caseworker)
    assert fresh_client.post(VERIFY, {"code": code, "next": CASES})["Location"] == CASES
    assert fresh_client.get(CASES).status_code == 200

    again = type(fresh_client)()
    unverified(again, caseworker)
    with time_machine.travel(dt.timedelta(minutes=5)):
        response = again.post(VERIFY, {"code": code, "next": CASES})
    assert response.status_code == 200
    assert StaticDevice.objects.get(user=caseworker).token_set.count() == 9
    assert len(_events("twofactor.recovery_codes_regenerated")) == 1


def test_a_user_lists_and_removes_their_devices_and_the_session_is_no_longer_verified(
        client, caseworker):
    device = authenticator_of(caseworker)
    client.force_login(caseworker)
    page = client.get(DEVICES)
    assert "Test authenticator" in page.text
    client.post(DEVICES, {"remove": device.persistent_id})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert len(_events("twofactor.device_removed")) == 1
    assert client.get(CASES)["Location"].startswith(SETUP)


def test_a_user_cannot_remove_someone_elses_device(client, caseworker, decision_maker):
    other = authenticator_of(decision_maker)
    client.force_login(caseworker)
    assert client.post(DEVICES, {"remove": other.persistent_id}).status_code == 404
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_an_institution_admin_resets_a_members_second_factor(client, kingsway_admin,
                                                             caseworker):
    authenticator_of(caseworker)
    client.force_login(kingsway_admin)
    page = client.get("/kingsway/staff/two-factor/")
    assert page.status_code == 200
    assert str(caseworker) in page.text
    response = client.post(f"/kingsway/staff/two-factor/{caseworker.pk}/reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    (event,) = _events("twofactor.reset")
    assert event.changes == {"devices_removed": 1}


def test_another_institutions_admin_cannot_reset_a_user(client, outsider, caseworker):
    authenticator_of(caseworker)
    client.force_login(outsider)
    assert client.post(f"/kingsway/staff/two-factor/{caseworker.pk}/reset/").status_code == 404
    assert client.post(f"/midshire/staff/two-factor/{caseworker.pk}/reset/").status_code == 404
    assert client.get("/kingsway/staff/two-factor/").status_code == 404
    assert TOTPDevice.objects.filter(user=caseworker).exists()


def test_a_member_without_the_admin_role_cannot_reset_and_learns_nothing_of_the_person(
        client, kingsway, caseworker):
    """403 on the list; 404 on one person's reset, as for a person who does not exist."""
    clerk = staff(kingsway, Role.CLERK)
    authenticator_of(caseworker)
    client.force_login(clerk)
    assert client.post(f"/kingsway/staff/two-factor/{caseworker.pk}/reset/").status_code == 404
    assert client.get("/kingsway/staff/two-factor/").status_code == 403
    assert TOTPDevice.objects.filter(user=caseworker).exists()


def test_the_demo_code_is_shown_only_where_the_setting_allows(client, caseworker, settings):
    device = authenticator_of(caseworker)
    device.key = settings.DEMO_TOTP_KEY
    device.save()
    unverified(client, caseworker)
    assert "data-demo-code" not in client.get(VERIFY).text
    settings.DEMO_SHOW_TOTP_CODE = True
    assert current_code(device) in client.get(VERIFY).text


def test_demo_staff_get_the_published_demo_authenticator(client, kingsway, settings):
    from twofactor.demo import seed_demo_second_factors

    demo_user = staff(kingsway, Role.DECISION_MAKER, email="decision-maker@kingsway.example")
    seed_demo_second_factors()
    seed_demo_second_factors()  # idempotent
    (device,) = TOTPDevice.objects.filter(user=demo_user)
    assert device.key == settings.DEMO_TOTP_KEY
    settings.DEMO_SHOW_TOTP_CODE = True
    unverified(client, demo_user)
    page = client.get(VERIFY)
    code = current_code(device)
    assert code in page.text
    assert client.post(VERIFY, {"code": code, "next": CASES})["Location"] == CASES
