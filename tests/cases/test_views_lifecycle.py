"""A whole Kingsway case through the staff pages: Appendix A form -> formal investigation ->
Board of Discipline -> decision -> appeal -> Completion of Procedures letter, downloaded."""

import datetime as dt

import pytest
import time_machine

from cases.models import Appeal, Case, Letter, LetterKind, Outcome, Stage

from .pages import open_case_data, submit, url

pytestmark = pytest.mark.django_db


def at(day: dt.datetime):
    return time_machine.travel(day, tick=False)


def test_board_case_from_the_form_to_the_completion_letter(
        client, kingsway, ks, django_capture_on_commit_callbacks):
    with at(dt.datetime(2026, 11, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ks.secretary)
        response = submit(client, "/kingsway/staff/cases/new/", open_case_data())
        case = Case.objects.for_institution(kingsway).get()
        assert response["Location"] == url(case)
        page = client.get(url(case))
        assert "Case KINGSWAY-2026-0001 is open" in page.text
        assert "Decide whether to proceed" in page.text

        submit(client, url(case, "intake/"), {"route": "formal",
                                              "reasons": "Major allegation: investigate."})
        submit(client, url(case, "assign/"), {"role": "investigator",
                                              "user": ks.investigator.pk})
        page = client.get(url(case))
        assert "Record the decision of the School Secretary" in page.text
        submit(client, url(case, "formal-decision/"),
               {"result": "refer_to_board", "reasons": "Major misconduct: for the Board."})
        for user, role in ((ks.clerk, "clerk"), (ks.chair, "board_chair"),
                           (ks.su, "board_su_officer"), (ks.academic, "board_academic")):
            submit(client, url(case, "assign/"), {"role": role, "user": user.pk})
        page = client.get(url(case))
        assert "Chair of the Board of Discipline" in page.text

        client.force_login(ks.clerk)
        page = client.get(url(case))
        assert "Send the notice of the hearing to the student" in page.text
        submit(client, url(case, "board/notice/"), {
            "sent_on": "2026-11-03", "hearing_date": "2026-12-01",
            "hearing_format": "in_person", "arrangements": "Room 1.01 at 10:00",
            "evidence_summary": "Screenshots and two statements.",
            "documents": "Screenshots\nStatement of Sam Reporter",
            "witness_questions": "through_chair", "proceeds_if_absent": "yes"})

    with at(dt.datetime(2026, 12, 1, 16)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ks.clerk)  # a new session: the last one is weeks old
        submit(client, url(case, "board/hearing/"), {"result": "held", "note": "All present."})
        votes = {}
        for member in (ks.chair, ks.su, ks.academic):
            votes[f"vote_{member.pk}_offence"] = "yes"
            votes[f"vote_{member.pk}_penalties"] = ["suspension"]
        submit(client, url(case, "board/decision/"),
               {**votes, "reasons": "Proven on the balance of probabilities."})
    case.refresh_from_db()
    assert case.stage == Stage.BOARD_OUTCOME
    board = Outcome.objects.for_institution(kingsway).get(case=case, kind=Outcome.Kind.BOARD)
    assert [p.penalty_type.code for p in board.penalties.all()] == ["suspension"]

    with at(dt.datetime(2026, 12, 4, 10)):
        with django_capture_on_commit_callbacks(execute=True):
            client.force_login(ks.clerk)
            submit(client, url(case, "appeal/"), {
                "received_on": "2026-12-04", "decision_received_on": "2026-12-01",
                "contact": "a.sample@student.test", "grounds": ["bias"],
                "summary": "A member knew the reporting party."})
            appeal = Appeal.objects.for_institution(kingsway).get(case=case)
            assert appeal.status == Appeal.Status.UNDER_REVIEW

            client.force_login(ks.secretary)
            submit(client, url(case, "assign/"),
                   {"role": "appeal_reviewer", "user": ks.reviewer.pk})
            client.force_login(ks.reviewer)
            page = client.get(url(case))
            assert f'href="{url(case, f"appeals/{appeal.pk}/decide/")}"' in page.text
            page = client.get(url(case, f"appeals/{appeal.pk}/decide/"))
            assert "A member knew the reporting party." in page.text
            submit(client, url(case, f"appeals/{appeal.pk}/decide/"),
                   {"result": "confirm", "reasons": "No sign of bias."})

        case.refresh_from_db()
        assert case.stage == Stage.CLOSED
        letter = Letter.objects.for_institution(kingsway).get(
            case=case, kind=LetterKind.COMPLETION_OF_PROCEDURES, recipient_key="respondent")
        assert letter.status == Letter.Status.ISSUED
        page = client.get(url(case))
        download = url(case, f"letters/{letter.pk}/pdf/")
        assert f'href="{download}"' in page.text
        response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    # The history tells the story in words.
    assert "Appeal decided" in page.text
    assert "Notice of the hearing sent" in page.text


def test_completion_letter_on_request_after_closure(
        client, kingsway, ks, django_capture_on_commit_callbacks):
    """After the window passes with no appeal the case closes (§66); the student may ask for
    a Completion of Procedures letter, issued from the case page."""
    with at(dt.datetime(2026, 11, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ks.secretary)
        submit(client, "/kingsway/staff/cases/new/", open_case_data(
            allegation_0_severity="minor"))
        case = Case.objects.for_institution(kingsway).get()
        submit(client, url(case, "intake/"), {"route": "formal", "reasons": "Investigate."})
        submit(client, url(case, "formal-decision/"), {
            "result": "uphold", "reasons": "Proven.", "considered_previous_record": "on",
            "penalty_written_warning": "on"})
        # The window is open: closing now is refused with the service's words.
        response = client.post(url(case, "close/"), {})
        assert "The appeal window is open until" in response.text
    with at(dt.datetime(2026, 12, 1, 10)):
        with django_capture_on_commit_callbacks(execute=True):
            client.force_login(ks.secretary)
            submit(client, url(case, "close/"), {})
            case.refresh_from_db()
            assert case.stage == Stage.CLOSED
            page = client.get(url(case))
            assert "Issue a Completion of Procedures letter" in page.text
            submit(client, url(case, "completion-letter/"), {})
        # The letter renders after commit; it is downloaded on the same (frozen) day.
        letter = Letter.objects.for_institution(kingsway).get(
            case=case, kind=LetterKind.COMPLETION_OF_PROCEDURES, recipient_key="respondent")
        response = client.get(url(case, f"letters/{letter.pk}/pdf/"))
        assert response.content.startswith(b"%PDF")
