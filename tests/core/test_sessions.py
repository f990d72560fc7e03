"""Sessions slide their idle limit without a write on every request (core/sessions.py, issue 9
§2): a staff session is rewritten at most every SESSION_REFRESH_INTERVAL and still ends two
hours after its last request at the latest; a public visitor's row keeps only the day and is
rewritten only when that day moves."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reporting.public_walk import STEP_DATA, post_step, step_url

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.session_urls")]
LONDON = ZoneInfo("Europe/London")
MORNING = dt.datetime(2026, 11, 20, 9, 12, 31, tzinfo=LONDON)
FLOOR = "/kingsway/staff/test-floor/"
LOGIN = "/accounts/login/"


def session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if "django_session" in q["sql"]
            and q["sql"].lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def get(client, path=FLOOR):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, session_writes(queries.captured_queries)


def expiry() -> dt.datetime:
    (row,) = Session.objects.all()
    return row.expire_date


def test_a_staff_request_within_the_refresh_interval_writes_no_session_row(client,
                                                                             caseworker):
    with time_machine.travel(MORNING, tick=False) as clock:
        client.force_login(caseworker)
        assert expiry() == MORNING + dt.timedelta(hours=2)
        for minutes in (0, 1, 4):
            clock.move_to(MORNING + dt.timedelta(minutes=minutes, seconds=59))
            response, writes = get(client)
            assert response.status_code == 200
            assert writes == []
        assert expiry() == MORNING + dt.timedelta(hours=2)


def test_a_staff_request_after_the_interval_slides_the_expiry_once(client, caseworker):
    with time_machine.travel(MORNING, tick=False) as clock:
        client.force_login(caseworker)
        later = MORNING + dt.timedelta(minutes=5)
        clock.move_to(later)
        response, writes = get(client)
        assert response.status_code == 200
        assert len(writes) == 1
        assert writes[0].lstrip().upper().startswith("UPDATE")
        assert expiry() == later + dt.timedelta(hours=2)
        clock.move_to(later + dt.timedelta(minutes=3))
        assert get(client)[1] == []  # counted again from the rewrite


def test_an_idle_staff_session_ends_two_hours_after_its_last_write(client, caseworker):
    with time_machine.travel(MORNING, tick=False) as clock:
        client.force_login(caseworker)
        clock.move_to(MORNING + dt.timedelta(hours=1, minutes=59, seconds=59))
        assert get(client)[0].status_code == 200  # refreshed: now until 3:59:59 later
        clock.move_to(MORNING + dt.timedelta(hours=3, minutes=59, seconds=58))
        assert get(client)[0].status_code == 200
        clock.move_to(MORNING + dt.timedelta(hours=6))
        response, _ = get(client)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("quiet_for", [dt.timedelta(hours=2, seconds=1),
                                       dt.timedelta(hours=1, minutes=56)])
def test_a_staff_session_never_outlives_two_idle_hours(client, caseworker, quiet_for):
    """A request that did not rewrite the row does not extend the session: it ends between
    1 h 55 and 2 h after the last request, never later."""
    with time_machine.travel(MORNING, tick=False) as clock:
        client.force_login(caseworker)
        last = MORNING + dt.timedelta(minutes=4)
        clock.move_to(last)
        assert get(client)[1] == []  # within the interval: no write
        clock.move_to(last + quiet_for)
        response, _ = get(client)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_a_busy_staff_session_stays_signed_in(client, caseworker):
    with time_machine.travel(MORNING, tick=False) as clock:
        client.force_login(caseworker)
        for step in range(1, 13):  # a request every 25 minutes for five hours
            clock.move_to(MORNING + step * dt.timedelta(minutes=25))
            assert get(client)[0].status_code == 200
        clock.move_to(MORNING + dt.timedelta(hours=5, minutes=55))
        assert get(client)[0].status_code == 200


def test_a_signed_in_staff_page_costs_four_queries_and_no_write(client, caseworker,
                                                               django_assert_num_queries):
    """The institution, the session, the user, the membership with its roles."""
    with time_machine.travel(MORNING, tick=False):
        client.force_login(caseworker)
        with django_assert_num_queries(4):
            response = client.get(FLOOR)
    assert response.content == b"support_caseworker"


def test_a_public_visitors_row_is_rewritten_only_when_its_day_moves(client, kingsway):
    with time_machine.travel(MORNING, tick=False) as clock:
        assert post_step(client, 1, STEP_DATA[1]).status_code == 302
        stored = expiry()
        assert stored == dt.datetime(2026, 11, 21, tzinfo=LONDON)
        for moment in (dt.time(11, 3), dt.time(21, 59)):
            clock.move_to(dt.datetime.combine(MORNING.date(), moment, tzinfo=LONDON))
            response, writes = get(client, step_url(2))
            assert response.status_code == 200
            assert writes == []
        # after 22:00 two hours from now is tomorrow: the row moves to the next midnight
        clock.move_to(dt.datetime.combine(MORNING.date(), dt.time(22, 30), tzinfo=LONDON))
        response, writes = get(client, step_url(2))
        assert response.status_code == 200
        assert len(writes) == 1
        assert expiry() == dt.datetime(2026, 11, 22, tzinfo=LONDON)
