"""Whole cases through the API: Kingsway's Board and appeal, Midshire's Academic Registrar
with a fine and no appeal, and an informal case for a Summer School student. Due dates are
checked over bank holidays and closure days."""

import datetime as dt

import pytest
import time_machine

from cases.models import Letter
from institutions.demo import MIDSHIRE_CLOSURES
from institutions.tasks import deadlines_daily_task

from ..factories import ClosureDayFactory
from . import api_support
from .api_support import PDF, board_votes, call, deadline, get, open_case, post, url
from .conftest import case_data, minor

pytestmark = pytest.mark.django_db
midshire = api_support.midshire  # overrides conftest's broken fixture (see api_support)


def at(day: str, hour: int = 10):
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T{hour:02d}:00"), tick=False)


def download_letters(user, inst, case_id) -> dict[str, bytes]:
    """Every letter of the case, downloaded: kind/recipient -> PDF bytes."""
    pdfs = {}
    for letter in get(user, inst, case_id, "letters"):
        assert letter["status"] == "issued", letter
        response = call(user, "get", letter["download"], expect=200)
        assert response["Content-Type"] == "application/pdf"
        pdfs[f"{letter['kind']}/{letter['recipient_key'].split('-')[0]}"] = response.content
    return pdfs


def test_kingsway_formal_board_appeal_and_completion(kingsway, ks,
                                                      django_capture_on_commit_callbacks):
    with at("2026-11-03"), django_capture_on_commit_callbacks(execute=True):
        opened = open_case(ks.secretary, kingsway, case_data())
        case_id = opened["id"]
        assert opened["reference"] == "KINGSWAY-2026-0001"
        assert (opened["stage"], opened["severity"]) == ("intake", "major")
        # §44: informal and formal stages within 60 days of the allegation (2 November).
        assert (opened["next_due"], opened["deadline_status"]) == ("2027-01-01", "on_track")

        case = post(ks.secretary, kingsway, case_id, "intake-decision",
                    {"route": "formal", "reasons": "Serious allegation"})
        assert case["stage"] == "investigation"
        get(ks.investigator, kingsway, case_id, expect=404)  # not yet appointed
        assigned = post(ks.secretary, kingsway, case_id, "assign",
                        {"user": ks.investigator.pk, "role": "investigator"}, expect=201)
        assert assigned["assignment"]["role_label"] == "Investigator"
        assert get(ks.investigator, kingsway, case_id)["stage"] == "investigation"
        call(ks.investigator, "post", url(kingsway, case_id, "evidence"),
             {"title": "Screenshots", "file": _upload("messages.pdf", PDF)},
             format="multipart", expect=201)

        decided = post(ks.secretary, kingsway, case_id, "formal-decision",
                       {"result": "refer_to_board", "reasons": "Major misconduct"},
                       expect=201)
        assert decided["outcome"]["result"] == "referred_to_board"
        assert decided["case"]["stage"] == "board_notice"
        # §58: the clerk's notice within 10 working days of 3 November.
        assert decided["case"]["next_due"] == "2026-11-17"
        for user, role in ((ks.clerk, "clerk"), (ks.chair, "board_chair"),
                           (ks.su, "board_su_officer"), (ks.academic, "board_academic")):
            post(ks.secretary, kingsway, case_id, "assign", {"user": user.pk, "role": role},
                 expect=201)
        notice = post(ks.clerk, kingsway, case_id, "board-notice", {
            "hearing_date": "2026-12-18", "hearing_format": "in_person",
            "arrangements": "Room 1.01", "evidence_summary": "Messages over three weeks",
            "documents": "Screenshots\nStatement", "witnesses": "Sam Reporter"}, expect=201)
        assert notice["case"]["stage"] == "board_hearing"
        assert {m["role"] for m in notice["board_notice"]["membership"]} == {
            "board_chair", "board_su_officer", "board_academic"}
        detail = get(ks.clerk, kingsway, case_id)
        assert deadline(detail, "board_member_objection")["due_date"] == "2026-11-10"
        # Witness names 5 working days before the hearing on Friday 18 December.
        assert deadline(detail, "board_witness_list")["due_date"] == "2026-12-11"

    with at("2026-12-18", 16), django_capture_on_commit_callbacks(execute=True):
        held = post(ks.clerk, kingsway, case_id, "board-hearing", {"result": "held"})
        assert held["hearing"]["status"] == "held"
        decision = post(ks.clerk, kingsway, case_id, "board-decision", {
            "votes": board_votes(ks.chair, ks.su, ks.academic), "reasons": "Proven"},
            expect=201)
        assert decision["case"]["stage"] == "board_outcome"
        assert [p["code"] for p in decision["outcome"]["penalties"]] == ["suspension"]
        # DOMAIN.md's worked example: 10 working days from Friday 18 December 2026 skip
        # Christmas, Boxing Day (observed) and New Year's Day.
        detail = get(ks.secretary, kingsway, case_id)
        window = deadline(detail, "appeal_window")
        assert (window["due_date"], window["kind"]) == ("2027-01-06", "window")
        assert deadline(detail, "board_written_decision")["status"] == "met"
        # Once the daily sweep has closed the past objection window, the appeal window is
        # the case's next date in the queue.
        deadlines_daily_task(today="2026-12-18")
        assert get(ks.secretary, kingsway, case_id)["next_due"] == "2027-01-06"

    with at("2026-12-21"), django_capture_on_commit_callbacks(execute=True):
        lodged = post(ks.clerk, kingsway, case_id, "appeals", {
            "received_on": "2026-12-21", "decision_received_on": "2026-12-18",
            "grounds": ["bias"], "summary": "A member knew the reporter.",
            "contact": "a.sample@student.test"}, expect=201)
        appeal_id = lodged["appeal"]["id"]
        assert (lodged["appeal"]["status"], lodged["appeal"]["is_late"]) == (
            "under_review", False)
        assert lodged["case"]["stage"] == "appeal"
        # §69: review within 21 working days of 21 December, over Christmas and New Year.
        assert lodged["case"]["next_due"] == "2027-01-22"
        post(ks.secretary, kingsway, case_id, "assign",
             {"user": ks.reviewer.pk, "role": "appeal_reviewer"}, expect=201)

    with at("2027-01-12"), django_capture_on_commit_callbacks(execute=True):
        decided = post(ks.reviewer, kingsway, case_id, f"appeals/{appeal_id}/decision",
                       {"result": "confirm", "reasons": "No evidence of bias."}, expect=201)
        assert decided["outcome"]["result"] == "confirmed"
        assert decided["case"]["stage"] == "closed"

    detail = get(ks.secretary, kingsway, case_id)
    assert detail["closure_reason"] == "Appeal decided: outcome confirmed"
    assert deadline(detail, "oia_complaint")["due_date"] == "2028-01-12"  # 12 months (§71)
    assert [a["status"] for a in detail["appeals"]] == ["decided"]
    assert {o["kind"] for o in detail["outcomes"]} == {"formal", "board", "appeal"}
    actions = [event["action"] for event in detail["history"]]
    assert actions[0] == "letter.issued"
    assert {"case.opened", "board.notice_sent", "board.decided", "appeal.lodged",
            "appeal.decided"} <= set(actions)
    pdfs = download_letters(ks.secretary, kingsway, case_id)
    # The reporting party is told the appeal's outcome too (§69).
    assert set(pdfs) == {"board_notice/respondent", "board_decision/respondent",
                         "board_decision/party", "completion_of_procedures/respondent",
                         "completion_of_procedures/party"}
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs.values())


