"""Journey (issue 15 item 4): a student tells us anonymously on a phone-sized screen, with
JavaScript off and on, at both demo institutions, keeps the receipt, and comes back later in a
fresh browser to read the team's reply. axe-core checks every page (tests/browser/conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.roles import Role
from reporting.models import Report
from reporting.services.casework import message_send
from reporting.services.setup import reporting_defaults_apply

from ..factories import InstitutionFactory, staff
from ..reporting.public_walk import STEP_DATA
from .conftest import PHONE, fill, needs_axe, needs_chromium

pytestmark = [*needs_chromium, needs_axe, pytest.mark.once,
              pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")
NAMES = {"kingsway": "Kingsway School of Economics", "midshire": "University of Midshire"}
REPLY = "Thank you for telling us. We are here to help."


@pytest.mark.parametrize("slug", ["kingsway", "midshire"])
@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_student_reports_anonymously_on_a_phone_and_returns_with_the_receipt(
        journey, slug, javascript):
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=LONDON), tick=True):
        inst = InstitutionFactory(slug=slug, name=NAMES[slug])
        reporting_defaults_apply(institution=inst)
        caseworker = staff(inst, Role.SUPPORT_CASEWORKER, email=f"cw@{slug}.test")

        page = journey.open(size=PHONE, javascript=javascript)
        journey.go(page, f"/{slug}/")
        assert page.locator("#quick-exit").is_visible()
        journey.click(page, page.get_by_role("link", name="Tell us what happened"))
        journey.click(page, page.get_by_role("link", name="Start now").first)
        for number in range(1, 9):
            assert f"/{slug}/tell-us/{number}/" in page.url
            fill(page, {k: v for k, v in STEP_DATA[number].items() if k != "action"})
            journey.click(page, page.locator(".rs-actions button[type=submit]"))
        assert page.get_by_role("heading", name="Check your answers before sending").is_visible()
        journey.click(page, "Send")
        code = page.locator("#receipt-code").inner_text()
        receipt = re.sub(r"[^0-9A-Z]", "", code)
        assert len(receipt) == 16, code
        assert page.locator("#copy-line").is_visible() is javascript  # the copy button needs JS

        report = Report.objects.for_institution(inst.pk).get()
        assert report.is_anonymous
        message_send(report=report, actor=caseworker, body=REPLY)

        # Later, on another browser: nothing but the receipt, typed in lower case.
        later = journey.open(size=PHONE, javascript=javascript)
        journey.go(later, f"/{slug}/")
        journey.click(later, later.get_by_role("link", name="Come back with your receipt"))
        later.get_by_label("Your receipt").fill(receipt.lower())
        journey.click(later, "Continue")
        assert later.get_by_role("heading", name="Your report").is_visible()
        assert REPLY in later.locator(".rs-thread").inner_text()
        assert "From the team" in later.locator(".rs-thread").inner_text()
    journey.assert_accessible()
