"""The public directory (001): only active Safe Contacts, their kind from the training records
(Sexual Violence), their specialist trainings, the EDI office's route; filter by specialism,
hide one's own department (a conflict of interest); the same through the public API, with a
fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from safecontacts.directory import directory
from safecontacts.services.pipeline import safe_contact_pause
from safecontacts.services.settings import safe_contact_settings_set

from .conftest import active, apply, at, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(kingsway, kp):
    """Three active Safe Contacts (one Sexual Violence, in Law), one paused, one applicant."""
    sv = active(kingsway, kp, staff(kingsway, email="sv@kingsway.test"), department="Law",
                specialisms=["sc-sexual-violence", "sc-lgbtqia"])
    lgbt = active(kingsway, kp, staff(kingsway, email="lgbt@kingsway.test"),
                  department="Economics", specialisms=["sc-lgbtqia"])
    plain = active(kingsway, kp, staff(kingsway, email="plain@kingsway.test"),
                   department="Economics")
    paused = active(kingsway, kp, staff(kingsway, email="paused@kingsway.test"))
    with at("2026-11-03"):
        safe_contact_pause(record=paused, actor=kp.edi, reason="Leave")
        apply(kingsway, kp.applicant)
    return {"sv": sv, "lgbt": lgbt, "plain": plain}


def test_directory_shows_only_active_safe_contacts_with_their_kind(kingsway, roster):
    with at("2026-11-10"):
        entries = {e.id: e for e in directory(institution=kingsway)}
    assert set(entries) == {r.pk for r in roster.values()}
    assert entries[roster["sv"].pk].kind == "Safe Contact (Sexual Violence)"
    assert entries[roster["lgbt"].pk].kind == "Safe Contact"
    assert [t for _k, t in entries[roster["sv"].pk].specialisms] == [
        "LGBTQIA+", "Sexual violence"]


def test_directory_filters_by_specialism_and_hides_my_department(kingsway, roster, client):
    with at("2026-11-10"):
        lgbt = {e.id for e in directory(institution=kingsway, specialism="sc-lgbtqia")}
        assert lgbt == {roster["sv"].pk, roster["lgbt"].pk}
        not_economics = {e.id for e in directory(institution=kingsway,
                                                 hide_department="economics")}
        assert not_economics == {roster["sv"].pk}
        page = client.get("/kingsway/safe-contacts/?specialism=sc-sexual-violence")
    body = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert "sv@kingsway.test" in body
    assert "plain@kingsway.test" not in body
    assert "paused@kingsway.test" not in body
    with at("2026-11-10"):
        bad = client.get("/kingsway/safe-contacts/?hide_department=Nowhere")
    assert bad.status_code == 200
    assert "showing everyone" in bad.content.decode()


def test_directory_sexual_violence_follows_current_training(kingsway, roster):
    # The specialist module lasts three years: after that, a plain Safe Contact.
    with at("2029-12-01"):
        entries = {e.id: e for e in directory(institution=kingsway)}
    assert entries[roster["sv"].pk].kind == "Safe Contact"


def test_public_api_directory_needs_no_account_and_shows_the_edi_office(kingsway, kp, roster):
    admin = staff(kingsway, "institution_admin", email="admin@kingsway.test")
    safe_contact_settings_set(institution=kingsway, actor=admin,
                              edi_office_email="edi@kingsway.example",
                              edi_office_text="Room 3.02, weekdays")
    with at("2026-11-10"):
        body = APIClient().get("/api/v1/kingsway/public/safe-contacts/",
                               {"hide_department": "Law"}).json()
    assert body["edi_office"] == {"email": "edi@kingsway.example", "text": "Room 3.02, weekdays"}
    assert {e["contact_email"] for e in body["safe_contacts"]} == {
        "lgbt@kingsway.test", "plain@kingsway.test"}
    assert "motivation" not in body["safe_contacts"][0]
    with at("2026-11-10"):
        assert APIClient().get("/api/v1/midshire/public/safe-contacts/").status_code == 404


def test_directory_queries_do_not_grow_with_the_safe_contacts(kingsway, kp, client,
                                                              django_assert_max_num_queries):
    active(kingsway, kp, staff(kingsway, email="one@kingsway.test"),
           specialisms=["sc-sexual-violence"])
    with at("2026-11-10"):
        client.get("/kingsway/safe-contacts/")
        with CaptureQueriesContext(connection) as one:
            client.get("/kingsway/safe-contacts/")
    for n in range(4):
        active(kingsway, kp, staff(kingsway, email=f"sc{n}@kingsway.test"),
               department=f"Dept {n}", specialisms=["sc-lgbtqia"])
    with at("2026-11-10"), django_assert_max_num_queries(len(one)):
        assert client.get("/kingsway/safe-contacts/").content.decode().count("<h3>") == 5
