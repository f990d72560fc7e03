"""The admin shows each institution's access log (reads) and its checkpoints to the people who
see its audit trail, and changes nothing."""

import datetime as dt

import pytest

from audit.access import access_seal, access_verify
from audit.models import AccessEvent
from audit.services import audit_read
from tests.factories import ClosureDayFactory, UserFactory

pytestmark = pytest.mark.django_db

EVENTS = "/admin/audit/accessevent/"
CHECKPOINTS = "/admin/audit/accesscheckpoint/"


@pytest.fixture
def reads(kingsway, midshire, decision_maker, outsider):
    ks_day = ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24))
    ms_day = ClosureDayFactory(institution=midshire, date=dt.date(2026, 12, 25))
    return (audit_read(institution=kingsway, actor=decision_maker, obj=ks_day,
                       what="kingsway secret file"),
            audit_read(institution=midshire, actor=outsider, obj=ms_day,
                       what="midshire secret file"))


@pytest.fixture(params=["institution admin", "superuser"])
def admin_client(request, client, kingsway_admin):
    if request.param == "superuser":
        client.force_login(UserFactory(email="root@example.org", is_staff=True,
                                       is_superuser=True))
    else:
        client.force_login(kingsway_admin)
    return client


def test_institution_admin_sees_only_their_institutions_reads(client, kingsway_admin, reads):
    client.force_login(kingsway_admin)
    page = client.get(EVENTS)
    assert page.status_code == 200
    assert "kingsway secret file" in page.text
    assert "midshire secret file" not in page.text
    other = client.get(f"{EVENTS}{reads[1].pk}/change/", follow=True)
    assert "midshire secret file" not in other.text


def test_checkpoints_are_listed_per_institution(client, kingsway, midshire, kingsway_admin,
                                               reads):
    access_seal(institution=kingsway)
    theirs = access_seal(institution=midshire)
    client.force_login(kingsway_admin)
    page = client.get(CHECKPOINTS)
    assert page.status_code == 200
    assert "Kingsway" in page.text
    assert client.get(f"{CHECKPOINTS}{theirs.pk}/change/", follow=True).redirect_chain


def test_access_admin_cannot_add_change_or_delete(admin_client, kingsway, reads):
    url = f"{EVENTS}{reads[0].pk}/"
    page = admin_client.get(url + "change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert admin_client.post(url + "change/", {"what": "nothing"}).status_code == 403
    assert admin_client.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get(f"{EVENTS}add/").status_code == 403
    assert "delete_selected" not in admin_client.get(EVENTS).text
    event = AccessEvent.objects.for_institution(kingsway).get()
    assert event.what == "kingsway secret file"
    assert access_verify(kingsway) is None