def test_midshire_registrar_fine_no_appeal_then_completion(midshire, ms,
                                                          django_capture_on_commit_callbacks):
    for day, reason in MIDSHIRE_CLOSURES:
        ClosureDayFactory(institution=midshire, date=day, reason=reason)
    with at("2026-12-07"), django_capture_on_commit_callbacks(execute=True):
        opened = open_case(ms.secretary, midshire,
                           case_data(allegation_raised_on=dt.date(2026, 12, 4)))
        case_id = opened["id"]
        # Leicester: the decision whether to investigate within 5 working days of the
        # allegation (Friday 4 December).
        assert opened["next_due"] == "2026-12-11"
        assert opened["next_purpose"] == "Decision whether to proceed"
        post(ms.secretary, midshire, case_id, "intake-decision",
             {"route": "formal", "reasons": "Needs investigation"})
        post(ms.secretary, midshire, case_id, "assign",
             {"user": ms.investigator.pk, "role": "investigator"}, expect=201)
        detail = get(ms.investigator, midshire, case_id)
        assert deadline(detail, "decision_to_investigate")["status"] == "met"
        assert deadline(detail, "investigation_target")["due_date"] == "2027-03-07"
        # The investigator is not the Academic Registrar, and is told so in Midshire's words.
        refused = post(ms.investigator, midshire, case_id, "formal-decision",
                       {"result": "dismiss", "reasons": "-"}, expect=403)
        assert refused["detail"] == "Only the Academic Registrar can do this."

    uphold = {"result": "uphold", "reasons": "Proven on the balance of probabilities",
              "considered_previous_record": True,
              "penalties": [{"code": "fine", "amount": "300.00"}]}
    with at("2026-12-18"), django_capture_on_commit_callbacks(execute=True):
        beyond = post(ms.secretary, midshire, case_id, "formal-decision", uphold, expect=409)
        assert beyond["code"] == "transition_refused"
        assert beyond["detail"] == ("A fine of £300.00 is beyond the power of the Academic "
                                    "Registrar (up to £250.00).")
        uphold["penalties"][0]["amount"] = "250.00"
        decided = post(ms.secretary, midshire, case_id, "formal-decision", uphold, expect=201)
        assert decided["case"]["stage"] == "formal_outcome"
        assert decided["outcome"]["penalties"] == [
            {"code": "fine", "name": "A fine (£50 to £1,000)", "amount": "250.00",
             "details": ""}]
        assert decided["outcome"]["on_student_record"] is True
        # 10 working days from Friday 18 December: bank holidays and Midshire's Christmas
        # closure (29-31 December) are not working days.
        detail = get(ms.secretary, midshire, case_id)
        assert deadline(detail, "appeal_window")["due_date"] == "2027-01-11"

    with at("2027-01-11"):
        early = post(ms.secretary, midshire, case_id, "close-no-appeal", expect=409)
        assert early["detail"] == "The appeal window is open until Monday 11 January 2027."

    with at("2027-01-12"), django_capture_on_commit_callbacks(execute=True):
        closed = post(ms.secretary, midshire, case_id, "close-no-appeal")
        assert (closed["stage"], closed["closed_on"]) == ("closed", "2027-01-12")
        refused = post(ms.investigator, midshire, case_id, "completion-letter", expect=403)
        assert "Academic Registrar" in refused["detail"]
        issued = post(ms.secretary, midshire, case_id, "completion-letter", expect=201)
        assert [(x["kind"], x["recipient_key"]) for x in issued["letters"]] == [
            ("completion_of_procedures", "respondent")]

    pdfs = download_letters(ms.secretary, midshire, case_id)
    # The reporting party is told of the closure (§66), not sent the student's own
    # Completion of Procedures letter.
    assert set(pdfs) == {"formal_decision/respondent", "formal_decision/party",
                         "no_appeal_closure/respondent", "no_appeal_closure/party",
                         "completion_of_procedures/respondent"}
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs.values())
    # The next case against the same student shows the Registrar this proven misconduct.
    with at("2027-01-13"):
        second = open_case(ms.secretary, midshire, case_data(
            allegation_raised_on=dt.date(2027, 1, 13)))
        detail = get(ms.secretary, midshire, second["id"])
    assert [(p["case"], p["result"]) for p in detail["previous_proven_misconduct"]] == [
        (case_id, "upheld")]
    assert detail["previous_proven_misconduct"][0]["penalties"][0]["amount"] == "250.00"


