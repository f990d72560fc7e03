"""Passkeys (WebAuthn) as a second factor (issue 14 item 2): registered and named on the
account's two-factor page, used on the verify page instead of a code, refused when the
challenge, the origin or the counter is wrong or the passkey is someone else's, removed and
reset like any device; every change audited without a name, key or credential id."""

import json
import re

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import staff
from tests.second_factor import authenticator_of

from .conftest import unverified
from .soft_authenticator import BASE, SoftPasskey, authenticate, b64url, post_json, register

pytestmark = pytest.mark.django_db

DEVICES = "/accounts/two-factor/"
VERIFY = "/accounts/two-factor/verify/"
CASES = "/kingsway/staff/cases/"


def _events(action):
    return list(AuditEvent.objects.across_institutions(reason="test").filter(action=action))


def _assert_refused(response):
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_authentication_response"


def _registered(client, user, passkey=None):
    """``user`` with a registered passkey (their verified session registers it)."""
    passkey = passkey or SoftPasskey()
    client.force_login(user)
    response = register(client, passkey)
    assert response.status_code == 200, response.content
    client.logout()
    return passkey, WebAuthnCredential.objects.get(pk=response.json()["id"])


def test_registration_stores_a_named_passkey_and_is_audited_without_secrets(client,
                                                                            caseworker):
    client.force_login(caseworker)
    page = client.get(DEVICES)
    assert 'id="passkey-registration-placeholder"' in page.text
    assert "django_otp_webauthn/otp_webauthn_register.js" in page.text
    passkey = SoftPasskey()
    response = register(client, passkey)
    assert response.status_code == 200
    device = WebAuthnCredential.objects.get(user=caseworker)
    assert response.json() == {"id": device.pk}
    assert bytes(device.credential_id) == passkey.credential_id  # memoryview on PostgreSQL
    assert device.name == "Passkey"

    # The page's script then posts the name the user typed.
    response = client.post(DEVICES, {"passkey_id": device.pk, "passkey_name": "Work laptop"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.name == "Work laptop"
    assert "Work laptop" in client.get(DEVICES).text

    (enrolled,) = _events("twofactor.device_enrolled")
    assert enrolled.changes == {"device": "passkey", "device_id": device.pk}
    (renamed,) = _events("twofactor.device_renamed")
    payloads = json.dumps([enrolled.changes, renamed.changes])
    assert "Work laptop" not in payloads
    assert b64url(passkey.credential_id) not in payloads


def test_a_session_that_has_not_verified_cannot_register_a_passkey(client, caseworker):
    _registered(client, caseworker)
    unverified(client, caseworker)
    response = post_json(client, f"{BASE}registration/begin/")
    assert response.status_code == 403
    assert response.json()["code"] == "user_not_verified"
    assert WebAuthnCredential.objects.filter(user=caseworker).count() == 1


def test_a_users_first_passkey_verifies_their_session(client, kingsway):
    clerk = staff(kingsway, Role.SUPPORT_CASEWORKER)
    unverified(client, clerk)
    assert client.get(CASES)["Location"].startswith("/accounts/two-factor/setup/")
    setup = client.get("/accounts/two-factor/setup/")
    assert 'id="passkey-registration-placeholder"' in setup.text  # instead of an app
    assert register(client, SoftPasskey()).status_code == 200
    assert client.get(CASES).status_code == 200


def test_a_valid_assertion_verifies_the_session_and_returns_to_the_page(client, caseworker):
    passkey, device = _registered(client, caseworker)
    unverified(client, caseworker)
    page = client.get(f"{VERIFY}?next={CASES}")
    assert 'id="passkey-verification-placeholder"' in page.text
    assert "django_otp_webauthn/otp_webauthn_auth.js" in page.text
    assert client.get(CASES).status_code == 302

    response = authenticate(client, passkey, next_url=CASES)
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == CASES
    assert client.get(CASES).status_code == 200
    device.refresh_from_db()
    assert device.sign_count == 1
    assert "(verified this session)" in client.get(DEVICES).text


def test_the_verify_page_offers_no_passkey_to_a_user_without_one(client, caseworker):
    authenticator_of(caseworker)
    unverified(client, caseworker)
    assert "passkey-verification-placeholder" not in client.get(VERIFY).text


def test_a_wrong_challenge_is_refused_and_recorded(client, caseworker):
    passkey, _ = _registered(client, caseworker)
    unverified(client, caseworker)

    def other_challenge(options):
        return {**options, "challenge": b64url(b"not the challenge that was given")}

    response = authenticate(client, passkey, tamper=other_challenge)
    _assert_refused(response)
    assert client.get(CASES).status_code == 302
    (failed,) = _events("twofactor.verification_failed")
    assert failed.changes == {"device": "passkey"}
    assert authenticate(client, passkey).status_code == 200  # the same passkey, right challenge


def test_a_wrong_origin_is_refused(client, caseworker):
    passkey, _ = _registered(client, caseworker)
    unverified(client, caseworker)
    response = authenticate(client, passkey, origin="https://phishing.example")
    _assert_refused(response)
    assert client.get(CASES).status_code == 302
    assert authenticate(client, passkey).status_code == 200  # the same passkey, our origin


def test_a_registration_from_a_wrong_origin_stores_nothing(client, caseworker):
    client.force_login(caseworker)
    response = register(client, SoftPasskey(), origin="https://phishing.example")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_registration_response"
    assert not WebAuthnCredential.objects.filter(user=caseworker).exists()
    assert not _events("twofactor.device_enrolled")


def test_a_replayed_counter_is_refused(client, caseworker):
    passkey, device = _registered(client, caseworker)
    unverified(client, caseworker)
    assert authenticate(client, passkey, counter=5).status_code == 200
    other = type(client)()
    unverified(other, caseworker)
    response = authenticate(other, passkey, counter=5)
    _assert_refused(response)
    assert other.get(CASES).status_code == 302
    device.refresh_from_db()
    assert device.sign_count == 5


def test_a_challenge_is_used_once(client, caseworker):
    passkey, _ = _registered(client, caseworker)
    unverified(client, caseworker)
    options = post_json(client, f"{BASE}authentication/begin/").json()
    first = passkey.assertion(options)
    assert post_json(client, f"{BASE}authentication/complete/", first).status_code == 200
    again = post_json(client, f"{BASE}authentication/complete/", passkey.assertion(options))
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_state"


def test_another_users_passkey_cannot_verify(client, caseworker, decision_maker):
    theirs, _ = _registered(client, decision_maker)
    _registered(client, caseworker)
    unverified(client, caseworker)
    response = authenticate(client, theirs)
    assert response.status_code == 403
    assert response.json()["code"] == "credential_user_mismatch"
    assert client.get(CASES).status_code == 302


def test_there_is_no_passwordless_login(client, caseworker):
    passkey, _ = _registered(client, caseworker)
    response = post_json(client, f"{BASE}authentication/begin/")
    assert response.status_code == 403
    assert response.json()["code"] == "passwordless_login_disabled"
    assert client.get(CASES).status_code == 302
    assert passkey.counter == 0


def test_removing_a_passkey_ends_it_and_is_audited(client, caseworker):
    passkey, device = _registered(client, caseworker)
    client.force_login(caseworker)
    response = client.post(DEVICES, {"remove": device.persistent_id})
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=device.pk).exists()
    (removed,) = _events("twofactor.device_removed")
    assert removed.changes == {"device": "passkey", "device_id": device.pk}
    unverified(client, caseworker)
    assert authenticate(client, passkey).status_code == 404


def test_removing_the_passkey_that_verified_the_session_ends_the_verification(client,
                                                                              kingsway):
    clerk = staff(kingsway, Role.SUPPORT_CASEWORKER)
    unverified(client, clerk)
    device_id = register(client, SoftPasskey()).json()["id"]
    assert client.get(CASES).status_code == 200
    device = WebAuthnCredential.objects.get(pk=device_id)
    client.post(DEVICES, {"remove": device.persistent_id})
    assert client.get(CASES).status_code == 302


def test_nobody_renames_or_removes_another_users_passkey(client, caseworker, outsider):
    _, device = _registered(client, caseworker)
    client.force_login(outsider)
    assert client.post(DEVICES, {"passkey_id": device.pk,
                                 "passkey_name": "Mine"}).status_code == 404
    assert client.post(DEVICES, {"remove": device.persistent_id}).status_code == 404
    device.refresh_from_db()
    assert device.name == "Passkey"


def test_naming_without_a_registered_passkey_reshows_the_page(client, caseworker):
    client.force_login(caseworker)
    response = client.post(DEVICES, {"passkey_id": "", "passkey_name": "Laptop"}, follow=True)
    assert response.status_code == 200
    assert "Register the passkey with the button first" in response.text


def test_an_admins_reset_removes_passkeys_too(client, kingsway_admin, caseworker):
    _registered(client, caseworker)
    client.force_login(kingsway_admin)
    members = client.get("/kingsway/staff/two-factor/")
    assert members.status_code == 200
    response = client.post(f"/kingsway/staff/two-factor/{caseworker.pk}/reset/")
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=caseworker).exists()


def test_the_members_list_counts_a_passkey_as_a_second_factor(client, kingsway_admin,
                                                             kingsway):
    member = staff(kingsway, Role.CLERK)
    _registered(client, member)
    client.force_login(kingsway_admin)
    page = client.get("/kingsway/staff/two-factor/")
    row = page.text.split(str(member))[1].split("</tr>")[0]
    assert "Set up" in row
    assert "Not set up" not in row


def test_the_passkey_pages_run_no_inline_script(client, caseworker):
    """Under script-src 'self' the package's configuration is a JSON data block (never run)
    and every script is a file of our own origin."""
    passkey, _ = _registered(client, caseworker)
    client.force_login(caseworker)
    devices = client.get(DEVICES)
    unverified(client, caseworker)
    verify = client.get(VERIFY)
    for page in (devices, verify):
        assert page["Content-Security-Policy"].count("script-src 'self'") == 1
        inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", page.text)
        assert inline == ['<script id="otp_webauthn_config" type="application/json">']
    assert client.get(f"{BASE}jsi18n/").status_code == 200
