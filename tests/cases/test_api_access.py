"""Who may reach a case through the API and what a refusal looks like: 404 for anyone without
need-to-know (before any role or body check), 403 naming the institution's own role, 400 by
field with nothing saved, 409 for a transition the procedure refuses, with the reason.

That every case endpoint answers the plain 404 to another institution's staff, to a member
without need-to-know and for an id nothing has is proved for every route at once by the
isolation matrix (tests/isolation/test_matrix.py), generated from the URL resolver: no list of
endpoints is kept here."""

import datetime as dt

import pytest
import time_machine

from audit.models import AccessEvent, AuditEvent
from cases.models import Allegation, Case, CaseAssignment, CasePause, Party, Student

from . import api_support
from .api_support import (
    assert_error,
    call,
    case_at_board_hearing,
    case_at_investigation,
    deadline,
    get,
    open_case,
    post,
    url,
)
from .conftest import case_data, minor

pytestmark = pytest.mark.django_db
midshire = api_support.midshire  # overrides conftest's broken fixture (see api_support)

NOT_FOUND = {"status": 404, "code": "not_found", "detail": "Not found.", "errors": {}}


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10), tick=False):
        yield dt.date(2026, 11, 3)


@pytest.fixture
def ks_case(kingsway, ks, today):
    return open_case(ks.secretary, kingsway, case_data())["id"]


def test_another_institutions_queue_never_lists_our_cases(kingsway, midshire, ms, ks_case):
    outsider = ms.secretary  # Midshire's Academic Registrar sees every Midshire case
    assert get(outsider, kingsway, expect=404) == NOT_FOUND
    assert get(outsider, midshire)["results"] == []


@pytest.mark.parametrize("who", ["bystander", "investigator", "caseworker", "reviewer"])
def test_a_valid_decision_from_someone_without_need_to_know_is_404_and_changes_nothing(
        kingsway, ks, ks_case, who):
    """The matrix sends empty bodies; a complete, valid one is refused the same way."""
    events_before = AuditEvent.objects.for_institution(kingsway).count()
    refused = post(getattr(ks, who), kingsway, ks_case, "intake-decision",
                   {"route": "formal", "reasons": "Trying"}, expect=404)
    assert refused == NOT_FOUND
    assert Case.objects.for_institution(kingsway).get(pk=ks_case).stage == "intake"
    assert AuditEvent.objects.for_institution(kingsway).count() == events_before
    assert not AccessEvent.objects.for_institution(kingsway).filter(
        actor=getattr(ks, who)).exists()


def test_reading_a_case_is_audited(kingsway, ks, ks_case):
    get(ks.secretary, kingsway, ks_case)
    read = AccessEvent.objects.for_institution(kingsway).filter(
        object_type="cases.case", object_id=str(ks_case)).last()
    assert (read.actor, read.what) == (ks.secretary, "case file")


def test_appointment_gives_access_and_ending_it_takes_it_away(kingsway, ks, ks_case):
    get(ks.investigator, kingsway, ks_case, expect=404)
    assigned = post(ks.secretary, kingsway, ks_case, "assign",
                    {"user": ks.investigator.pk, "role": "investigator"}, expect=201)
    assert get(ks.investigator, kingsway, ks_case)["reference"] == "KINGSWAY-2026-0001"
    no_reason = post(ks.secretary, kingsway, ks_case, "unassign",
                     {"assignment": assigned["assignment"]["id"], "reason": ""}, expect=400)
    assert no_reason["errors"]["reason"] == ["Say why the appointment ends."]
    post(ks.secretary, kingsway, ks_case, "unassign",
         {"assignment": assigned["assignment"]["id"], "reason": "Conflict found"})
    get(ks.investigator, kingsway, ks_case, expect=404)
    detail = get(ks.secretary, kingsway, ks_case)
    assert "investigator" not in [a["role"] for a in detail["assignments"]]