def test_informal_case_for_a_summer_school_student(kingsway, ks,
                                                   django_capture_on_commit_callbacks):
    student = {**case_data()["respondent"], "cohort": "summer_school"}
    with at("2027-08-16"), django_capture_on_commit_callbacks(execute=True):
        opened = open_case(ks.officer, kingsway, minor(
            respondent=student, allegation_raised_on=dt.date(2027, 8, 16)))
        case_id = opened["id"]
        assert (opened["cohort"], opened["severity"]) == ("summer_school", "minor")
        case = post(ks.officer, kingsway, case_id, "intake-decision",
                    {"route": "informal", "reasons": "Minor; mediation suits"})
        assert case["stage"] == "informal_resolution"
        detail = get(ks.officer, kingsway, case_id)
        assert [a["role"] for a in detail["assignments"]] == ["informal_officer"]
        # §25: 15 working days from the allegation; the August bank holiday is skipped.
        assert deadline(detail, "informal_resolution")["due_date"] == "2027-09-07"
        assert detail["previous_proven_misconduct"] is None  # not a decision maker

    with at("2027-08-25"), django_capture_on_commit_callbacks(execute=True):
        outcome = post(ks.officer, kingsway, case_id, "informal-outcome", {
            "misconduct_found": True, "reasons": "Remarks were made",
            "actions_taken": "Mediation meeting", "penalties": [{"code": "apology"}]},
            expect=201)
        assert outcome["case"]["stage"] == "informal_outcome"
        assert outcome["outcome"]["on_student_record"] is False  # §31
        window = deadline(get(ks.officer, kingsway, case_id), "informal_appeal_window")
        # §33: 5 working days for Summer School (not 10), over the bank holiday of 30 August.
        assert window["due_date"] == "2027-09-02"
        assert window["rule_description"].startswith("5 working days")

    with at("2027-09-02"), django_capture_on_commit_callbacks(execute=True):
        lodged = post(ks.officer, kingsway, case_id, "appeals", {
            "received_on": "2027-09-02", "decision_received_on": "2027-08-25",
            "grounds": ["unreasonable"], "summary": "Disproportionate",
            "contact": "a.sample@student.test"}, expect=201)
        assert lodged["appeal"]["is_late"] is False
        # §35: review within 5 working days for Summer School.
        assert lodged["case"]["next_due"] == "2027-09-09"
        post(ks.secretary, kingsway, case_id, "assign",
             {"user": ks.reviewer.pk, "role": "appeal_reviewer"}, expect=201)
        decided = post(ks.reviewer, kingsway, case_id,
                       f"appeals/{lodged['appeal']['id']}/decision",
                       {"result": "confirm", "reasons": "Proportionate"}, expect=201)
        assert decided["case"]["stage"] == "closed"

    kinds = {(x.kind, x.status) for x in Letter.objects.for_institution(kingsway)}
    assert kinds == {("informal_outcome", "issued"), ("completion_of_procedures", "issued")}


