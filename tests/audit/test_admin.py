"""The audit admin shows an institution's events to its admins and changes nothing."""

import pytest

from audit.models import AuditEvent
from audit.services import audit_record, audit_verify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/audit/auditevent/"


@pytest.fixture
def events(kingsway, midshire):
    return (audit_record(institution=kingsway, action="kingsway.secret.action"),
            audit_record(institution=midshire, action="midshire.secret.action"))


@pytest.fixture(params=["institution admin", "superuser"])
def admin_client(request, client, kingsway_admin):
    if request.param == "superuser":
        client.force_login(UserFactory(email="root@example.org", is_staff=True,
                                       is_superuser=True))
    else:
        client.force_login(kingsway_admin)
    return client


def test_institution_admin_sees_only_their_institutions_audit_events(client, kingsway_admin,
                                                                     events):
    client.force_login(kingsway_admin)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "kingsway.secret.action" in response.text
    assert "midshire.secret.action" not in response.text


def test_audit_event_of_another_institution_is_not_shown(client, kingsway_admin, events):
    client.force_login(kingsway_admin)
    response = client.get(f"{CHANGELIST}{events[1].pk}/change/", follow=True)
    assert "midshire.secret.action" not in response.text
    assert response.redirect_chain[-1][0] == "/admin/"


def test_audit_admin_cannot_change_an_event(admin_client, kingsway, events):
    url = f"{CHANGELIST}{events[0].pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200  # read-only view
    assert 'name="_save"' not in page.text
    assert 'name="action"' not in page.text  # no editable input for any field

    response = admin_client.post(url, {"action": "rewritten", "actor_label": "someone"})
    assert response.status_code == 403
    assert AuditEvent.objects.for_institution(kingsway).get().action == "kingsway.secret.action"
    assert audit_verify(kingsway) is None


def test_audit_admin_cannot_delete_an_event(admin_client, kingsway, events):
    url = f"{CHANGELIST}{events[0].pk}/delete/"
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    response = admin_client.post(CHANGELIST, {"action": "delete_selected",
                                              "_selected_action": [events[0].pk],
                                              "post": "yes"})
    assert AuditEvent.objects.for_institution(kingsway).count() == 1
    assert "delete_selected" not in admin_client.get(CHANGELIST).text
    assert response.status_code in (200, 302)


def test_audit_admin_cannot_add_an_event(admin_client, kingsway):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_client.post(f"{CHANGELIST}add/", {"action": "forged"}).status_code == 403
    assert not AuditEvent.objects.for_institution(kingsway).exists()