def test_wrong_role_gets_403_in_the_institutions_words(kingsway, midshire, ks, ms, today):
    refused = call(ks.bystander, "post", url(kingsway), case_data(), expect=403)
    assert_error(refused, 403, "permission_denied")
    assert refused["detail"] == (
        "Only the School Secretary or Deputy Head of Student Services (Advice and Policy) or "
        "Anti-Harassment Support Advisor can do this.")

    case_id = case_at_investigation(kingsway, ks, case_data())
    post(ks.secretary, kingsway, case_id, "assign",
         {"user": ks.investigator.pk, "role": "investigator"}, expect=201)
    for action, body in (
            ("formal-decision", {"result": "dismiss", "reasons": "No case"}),
            ("pause", {"reason": "police", "detail": "Police enquiry"}),
            ("assign", {"user": ks.clerk.pk, "role": "clerk"})):
        refused = post(ks.investigator, kingsway, case_id, action, body, expect=403)
        who = ("School Secretary or Anti-Harassment Support Advisor" if action == "assign"
               else "School Secretary")  # an advisor may appoint a caseworker
        assert refused["detail"] == f"Only the {who} can do this.", action

    ms_case = case_at_investigation(midshire, ms, case_data())
    post(ms.secretary, midshire, ms_case, "assign",
         {"user": ms.investigator.pk, "role": "investigator"}, expect=201)
    refused = post(ms.investigator, midshire, ms_case, "pause",
                   {"reason": "police", "detail": "Police enquiry"}, expect=403)
    assert refused["detail"] == "Only the Academic Registrar can do this."
    assert CasePause.objects.for_institution(midshire).count() == 0


def test_board_member_cannot_do_the_clerks_work(kingsway, ks, today):
    case_id = case_at_board_hearing(kingsway, ks, case_data(), hearing_date="2026-12-01")
    refused = post(ks.chair, kingsway, case_id, "board-hearing", {"result": "held"},
                   expect=403)
    assert refused["detail"] == (
        "Only the Clerk to the Board of Discipline appointed to KINGSWAY-2026-0001 can do this.")


def test_bad_body_for_opening_a_case_is_400_by_field_and_saves_nothing(kingsway, ks, today):
    def counts():
        return [m.objects.for_institution(kingsway).count()
                for m in (Case, Allegation, Party, Student)]

    before = counts()
    body = case_data(allegation_raised_on="yesterday")
    body["allegations"][0]["misconduct_type"] = "99.9"
    body["parties"][0]["email"] = "not-an-email"
    del body["summary"]
    refused = call(ks.secretary, "post", url(kingsway), body, expect=400)
    assert_error(refused, 400, "invalid")
    assert set(refused["errors"]) == {"allegation_raised_on", "allegations.0.misconduct_type",
                                      "parties.0.email", "summary"}
    # Shape is right, the service's rules are not met: its own messages, by field.
    body = case_data(allegation_raised_on=dt.date(2026, 12, 1), summary="  ")
    body["respondent"]["student_id"] = ""
    refused = call(ks.secretary, "post", url(kingsway), body, expect=400)
    assert refused["errors"] == {
        "allegation_raised_on": ["The allegation cannot be raised in the future."],
        "summary": ["Summarise what happened, where, who was involved and the outcome "
                    "sought."],
        "respondent.student_id": ["Enter the reported student's ID."]}
    assert counts() == before


def test_bad_transition_body_is_400_and_changes_nothing(kingsway, ks, ks_case):
    refused = post(ks.secretary, kingsway, ks_case, "intake-decision",
                   {"route": "sideways", "reasons": "x", "police_alerted": "maybe"},
                   expect=400)
    assert set(refused["errors"]) == {"route", "police_alerted"}
    refused = post(ks.secretary, kingsway, ks_case, "intake-decision",
                   {"route": "refer", "reasons": "Not for us"}, expect=400)
    assert list(refused["errors"]) == ["referred_to"]
    refused = post(ks.secretary, kingsway, ks_case, "assign",
                   {"user": "someone", "role": "judge"}, expect=400)
    assert set(refused["errors"]) == {"user", "role"}
    case = Case.objects.for_institution(kingsway).get(pk=ks_case)
    assert (case.stage, case.closed_on) == ("intake", None)
    assert not CaseAssignment.objects.for_institution(kingsway).filter(case=case).exists()


def test_staff_of_another_institution_cannot_be_named_in_a_body(kingsway, midshire, ks, ms,
                                                                ks_case):
    refused = post(ks.secretary, kingsway, ks_case, "assign",
                   {"user": ms.investigator.pk, "role": "investigator"}, expect=400)
    assert refused["errors"] == {"user": ["Choose a member of staff of this institution."]}


