"""The insights API's answers validate against the OpenAPI schema it publishes: the staff
lists and details, an action's answer, the imports and the public side."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from insights.services import reports as services
from insights.services.external import EXAMPLE_CSV, external_import

from .publication_support import AUTUMN_DAY, LATER_DAY, api_as, at, kp, published

__all__ = ["kp"]

pytestmark = pytest.mark.django_db


def test_insights_answers_match_the_schema(kingsway, kp, django_capture_on_commit_callbacks):
    openapi = OpenAPI.from_dict(APIClient().get("/api/schema/", {"format": "json"}).json())
    with at(AUTUMN_DAY):
        made = external_import(institution=kingsway, actor=kp.publisher, title="Survey",
                               period=kp.series(), file_name="s.csv",
                               data=EXAMPLE_CSV.encode())
    first = published(kp, django_capture_on_commit_callbacks)
    with at(LATER_DAY):
        second = services.report_correct(report=first, actor=kp.publisher, change_note="Late")
        base = "/api/v1/kingsway/"
        staff = api_as(kp.publisher2)
        checks = [
            (staff.get, base + "insights/reports/"),
            (staff.get, base + "insights/periods/"),
            (staff.get, base + f"insights/reports/{first.pk}/"),
            (staff.get, base + f"insights/reports/{second.pk}/"),
            (staff.get, base + "insights/external/"),
            (staff.get, base + f"insights/external/{made.pk}/"),
            (staff.post, base + f"insights/reports/{second.pk}/approve/"),
            (staff.post, base + f"insights/reports/{second.pk}/approve/"),  # 409
            (api_as(kp.caseworker).get, base + "insights/reports/"),  # 403
            (APIClient().get, base + "public/insights/"),
            (APIClient().get, base + f"public/insights/{first.pk}/"),
        ]
        for call, path in checks:
            response = call(path)
            assert response.status_code in (200, 403, 409), (path, response.content[:300])
            openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request),
                                      DjangoOpenAPIResponse(response))
