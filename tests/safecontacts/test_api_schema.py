"""The Safe Contact API's answers validate against the OpenAPI schema it publishes."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from safecontacts.services.contactlog import contact_log_record

from .conftest import active, apply, at, client_for, d, staff

pytestmark = pytest.mark.django_db


def test_safe_contact_answers_match_the_schema(kingsway, kp):
    openapi = OpenAPI.from_dict(APIClient().get("/api/schema/", {"format": "json"}).json())
    sc = active(kingsway, kp, staff(kingsway, email="sc@kingsway.test"),
                specialisms=["sc-sexual-violence"])
    with at("2026-11-10"):
        record = apply(kingsway, kp.applicant, equality={"gender": "woman"})
        contact_log_record(institution=kingsway, actor=sc.person, contacted_on=d("2026-11-09"),
                           concern="bullying", person_kind="staff", signposted_to=["hr"])
        base = "/api/v1/kingsway/"
        checks = [
            (APIClient(), base + "public/safe-contacts/"),
            (client_for(kp.edi), base + "safe-contacts/records/"),
            (client_for(kp.edi), base + f"safe-contacts/records/{record.pk}/"),
            (client_for(kp.edi), base + "safe-contacts/commitments/"),
            (client_for(kp.edi), base + "safe-contacts/sessions/"),
            (client_for(kp.edi), base + "safe-contacts/equality/"),
            (client_for(kp.edi), base + "safe-contacts/contact-log/summary/"),
            (client_for(sc.person), base + "safe-contacts/contact-log/"),
            (client_for(kp.applicant), base + "safe-contacts/commitments/"),  # 403
        ]
        for client, path in checks:
            response = client.get(path)
            assert response.status_code in (200, 403), (path, response.content[:300])
            openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request),
                                      DjangoOpenAPIResponse(response))