def test_illegal_transition_is_refused_with_the_reason(kingsway, ks, ks_case):
    refused = post(ks.secretary, kingsway, ks_case, "formal-decision",
                   {"result": "dismiss", "reasons": "Nothing in it"}, expect=409)
    assert_error(refused, 409, "transition_refused")
    assert refused["detail"] == (
        "You cannot decide the formal outcome now: KINGSWAY-2026-0001 is at 'Decision whether "
        "to proceed'; this is possible only at: formal investigation.")
    refused = post(ks.secretary, kingsway, ks_case, "intake-decision",
                   {"route": "informal", "reasons": "Quick"}, expect=409)
    assert refused["detail"].startswith("Informal resolution is for minor misconduct (§25)")
    untrained = post(ks.secretary, kingsway, ks_case, "assign",
                     {"user": ks.untrained.pk, "role": "investigator"}, expect=409)
    assert untrained["detail"].startswith(f"{ks.untrained} cannot be Investigator on "
                                          "KINGSWAY-2026-0001: has no current")
    assert Case.objects.for_institution(kingsway).get(pk=ks_case).stage == "intake"


def test_pause_stops_the_clock_and_blocks_transitions_until_resumed(kingsway, ks, ks_case):
    formal_target = deadline(get(ks.secretary, kingsway, ks_case), "formal_target")
    assert formal_target["due_date"] == "2027-01-01"
    paused = post(ks.secretary, kingsway, ks_case, "pause", {
        "reason": "police", "detail": "Police investigating", "student_told_on": "2026-11-03"},
        expect=201)
    assert paused["case"]["is_paused"] is True
    assert paused["pause"]["reason"] == "police"
    blocked = post(ks.secretary, kingsway, ks_case, "intake-decision",
                   {"route": "formal", "reasons": "Go"}, expect=409)
    assert blocked["detail"] == ("KINGSWAY-2026-0001 is paused. Resume it before you decide "
                                 "whether to proceed.")
    again = post(ks.secretary, kingsway, ks_case, "pause",
                 {"reason": "medical", "detail": "x"}, expect=409)
    assert again["detail"] == "KINGSWAY-2026-0001 is already paused."
    with time_machine.travel(dt.datetime(2026, 11, 17, 10), tick=False):
        resumed = post(ks.secretary, kingsway, ks_case, "resume", {})
    assert resumed["is_paused"] is False
    moved = deadline(get(ks.secretary, kingsway, ks_case), "formal_target")
    assert moved["due_date"] > formal_target["due_date"]  # the 14 days paused are given back
    detail = get(ks.secretary, kingsway, ks_case)
    assert [(p["started_on"], p["ended_on"]) for p in detail["pauses"]] == [
        ("2026-11-03", "2026-11-17")]


def test_extending_a_deadline_records_when_the_student_was_told(kingsway, ks, ks_case):
    target = deadline(get(ks.secretary, kingsway, ks_case), "formal_target")
    untold = post(ks.secretary, kingsway, ks_case, "extend-deadline", {
        "deadline": target["id"], "new_due": "2027-01-29", "reason": "Witness abroad"},
        expect=400)
    assert list(untold["errors"]) == ["student_told_on"]
    not_ours = post(ks.secretary, kingsway, ks_case, "extend-deadline", {
        "deadline": 999999, "new_due": "2027-01-29", "reason": "Witness abroad",
        "student_told_on": "2026-11-03"}, expect=400)
    assert list(not_ours["errors"]) == ["deadline"]
    extended = post(ks.secretary, kingsway, ks_case, "extend-deadline", {
        "deadline": target["id"], "new_due": "2027-01-29", "reason": "Witness abroad",
        "student_told_on": "2026-11-03"})
    assert (extended["deadline"]["id"], extended["deadline"]["due_date"]) == (
        target["id"], "2027-01-29")
    assert extended["case"]["next_due"] == "2027-01-29"


def test_informal_officer_refers_a_case_to_the_formal_stage(kingsway, ks, today):
    case_id = open_case(ks.officer, kingsway, minor())["id"]
    post(ks.officer, kingsway, case_id, "intake-decision",
         {"route": "informal", "reasons": "Minor"})
    blank = post(ks.officer, kingsway, case_id, "refer-to-formal", {"reason": " "},
                 expect=400)
    assert list(blank["errors"]) == ["reason"]
    referred = post(ks.officer, kingsway, case_id, "refer-to-formal",
                    {"reason": "Student denies it; needs investigating"})
    assert referred["stage"] == "investigation"


