"""The staff workspace in a real Chromium (issue 13 item 7), at a desktop (1366x900) and a
phone (390x844) width: My work and the case queue show their key text, and the page itself
never scrolls sideways (a wide table scrolls inside its own box).

Needs Chromium (Debian: ``apt-get install chromium``) and the ``playwright`` package (no
``playwright install``: the system's Chromium is launched). Without them the tests are
skipped, saying why."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.services.pauses import case_pause
from cases.services.setup import disciplinary_catalogue_apply

from ..cases.conftest import Staff
from ..cases.rules_support import d, open_case, to_investigation
from ..factories import InstitutionFactory
from .conftest import needs_chromium

pytestmark = [*needs_chromium, pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def workspace(live_server, monkeypatch):
    """Kingsway on Wednesday 9 December 2026 (the clock ticks from there, for the server's
    thread too): an overdue case, a paused one and one with nothing due yet."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made here are
    # still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with time_machine.travel(dt.datetime(2026, 10, 2, 10, tzinfo=LONDON), tick=False):
        inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
        disciplinary_catalogue_apply(institution=inst, shape="002")
        ks = Staff(inst)
        overdue = to_investigation(inst, ks, allegation_raised_on=d("2026-10-01"),
                                   incident_date=d("2026-09-30"))
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=LONDON), tick=False):
        paused = open_case(inst, ks.secretary, respondent={
            "student_id": "20260002", "given_name": "Paused", "family_name": "Student",
            "cohort": "standard", "registration_status": "registered"})
        case_pause(case=paused, actor=ks.secretary, reason="police",
                   detail="Police investigation under way")
    traveller = time_machine.travel(dt.datetime(2026, 12, 9, 10, tzinfo=LONDON), tick=True)
    traveller.start()
    yield {"ks": ks, "overdue": overdue, "paused": paused, "url": live_server.url}
    traveller.stop()


def logged_in_page(browser, client, user, base: str, size: tuple[int, int]):
    client.force_login(user)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": base}])
    return context.new_page()


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", list(SIZES))
def test_my_work_and_the_queue_fit_the_screen_with_their_key_text(browser, client, workspace,
                                                                  size):
    ks, base = workspace["ks"], workspace["url"]
    page = logged_in_page(browser, client, ks.secretary, base, SIZES[size])
    # Anything the Content-Security-Policy refuses (issue 14) is logged by Chromium.
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)

    page.goto(f"{base}/kingsway/staff/")
    assert page.get_by_role("heading", name="My work").is_visible()
    assert page.locator("#work-overdue").is_visible()
    assert page.get_by_role("link", name=workspace["overdue"].reference).first.is_visible()
    assert no_sideways_scroll(page), f"My work scrolls sideways at {SIZES[size]}"

    page.goto(f"{base}/kingsway/staff/cases/")
    first_row = page.locator("table.dense tbody tr").first
    assert workspace["overdue"].reference in first_row.inner_text()
    assert "Overdue" in first_row.inner_text()
    paused_row = page.locator("tr", has_text=workspace["paused"].reference)
    assert "Paused" in paused_row.inner_text()
    assert "On track" not in paused_row.inner_text()
    assert page.get_by_role("link", name="CSV").is_visible()
    assert no_sideways_scroll(page), f"The queue scrolls sideways at {SIZES[size]}"
    if size == "desktop":
        # The desktop's width is used: the queue's table is wider than the old 60rem column.
        assert page.evaluate("() => document.querySelector('table.dense').clientWidth") > 1000
    assert refused == [], refused
