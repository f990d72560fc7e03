"""The scheme's settings of an institution (the EDI office's route on the public directory),
on the institution's admin page through the audited service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from safecontacts.models import SafeContactSettings
from safecontacts.services.settings import safe_contact_settings_set
from tests.core.test_admin import INSTITUTIONS, errors_of, institution_form, management

from .conftest import staff

pytestmark = pytest.mark.django_db


def test_institution_admin_sets_the_edi_office_route_on_the_admin_page(client, kingsway):
    admin = staff(kingsway, "institution_admin", email="admin@kingsway.test")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    data = {**institution_form(kingsway, **management("closureday")),
            **management("safecontactsettings", total=1),
            "safecontactsettings-0-institution": str(kingsway.pk),
            "safecontactsettings-0-edi_office_email": "edi@kingsway.example",
            "safecontactsettings-0-edi_office_text": "Room 3.02"}
    response = client.post(f"{INSTITUTIONS}{kingsway.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)
    SafeContactSettings.forget(kingsway)
    assert SafeContactSettings.of(kingsway).edi_office_email == "edi@kingsway.example"
    event = AuditEvent.objects.for_institution(kingsway).get(
        action="safecontacts.settings_changed")
    assert event.actor == admin
    assert "Room 3.02" in client.get("/kingsway/safe-contacts/").content.decode()


def test_only_the_institution_admin_changes_the_scheme_settings(kingsway, kp):
    with pytest.raises(PermissionDenied):
        safe_contact_settings_set(institution=kingsway, actor=kp.edi, edi_office_text="x")