def test_objection_to_a_board_member_upheld_sends_the_case_back_for_a_new_notice(
        kingsway, ks, today):
    case_id = case_at_board_hearing(kingsway, ks, case_data(), hearing_date="2026-12-01")
    stranger = post(ks.clerk, kingsway, case_id, "board-objection", {
        "member": ks.spare.pk, "reason": "Knows me", "received_on": "2026-11-03"},
        expect=400)
    assert stranger["errors"] == {"member": ["That person is not a member of this Board."]}
    objection = post(ks.clerk, kingsway, case_id, "board-objection", {
        "member": ks.su.pk, "reason": "Shares a flat with the reporter",
        "received_on": "2026-11-03"}, expect=201)
    assert objection["objection"]["decision"] == "pending"
    decided = post(ks.secretary, kingsway, case_id, "board-objection-decision", {
        "objection": objection["objection"]["id"], "uphold": True,
        "reason": "A reasonable perception of bias"})
    assert decided["objection"]["decision"] == "upheld"
    assert decided["case"]["stage"] == "board_notice"
    detail = get(ks.secretary, kingsway, case_id)
    assert "board_su_officer" not in [a["role"] for a in detail["assignments"]]
    assert [h["status"] for h in detail["hearings"]] == ["adjourned"]
    again = post(ks.secretary, kingsway, case_id, "board-objection-decision", {
        "objection": objection["objection"]["id"], "uphold": False, "reason": "x"},
        expect=409)
    assert again["code"] == "transition_refused"


def test_hearing_cannot_be_recorded_before_its_date_nor_decided_without_every_vote(
        kingsway, ks, today):
    case_id = case_at_board_hearing(kingsway, ks, case_data(), hearing_date="2026-12-01")
    early = post(ks.clerk, kingsway, case_id, "board-hearing", {"result": "held"}, expect=409)
    assert early["detail"].startswith("The hearing is scheduled for Tuesday 1 December 2026")
    with time_machine.travel(dt.datetime(2026, 12, 1, 16), tick=False):
        post(ks.clerk, kingsway, case_id, "board-hearing", {"result": "held"})
        two_votes = [{"member": m.pk, "offence_committed": True, "penalties": ["suspension"]}
                     for m in (ks.chair, ks.su)]
        missing = post(ks.clerk, kingsway, case_id, "board-decision",
                       {"votes": two_votes, "reasons": "Proven"}, expect=400)
    assert list(missing["errors"]) == ["votes"]
    assert str(ks.academic) in missing["errors"]["votes"][0]
    assert get(ks.clerk, kingsway, case_id)["stage"] == "board_hearing"


def test_case_file_in_the_institutions_words(midshire, ms):
    with time_machine.travel(dt.datetime(2026, 11, 3, 10), tick=False):
        body = case_data()
        body["parties"].append({"kind": "witness", "name": "Wren Witness",
                                "identity_withheld": True})
        case_id = case_at_investigation(midshire, ms, body)
        post(ms.secretary, midshire, case_id, "assign",
             {"user": ms.investigator.pk, "role": "investigator"}, expect=201)
        detail = get(ms.secretary, midshire, case_id)
        assert detail["respondent"]["name"] == "Alex Sample"
        assert [(p["name"], p["identity_withheld"]) for p in detail["parties"]] == [
            ("Sam Reporter", False), ("Wren Witness", True)]
        assert [a["misconduct_type_label"] for a in detail["allegations"]] == [
            "24.6 Abusive conduct, bullying or harassment (incl. sexual harassment)"]
        assert {(a["role"], a["role_label"]) for a in detail["assignments"]} == {
            ("decision_maker", "Academic Registrar"), ("investigator", "Investigator")}
        assert detail["previous_proven_misconduct"] == []
        assert detail["history"][0]["action"] == "case.assigned"
        # The investigator sees the file but not the student's previous record (§47-48).
        assert get(ms.investigator, midshire, case_id)["previous_proven_misconduct"] is None


def test_unauthenticated_requests_are_refused(api, kingsway, ks, ks_case):
    for response in (api.get(url(kingsway)), api.get(url(kingsway, ks_case)),
                     api.post(url(kingsway, ks_case, "pause"), {}, format="json")):
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"
