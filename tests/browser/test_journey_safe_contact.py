"""Journey (issue 15 item 4): an EDI administrator approves a new Safe Contact's biography and
publishes them; the public Safe Contacts page then lists them. The application, the informal
chat, the induction and the biography go through the services. axe-core checks every page
(tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from accounts.roles import Role
from safecontacts.models import SafeContact
from safecontacts.services.pipeline import biography_write, chat_record, induction_confirm

from ..safecontacts.conftest import BIOGRAPHY, MOTIVATION, People, apply, at, d, train
from ..safecontacts.conftest import kingsway as kingsway_with_terms
from .conftest import needs_axe, needs_chromium, session_of

pytestmark = [*needs_chromium, needs_axe, pytest.mark.once,
              pytest.mark.django_db(transaction=True)]

kingsway = kingsway_with_terms
assert MOTIVATION


def test_edi_administrator_publishes_a_safe_contact(journey, client, kingsway):
    people = People(kingsway)
    applicant = people.applicant
    with at("2026-11-02"):
        record = apply(kingsway, applicant, full_name="Robin Listener")
    with at("2026-11-05"):
        record = chat_record(record=record, actor=people.edi, held_on=d("2026-11-04"),
                             staff=[people.edi, people.other], notes="Kind and calm.")
    with at("2026-11-20"):
        train(kingsway, applicant, "safe-contact-induction", d("2026-11-19"))
        record = induction_confirm(record=record, actor=people.edi)
        biography_write(record=record, actor=applicant, biography=BIOGRAPHY,
                        contact_email="robin.listener@kingsway.test")

    with at("2026-11-23"):
        page = journey.open(session=session_of(client, people.edi))
        journey.go(page, "/kingsway/staff/safe-contacts/")
        journey.click(page, page.get_by_role("link", name="Applications and Safe Contacts"))
        journey.click(page, page.get_by_role("link", name="Robin Listener"))
        journey.click(page, page.locator("main a[href$='/publish/']").first)
        journey.click(page, page.locator("main form[method=post] button[type=submit]").last)
        record.refresh_from_db()
        assert record.stage == SafeContact.Stage.ACTIVE
        assert Role.SAFE_CONTACT in Membership.objects.for_institution(kingsway).get(
            user=applicant).role_set

        visitor = journey.open()
        journey.go(visitor, "/kingsway/safe-contacts/")
        directory = visitor.locator("main").inner_text()
        assert "Robin Listener" in directory
        assert "robin.listener@kingsway.test" in directory
    journey.assert_accessible()
