import datetime as dt

import pytest

from .conftest import api_as


@pytest.mark.django_db
def test_worked_example_from_domain(kingsway, caseworker):
    response = api_as(caseworker).get(
        "/api/v1/kingsway/calendar/working-days/", {"from": "2026-12-18", "add": 10}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["date"] == dt.date(2027, 1, 6).isoformat()
