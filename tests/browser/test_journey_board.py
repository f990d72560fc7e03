"""Journey (issue 15 item 4): a Kingsway case referred to the Board of Discipline. The early steps
(the Appendix A form, the School Secretary's referral, the appointments, the notice of the
hearing) go through the staff pages with Django's test client; then, in Chromium, the clerk
records the hearing and the Board's decision; the student, on their phone, opens the secure link
of the decision letter emailed to them and appeals online; the School Secretary appoints the
appeal reviewer, who confirms the decision, and the Completion of Procedures letter is issued
and downloaded. axe-core checks every page (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest
from django.core import mail

from cases.models import Appeal, AppealGround, Case, Letter, LetterKind, Stage
from cases.services.contact import contact_preference_set
from cases.services.setup import disciplinary_catalogue_apply

from ..cases.conftest import Staff
from ..cases.pages import open_case_data, submit, url
from ..factories import InstitutionFactory
from .conftest import LETTER_LINK, PHONE, at, fill, needs_axe, needs_chromium, send, session_of

pytestmark = [*needs_chromium, needs_axe, pytest.mark.once,
              pytest.mark.django_db(transaction=True)]



def test_board_decision_appeal_and_completion_letter_in_the_browser(journey, client):
    with at(2026, 11, 3):
        inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
        disciplinary_catalogue_apply(institution=inst, shape="002")
        ks = Staff(inst)
        client.force_login(ks.secretary)
        submit(client, "/kingsway/staff/cases/new/", open_case_data())
        case = Case.objects.for_institution(inst).get()
        submit(client, url(case, "intake/"), {"route": "formal",
                                              "reasons": "Major allegation: investigate."})
        submit(client, url(case, "assign/"), {"role": "investigator",
                                              "user": ks.investigator.pk})
        submit(client, url(case, "formal-decision/"),
               {"result": "refer_to_board", "reasons": "Major misconduct: for the Board."})
        for user, role in ((ks.clerk, "clerk"), (ks.chair, "board_chair"),
                           (ks.su, "board_su_officer"), (ks.academic, "board_academic")):
            submit(client, url(case, "assign/"), {"role": role, "user": user.pk})
        client.force_login(ks.clerk)
        submit(client, url(case, "board/notice/"), {
            "sent_on": "2026-11-03", "hearing_date": "2026-12-01",
            "hearing_format": "in_person", "arrangements": "Room 1.01 at 10:00",
            "evidence_summary": "Screenshots and two statements.",
            "documents": "Screenshots\nStatement of Sam Reporter",
            "witness_questions": "through_chair", "proceeds_if_absent": "yes"})
        # The student agreed to receive letters by email, as a secure link.
        contact_preference_set(case=case, actor=ks.secretary, party=None, method="email")

    with at(2026, 12, 1, 16):
        clerk = journey.open(session=session_of(client, ks.clerk))
        journey.go(clerk, url(case))
        journey.click(clerk, clerk.locator("#actions a[href$='board/hearing/']").first)
        fill(clerk, {"result": "held", "note": "All present."})
        send(journey, clerk)
        journey.click(clerk, clerk.locator("#actions a[href$='board/decision/']").first)
        votes: dict = {"reasons": "Proven on the balance of probabilities."}
        for member in (ks.chair, ks.su, ks.academic):
            votes[f"vote_{member.pk}_offence"] = "yes"
            votes[f"vote_{member.pk}_penalties"] = ["suspension"]
        fill(clerk, votes)
        send(journey, clerk)
        case.refresh_from_db()
        assert case.stage == Stage.BOARD_OUTCOME

    links = [LETTER_LINK.search(m.body) for m in mail.outbox if case.respondent.email in m.to]
    token = next(link["token"] for link in links if link)

    with at(2026, 12, 4):
        student = journey.open(size=PHONE)
        journey.go(student, f"/kingsway/letters/{token}/")
        journey.click(student, student.get_by_role(
            "link", name="Appeal against the decision online"))
        ground = AppealGround.objects.for_institution(inst).first()
        fill(student, {"contact": "a.sample@student.test", "decision_received_on": "2026-12-01",
                       "grounds": [ground.code], "signed": "on",
                       "summary": "A member knew the reporting party."})
        send(journey, student)
        assert "Your appeal was received" in student.locator("main").inner_text()
        appeal = Appeal.objects.for_institution(inst).get(case=case)
        assert appeal.status == Appeal.Status.UNDER_REVIEW

        # The School Secretary appoints the appeal reviewer (§68), from the case page.
        secretary = journey.open(session=session_of(client, ks.secretary))
        journey.go(secretary, url(case))
        journey.click(secretary, secretary.locator("#actions a[href$='/assign/']").first)
        fill(secretary, {"role": "appeal_reviewer"})  # first the place on the case
        journey.click(secretary, "Continue")
        fill(secretary, {"user": str(ks.reviewer.pk)})  # then the person
        send(journey, secretary)
        assert case.assignments.filter(user=ks.reviewer, role="appeal_reviewer",
                                       ended_at__isnull=True).exists()
        reviewer = journey.open(session=session_of(client, ks.reviewer))
        journey.go(reviewer, url(case))
        journey.click(reviewer, reviewer.locator(
            f"#actions a[href$='appeals/{appeal.pk}/decide/']").first)
        assert "A member knew the reporting party." in reviewer.locator("main").inner_text()
        fill(reviewer, {"result": "confirm", "reasons": "No sign of bias."})
        send(journey, reviewer)

        case.refresh_from_db()
        assert case.stage == Stage.CLOSED
        letter = Letter.objects.for_institution(inst).get(
            case=case, kind=LetterKind.COMPLETION_OF_PROCEDURES, recipient_key="respondent")
        assert letter.status == Letter.Status.ISSUED
        journey.go(reviewer, url(case))
        link = reviewer.locator(f"a[href$='letters/{letter.pk}/pdf/']")
        assert "Completion of Procedures" in link.inner_text()
        with reviewer.expect_download() as download:
            link.click()
        with open(download.value.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"
    journey.assert_accessible()