def test_late_appeal_refused_ends_with_a_completion_letter(kingsway, ks,
                                                           django_capture_on_commit_callbacks):
    with at("2027-08-16"), django_capture_on_commit_callbacks(execute=True):
        case_id = open_case(ks.officer, kingsway, minor(
            allegation_raised_on=dt.date(2027, 8, 16)))["id"]
        post(ks.officer, kingsway, case_id, "intake-decision",
             {"route": "informal", "reasons": "Minor"})
        post(ks.officer, kingsway, case_id, "informal-outcome", {
            "misconduct_found": True, "reasons": "Found", "actions_taken": "Talked"},
            expect=201)
    with at("2027-09-20"), django_capture_on_commit_callbacks(execute=True):
        missing_reason = post(ks.officer, kingsway, case_id, "appeals", {
            "received_on": "2027-09-20", "decision_received_on": "2027-08-16",
            "grounds": ["new_evidence"], "summary": "New witness", "contact": "a@b.test"},
            expect=400)
        assert list(missing_reason["errors"]) == ["late_reason"]
        lodged = post(ks.officer, kingsway, case_id, "appeals", {
            "received_on": "2027-09-20", "decision_received_on": "2027-08-16",
            "grounds": ["new_evidence"], "summary": "New witness", "contact": "a@b.test",
            "late_reason": "Was in hospital"}, expect=201)
        assert (lodged["appeal"]["status"], lodged["appeal"]["is_late"]) == (
            "late_pending", True)
        appeal_id = lodged["appeal"]["id"]
        post(ks.secretary, kingsway, case_id, "assign",
             {"user": ks.reviewer.pk, "role": "appeal_reviewer"}, expect=201)
        not_yet = post(ks.reviewer, kingsway, case_id, f"appeals/{appeal_id}/decision",
                       {"result": "confirm", "reasons": "x"}, expect=409)
        assert not_yet["detail"] == "This appeal is not under review."
        refused = post(ks.reviewer, kingsway, case_id, f"appeals/{appeal_id}/late-decision",
                       {"accept": False, "reason": "No evidence of the stay"})
        assert refused["appeal"]["status"] == "refused_late"
        assert refused["case"]["stage"] == "closed"
    post(ks.reviewer, kingsway, case_id, "appeals/999999/late-decision",
         {"accept": True, "reason": "x"}, expect=404)
    letters = get(ks.reviewer, kingsway, case_id, "letters")
    assert [x["kind"] for x in letters if x["recipient_key"] == "respondent"] == [
        "informal_outcome", "completion_of_procedures"]


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")
