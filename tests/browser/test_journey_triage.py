"""Journey (issue 15 item 4), at Kingsway and at Midshire: a support caseworker signs in through
the real pages (password, then the code their authenticator app shows), finds a new report in
the queue, takes it, and with the reporter's consent escalates it to the disciplinary procedure
(002 at Kingsway, 004 at Midshire). axe-core checks every
page (tests/browser/conftest.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.roles import Role
from cases.models import Case
from cases.services.setup import disciplinary_catalogue_apply
from reporting.models import Report
from reporting.services.setup import reporting_defaults_apply
from reporting.services.submission import report_submit

from ..factories import InstitutionFactory, staff
from ..reporting.conftest import named
from ..reporting.test_staff_escalation import form_data
from ..second_factor import authenticator_of, current_code
from .conftest import fill, needs_axe, needs_chromium

pytestmark = [*needs_chromium, needs_axe, pytest.mark.once,
              pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")


INSTITUTIONS = {"kingsway": ("Kingsway School of Economics", "002"),
                "midshire": ("University of Midshire", "004")}


@pytest.mark.parametrize("slug", INSTITUTIONS)
def test_caseworker_signs_in_with_a_code_takes_a_report_and_escalates_it(journey, slug):
    name, shape = INSTITUTIONS[slug]
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=LONDON), tick=True):
        inst = InstitutionFactory(slug=slug, name=name)
        reporting_defaults_apply(institution=inst)
        disciplinary_catalogue_apply(institution=inst, shape=shape)
        caseworker = staff(inst, Role.SUPPORT_CASEWORKER, email=f"caseworker@{slug}.test")
        device = authenticator_of(caseworker)
        report = report_submit(institution=inst, data=named(
            categories=["harassment"], wants=["support", "formal_report"])).report

    with time_machine.travel(dt.datetime(2026, 11, 4, 10, tzinfo=LONDON), tick=True):
        page = journey.open()
        journey.go(page, f"/{slug}/staff/reports/")
        assert "/login/" in page.url
        page.get_by_label("Email address").fill(f"caseworker@{slug}.test")
        page.get_by_label("Password").fill("correct-horse-battery")
        journey.click(page, "Sign in")
        page.get_by_label("Code").fill(current_code(device))
        journey.click(page, "Verify")
        assert page.url.endswith(f"/{slug}/staff/reports/"), page.url

        journey.click(page, page.get_by_role("link", name=report.reference))
        page.locator("select[name$=assignee]").select_option(str(caseworker.pk))
        journey.click(page, "Assign")
        report.refresh_from_db()
        assert report.assignee_id == caseworker.pk
        assert caseworker.full_name in page.locator("main").inner_text()

        journey.click(page, page.get_by_role("link", name="Make a formal report"))
        fill(page, form_data())
        journey.click(page, page.locator("form.rstaff-escalate button[type=submit]"))
        case = Case.objects.for_institution(inst).get()
        assert Report.objects.for_institution(inst.pk).get().case_id == case.pk
        assert case.respondent.student_id == "20230042"
        assert case.reference in page.locator("main").inner_text()
    journey.assert_accessible()
