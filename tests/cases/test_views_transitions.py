"""The other transition pages, each through HTTP: informal resolution, late appeals, pauses
and extensions, objections to a Board member, adjourned hearings, amended penalties."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils.html import escape

from cases.models import (
    Appeal,
    BoardObjection,
    CaseRole,
    Hearing,
    Letter,
    LetterKind,
    Outcome,
    Stage,
)
from cases.services.appeals import appeal_lodge
from cases.services.board import board_send_notice
from cases.services.common import assign
from cases.services.intake import case_decide_intake, case_open
from cases.services.outcomes import formal_decide
from institutions.selectors import deadlines_for

from .conftest import case_data, minor
from .pages import error_for, fails, submit, textarea_of, url, value_of

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10):
    d = dt.date.fromisoformat(day)
    return time_machine.travel(dt.datetime(d.year, d.month, d.day, hour), tick=False)


def test_informal_outcome_then_a_late_appeal_refused(client, kingsway, ks,
                                                     django_capture_on_commit_callbacks):
    with at("2026-11-03"), django_capture_on_commit_callbacks(execute=True):
        case = case_open(institution=kingsway, actor=ks.secretary, **minor())
        client.force_login(ks.secretary)
        submit(client, url(case, "intake/"), {"route": "informal", "reasons": "Minor"})
        submit(client, url(case, "assign/"), {"role": "informal_officer", "user": ks.officer.pk})
        client.force_login(ks.officer)
        page = client.get(url(case, "informal-outcome/")).text
        assert "Deputy Head of Student Services (Advice and Policy) may impose" in page
        assert "A fine: only the School Secretary or the Board of Discipline" in page
        fails(client, url(case, "informal-outcome/"), {"misconduct_found": "yes",
                                                         "reasons": "Admitted"})
        submit(client, url(case, "informal-outcome/"), {
            "misconduct_found": "yes", "reasons": "Admitted the remarks.",
            "actions_taken": "Mediation meeting held.", "penalty_apology": "on",
            "penalty_apology_details": "To the reporting student"})
    case.refresh_from_db()
    assert case.stage == Stage.INFORMAL_OUTCOME
    outcome = Outcome.objects.for_institution(kingsway).get(case=case)
    assert not outcome.on_student_record  # §31
    assert [p.details for p in outcome.penalties.all()] == ["To the reporting student"]
    kinds = {(letter.kind, letter.recipient["role"]) for letter in
             Letter.objects.for_institution(kingsway).filter(case=case)}
    assert kinds == {("informal_outcome", "respondent"), ("informal_outcome", "reporting_party")}

    with at("2026-11-30"), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ks.officer)
        late = {"received_on": "2026-11-30", "decision_received_on": "2026-11-04",
                "contact": "a.sample@student.test", "grounds": ["unreasonable"],
                "summary": "Too harsh."}
        html = fails(client, url(case, "appeal/"), late).text
        assert "after the window closed on" in error_for(html, "id_late_reason")
        assert textarea_of(html, "summary") == "Too harsh."
        submit(client, url(case, "appeal/"), {**late, "late_reason": "I was in hospital."})
        appeal = Appeal.objects.for_institution(kingsway).get(case=case)
        assert appeal.status == Appeal.Status.LATE_PENDING
        client.force_login(ks.secretary)
        submit(client, url(case, "assign/"), {"role": "appeal_reviewer", "user": ks.reviewer.pk})
        client.force_login(ks.reviewer)
        page = client.get(url(case)).text
        assert "Decide whether to consider the late appeal received 30 Nov 2026" in page
        submit(client, url(case, f"appeals/{appeal.pk}/late/"),
               {"accept": "no", "reason": "No evidence of the hospital stay."})
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert Letter.objects.for_institution(kingsway).filter(
        case=case, kind=LetterKind.COMPLETION_OF_PROCEDURES).exists()


def test_informal_officer_refers_to_the_formal_stage(client, kingsway, ks):
    with at("2026-11-03"):
        case = case_open(institution=kingsway, actor=ks.officer, **minor())
        client.force_login(ks.officer)  # opened it, so appointed to it
        submit(client, url(case, "intake/"), {"route": "informal", "reasons": "Minor"})
        fails(client, url(case, "refer-to-formal/"), {"reason": ""})
        submit(client, url(case, "refer-to-formal/"), {"reason": "Mediation refused."})
    case.refresh_from_db()
    assert case.stage == Stage.INVESTIGATION


def test_pause_resume_and_extend(client, kingsway, ks):
    with at("2026-11-03"):
        case = case_open(institution=kingsway, actor=ks.secretary, **case_data())
        case_decide_intake(case=case, actor=ks.secretary, route="formal", reasons="Serious")
        client.force_login(ks.secretary)
        submit(client, url(case, "pause/"), {"reason": "police", "detail": "Police inquiry",
                                             "on": "2026-11-03"})
        page = client.get(url(case)).text
        assert '<strong class="tag">Paused</strong>' in page
        assert "Resume the case" in page
        assert "Pause the case" not in page
        refused = client.get(url(case, "formal-decision/")).text
        assert "is paused. Resume it before you decide the formal outcome." in refused
    with at("2026-11-10"):
        client.force_login(ks.secretary)
        submit(client, url(case, "resume/"), {"on": "2026-11-10"})
        case.refresh_from_db()
        assert not case.is_paused
        target = next(d for d in deadlines_for(institution=kingsway, subject=case)
                      if d.rule == "formal_target")
        page = client.get(url(case, f"deadlines/extend/?deadline={target.pk}")).text
        assert f'value="{target.pk}"' in page
        assert "checked" in page
        data = {"deadline": target.pk, "new_due": "2027-02-01",
                "reason": "Witness unavailable until January"}
        html = fails(client, url(case, "deadlines/extend/"), data).text
        assert "Record when the student was told" in error_for(html, "id_student_told_on")
        assert value_of(html, "new_due") == "2027-02-01"
        submit(client, url(case, "deadlines/extend/"), {**data, "student_told_on": "2026-11-10"})
        target.refresh_from_db()
        assert target.due_date == dt.date(2027, 2, 1)
        assert "now due Monday 1 February 2027" in client.get(url(case)).text


@pytest.fixture
def board_case(kingsway, ks):
    with at("2026-11-03"):
        case = case_open(institution=kingsway, actor=ks.secretary, **case_data())
        case_decide_intake(case=case, actor=ks.secretary, route="formal", reasons="Serious")
        formal_decide(case=case, actor=ks.secretary, result="refer_to_board", reasons="Major")
        for user, role in ((ks.clerk, CaseRole.CLERK), (ks.chair, CaseRole.BOARD_CHAIR),
                           (ks.su, CaseRole.BOARD_SU_OFFICER),
                           (ks.academic, CaseRole.BOARD_ACADEMIC)):
            assign(case=case, user=user, role=role, by=ks.secretary)
        board_send_notice(case=case, actor=ks.clerk, hearing_date=dt.date(2026, 12, 1),
                          hearing_format="in_person", arrangements="Room 1",
                          evidence_summary="Messages", documents="Screenshots")
    return case


def test_objection_to_a_member_upheld_sends_the_case_back_for_a_new_notice(
        client, board_case, ks):
    case = board_case
    with at("2026-11-05"):
        client.force_login(ks.clerk)
        page = client.get(url(case, "board/objection/")).text
        assert "Students&#x27; Union officer on the Board of Discipline" in page
        submit(client, url(case, "board/objection/"), {
            "member": ks.su.pk, "reason": "They share a flat with the reporting student.",
            "received_on": "2026-11-05"})
        objection = BoardObjection.objects.for_institution(case.institution).get(case=case)
        client.force_login(ks.secretary)
        page = client.get(url(case)).text
        assert f"Decide the objection to {escape(ks.su)}" in page
        submit(client, url(case, f"board/objections/{objection.pk}/decide/"),
               {"uphold": "yes", "reason": "A close connection."})
        # decided: the page no longer offers the form
        again = client.get(url(case, f"board/objections/{objection.pk}/decide/")).text
        assert "This objection has already been decided." in again
    case.refresh_from_db()
    assert case.stage == Stage.BOARD_NOTICE


def test_hearing_adjourned_then_student_absent(client, board_case, ks):
    case = board_case
    with at("2026-12-01"):
        client.force_login(ks.clerk)
        html = fails(client, url(case, "board/hearing/"), {"result": "adjourned",
                                                            "new_date": "2026-12-08"}).text
        assert "grounds for the adjournment" in error_for(html, "id_note")
        submit(client, url(case, "board/hearing/"), {
            "result": "adjourned", "new_date": "2026-12-08", "note": "Chair unwell"})
    with at("2026-12-08"):
        client.force_login(ks.clerk)
        html = fails(client, url(case, "board/hearing/"), {
            "result": "student_absent", "good_reason": "yes", "proceed_in_absence": "on"}).text
        assert "may proceed in the student&#x27;s absence only if" in html
        submit(client, url(case, "board/hearing/"), {
            "result": "student_absent", "good_reason": "no", "proceed_in_absence": "on",
            "note": "No reply to our emails"})
        statuses = [h.status for h in Hearing.objects.for_institution(case.institution)
                    .filter(case=case).order_by("scheduled_for")]
        assert statuses == [Hearing.Status.ADJOURNED, Hearing.Status.HELD]
        page = client.get(url(case, "board/decision/")).text
        assert f"Chair of the Board of Discipline: {escape(ks.chair)}" in page
        html = fails(client, url(case, "board/decision/"), {
            f"vote_{ks.chair.pk}_offence": "yes", f"vote_{ks.chair.pk}_penalties": ["suspension"],
            "reasons": "Proven"}).text
        assert f"Record the vote of {escape(ks.su)} on the offence." in html
        assert re.search(rf'name="vote_{ks.chair.pk}_penalties" value="suspension"[^>]*checked',
                         html)


def test_appeal_amends_the_penalty(client, kingsway, ks, django_capture_on_commit_callbacks):
    with at("2026-11-03"), django_capture_on_commit_callbacks(execute=True):
        case = case_open(institution=kingsway, actor=ks.secretary, **case_data())
        case_decide_intake(case=case, actor=ks.secretary, route="formal", reasons="Serious")
        formal_decide(case=case, actor=ks.secretary, result="uphold", reasons="Proven",
                      considered_previous_record=True, penalties=[{"code": "suspension"}])
        appeal = appeal_lodge(case=case, actor=ks.secretary, received_on=dt.date(2026, 11, 3),
                              grounds=["unreasonable"], summary="Disproportionate",
                              contact="a@b.test", decision_received_on=dt.date(2026, 11, 3))
        assign(case=case, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
        client.force_login(ks.reviewer)
        page = client.get(url(case, f"appeals/{appeal.pk}/decide/")).text
        assert "Order a re-hearing" not in page  # only after a Board decision (§69)
        assert "Suspension from studies" in page  # the decision appealed, with its penalty
        html = fails(client, url(case, f"appeals/{appeal.pk}/decide/"),
                     {"result": "amend", "reasons": "Too severe"}).text
        assert "Give the amended penalties." in html
        submit(client, url(case, f"appeals/{appeal.pk}/decide/"), {
            "result": "amend", "reasons": "Too severe", "penalty_written_warning": "on"})
    amended = Outcome.objects.for_institution(kingsway).get(case=case, kind="appeal")
    assert [p.penalty_type.code for p in amended.penalties.all()] == ["written_warning"]
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
