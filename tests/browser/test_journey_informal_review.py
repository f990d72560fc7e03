"""Journey: at Midshire (004) a reporting student, who cannot appeal, asks for an informal review
of the outcome. The case up to the Academic Registrar's decision is made through the services;
then, in Chromium, the reporting student on their phone opens the secure link of the decision
letter emailed to them and asks online; the Registrar finds the request waiting in My work and
asks someone independent to review it; the reviewer records the review, and the student's
letter with its findings is issued. axe-core checks every page (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest
from django.core import mail

from cases.models import InformalReview, Letter, LetterKind, Party
from cases.services.contact import contact_preference_set

from ..cases.conftest import Staff
from ..cases.rules_support import midshire_institution, to_investigation, uphold
from .conftest import LETTER_LINK, PHONE, at, fill, needs_axe, needs_chromium, send, session_of

pytestmark = [*needs_chromium, needs_axe, pytest.mark.once,
              pytest.mark.django_db(transaction=True)]



def test_reporting_student_asks_online_and_an_independent_reviewer_answers(journey, client):
    with at(2026, 12, 1):
        inst = midshire_institution()
        ms = Staff(inst)
        case = to_investigation(inst, ms)
        party = Party.objects.for_institution(inst).get(case=case)
        # The reporting student agreed to receive letters by email, as a secure link.
        contact_preference_set(case=case, actor=ms.secretary, party=party, method="email")
        uphold(case, ms)
    token = next(m["token"] for m in (LETTER_LINK.search(x.body) for x in mail.outbox
                                      if party.email in x.to) if m)
    concerns = "Nobody explained how the penalty was chosen."

    with at(2026, 12, 7):
        student = journey.open(size=PHONE)
        journey.go(student, f"/midshire/letters/{token}/")
        journey.click(student, student.get_by_role(
            "link", name="Ask for an informal review of the outcome"))
        assert "will not change the outcome" in student.locator("main").inner_text()
        send(journey, student)  # nothing written yet: the form says what is missing
        assert "There is a problem" in student.locator("main").inner_text()
        fill(student, {"concerns": concerns, "signed": "on"})
        send(journey, student)
        assert "Your request was received" in student.locator("main").inner_text()
        review = InformalReview.objects.for_institution(inst).get(case=case)
        assert review.awaits_reviewer

        registrar = journey.open(session=session_of(client, ms.secretary))
        journey.go(registrar, "/midshire/staff/")
        work = registrar.locator("main").inner_text()
        assert "Ask someone independent to review the request made online" in work
        journey.go(registrar, f"/midshire/staff/cases/{case.pk}/")
        journey.click(registrar, registrar.locator(
            f"#actions a[href$='informal-reviews/{review.pk}/reviewer/']").first)
        assert concerns in registrar.locator("main").inner_text()
        fill(registrar, {"reviewer": str(ms.reviewer.pk)})
        send(journey, registrar)
        review.refresh_from_db()
        assert review.reviewer == ms.reviewer

    with at(2026, 12, 9):
        reviewer = journey.open(session=session_of(client, ms.reviewer))
        journey.go(reviewer, f"/midshire/staff/cases/{case.pk}/")
        journey.click(reviewer, reviewer.locator(
            f"#actions a[href$='informal-reviews/{review.pk}/complete/']").first)
        fill(reviewer, {"findings": "The penalty is within the table; the reasons for it "
                                    "were not explained to the reporting student.",
                        "learning": "Explain sanctions to reporting students."})
        send(journey, reviewer)
        review.refresh_from_db()
        assert review.status == InformalReview.Status.COMPLETED
        letter = Letter.objects.for_institution(inst).get(
            case=case, kind=LetterKind.INFORMAL_REVIEW_OUTCOME)
        assert letter.recipient_key == f"party-{party.pk}"
        assert letter.status == Letter.Status.ISSUED
    journey.assert_accessible()
