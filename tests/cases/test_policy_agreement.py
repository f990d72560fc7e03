"""One rule in one place (issue 8 §1): for every action on every demo case and every member of
staff who can see it, the case page's offer, the API's ``available_actions``, the transition
page and the service's verdict agree.

The service's verdict is taken by calling it with input it will refuse as invalid, inside a
transaction that is rolled back: a service that lets the person act gets as far as the input
(``ValidationError``) or succeeds; one that refuses the person or the step raises
``PermissionDenied`` or a ``DomainRefusal`` first.

The demo's staff are joined by a decision maker whose training has lapsed (the drift the review
found: offered the forms, refused on POST, and allowed to pause) and a clerk who has declared a
relationship with a party.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from accounts.models import Membership, MembershipRole, User
from accounts.roles import Role
from cases.models import Case, CaseAssignment, CaseRole
from cases.permissions import can_see_case
from cases.policies import CaseState, case_candidates, refusal_for
from cases.services import (
    allegations,
    appeal_panels,
    appeals,
    assignments,
    board,
    delays,
    evidence,
    informal_reviews,
    intake,
    investigation,
    outcomes,
    pauses,
)
from core.errors import DomainRefusal
from governance.models import RelationshipDeclaration
from institutions.models import Institution
from reporting.models import Report
from reporting.permissions import can_see_report
from reporting.services import casework, escalation
from tests.factories import train

pytestmark = pytest.mark.django_db(transaction=False)

DAY = dt.date(2026, 12, 4)

#: Each action's service, called with input it refuses as invalid.
CALLS = {
    "intake": lambda c, u, o: intake.case_decide_intake(case=c, actor=u, route="", reasons=""),
    "allegation_add": lambda c, u, o: allegations.case_allegation_from_breach(
        breach=o, actor=u, misconduct_type="", category="", severity=""),
    "assign": lambda c, u, o: assignments.case_assign(case=c, actor=u, user=u, role=""),
    "unassign": lambda c, u, o: assignments.case_unassign(assignment=o, actor=u, reason=""),
    "informal_outcome": lambda c, u, o: outcomes.informal_outcome(
        case=c, actor=u, misconduct_found=False, reasons="", actions_taken=""),
    "refer_to_formal": lambda c, u, o: outcomes.informal_refer_to_formal(
        case=c, actor=u, reason=""),
    "formal_decision": lambda c, u, o: outcomes.formal_decide(
        case=c, actor=u, result="", reasons=""),
    "board_notice": lambda c, u, o: board.board_send_notice(
        case=c, actor=u, hearing_date=DAY, hearing_format="", arrangements="",
        evidence_summary="", documents=""),
    "objection": lambda c, u, o: board.board_record_objection(
        case=c, actor=u, member_user=u, reason="", received_on=DAY),
    "objection_decision": lambda c, u, o: board.board_decide_objection(
        objection=o, actor=u, uphold=False, reason=""),
    "hearing": lambda c, u, o: board.board_record_hearing(case=c, actor=u, result=""),
    "board_decision": lambda c, u, o: board.board_decide(case=c, actor=u, votes=[],
                                                         reasons=""),
    "appeal_lodge": lambda c, u, o: appeals.appeal_lodge(
        case=c, actor=u, received_on=DAY, grounds=[], summary="", decision_received_on=DAY,
        contact=""),
    "late_appeal": lambda c, u, o: appeals.appeal_decide_late(
        appeal=o, actor=u, accept=False, reason=""),
    "appeal_decision": lambda c, u, o: appeals.appeal_decide(
        appeal=o, actor=u, result="", reasons=""),
    "appeal_panel_convene": lambda c, u, o: appeal_panels.appeal_panel_convene(
        appeal=o, actor=u, chair=None, members=[], reasons=""),
    "appeal_panel_decision": lambda c, u, o: appeal_panels.appeal_panel_decide(
        appeal=o, actor=u, result="", reasons=""),
    "informal_review_request": lambda c, u, o: informal_reviews.informal_review_request(
        case=c, actor=u, party=None, requested_on=DAY, via="", concerns="", reviewer=None),
    "informal_review_appoint": lambda c, u, o: informal_reviews.informal_review_appoint(
        review=o, actor=u, reviewer=None),
    "informal_review_decision": lambda c, u, o: informal_reviews.informal_review_complete(
        review=o, actor=u, findings=""),
    "close_no_appeal": lambda c, u, o: appeals.case_close_no_appeal(case=c, actor=u),
    "completion_letter": lambda c, u, o: appeals.case_issue_completion_letter(case=c, actor=u),
    "pause": lambda c, u, o: pauses.case_pause(case=c, actor=u, reason="", detail=""),
    "resume": lambda c, u, o: pauses.case_resume(case=c, actor=u),
    "extend_deadline": lambda c, u, o: pauses.case_extend_deadline(
        case=c, actor=u, deadline_id=0, new_due=DAY, reason="", student_told_on=None),
    "evidence": lambda c, u, o: evidence.evidence_add(case=c, actor=u, title="",
                                                      uploaded_file=None),
    "delay_notify": lambda c, u, o: delays.case_delay_notify(case=c, actor=u, new_date=None,
                                                             reason=""),
    "pause_told": lambda c, u, o: delays.case_pause_told(case=c, actor=u, pause=o),
    "allegation_notice": lambda c, u, o: investigation.allegation_notice_issue(
        case=c, actor=u, particulars=""),
    "investigation_record": lambda c, u, o: investigation.evidence_request_create(
        case=c, actor=u, what="", from_whom="", requested_on=None),
    "investigation_report": lambda c, u, o: investigation.investigator_report_submit(
        case=c, actor=u, summary="", findings=""),
}


class _Rollback(Exception):
    pass


def service_allows(key: str, case: Case, user, obj) -> bool:
    try:
        with transaction.atomic():
            with contextlib.suppress(ValidationError):
                CALLS[key](case, user, obj)
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, DomainRefusal):
        return False


def _extra_staff(institution: Institution) -> None:
    """A decision maker whose training lapsed, and a clerk with a declared relationship,
    both appointed where it matters."""
    lapsed = User.objects.create_user(email=f"lapsed@{institution.slug}.example",
                                      password="x", full_name="Lapsed Training")
    membership = Membership.objects.create(institution=institution, user=lapsed)
    MembershipRole.objects.create(institution=institution, membership=membership,
                                  role=Role.DECISION_MAKER)
    train(lapsed, institution, on=dt.date(2023, 1, 1), expires=dt.date(2026, 6, 30))
    clerk_assignment = (CaseAssignment.objects.for_institution(institution)
                        .filter(role=CaseRole.CLERK, ended_at__isnull=True)
                        .select_related("case__respondent", "user").first())
    if clerk_assignment is not None:
        student = clerk_assignment.case.respondent
        RelationshipDeclaration.objects.create(
            institution=institution, declarer=clerk_assignment.user,
            person_name=f"{student.given_name} {student.family_name}",
            person_student_id=student.student_id, nature="personal")


def _page_offers(html: str) -> tuple[set[str], set[str]]:
    section = html.split('id="actions-title"', 1)[1].split("</section>", 1)[0]
    links = {unescape(u) for u in re.findall(r'<a href="([^"]+)">', section)}
    blocked = {unescape(t) for t in
               re.findall(r'<span class="action-blocked">([^<]+)</span>', section)}
    return links, blocked


def test_page_api_and_service_agree_for_every_action_and_demo_role(client):
    api = APIClient()
    with time_machine.travel(dt.datetime(2026, 12, 4, 9), tick=False):
        call_command("seed_demo", verbosity=0)
        checked = refused = blocked_seen = 0
        for institution in Institution.objects.filter(slug__in=["kingsway", "midshire"]):
            _extra_staff(institution)
            members = list(Membership.objects.for_institution(institution)
                           .filter(is_active=True).select_related("user", "institution"))
            cases = list(Case.objects.for_institution(institution)
                         .select_related("institution", "respondent"))
            for member in members:
                user = member.user
                client.force_login(user)
                api.force_authenticate(user)
                for case in cases:
                    if not can_see_case(membership=member, case=case):
                        continue
                    base = f"/{institution.slug}/staff/cases/{case.pk}/"
                    html = client.get(base).text
                    links, blocked = _page_offers(html)
                    # Ending an appointment is offered beside it, in the appointments table.
                    links |= {unescape(u) for u in re.findall(r'<a href="([^"]+/end/)">', html)}
                    detail = api.get(f"/api/v1/{institution.slug}/cases/{case.pk}/").json()
                    available = {(a["key"], a["object_id"]): a
                                 for a in detail["available_actions"]}
                    state = CaseState(case, member, user)
                    for key, obj in case_candidates(state):
                        refusal = refusal_for(key, state, obj)
                        allowed = service_allows(key, case, user, obj)
                        where = f"{institution.slug} {case.reference} {user.email} {key}"
                        assert allowed == (refusal is None), where
                        offered = available.get((key, obj.pk if obj else None))
                        if allowed:
                            assert offered is not None, where
                            assert offered["allowed"], where
                            assert offered["url"] in links, where
                            page = client.get(offered["url"])
                            assert page.status_code == 200, where
                            assert "This cannot be done now" not in page.text, where
                        else:
                            refused += 1
                            if refusal.shown:
                                blocked_seen += 1
                                assert offered is not None, where
                                assert not offered["allowed"], where
                                assert offered["refusal"] == refusal.message, where
                                if key != "unassign":  # the table shows no reason
                                    assert offered["label"] in blocked, where
                                assert offered["url"] not in links, where
                            else:
                                assert offered is None, where
                        checked += 1
        assert checked > 500, checked
        assert refused > 100, refused
        assert blocked_seen > 0


REPORT_CALLS = {
    "assign": lambda r, u: casework.report_assign(report=r, actor=u, assignee=u),
    "status": lambda r, u: casework.report_set_status(report=r, actor=u, status=""),
    "tags": lambda r, u: casework.report_set_tags(report=r, actor=u, labels=[]),
    "appointment": lambda r, u: casework.appointment_record(report=r, actor=u, mode="",
                                                            date=DAY, status=""),
    "support_action": lambda r, u: casework.support_action_record(report=r, actor=u, kind=""),
    "message": lambda r, u: casework.message_send(report=r, actor=u, body=""),
    "note": lambda r, u: casework.note_add(report=r, actor=u, body=""),
    "refer_hr": lambda r, u: casework.report_refer_hr(report=r, actor=u, note=""),
    "refer_risk": lambda r, u: casework.report_refer_risk(report=r, actor=u, reason=""),
    "escalate": lambda r, u: escalation.report_escalate(
        report=r, actor=u, consent_given_on=None, respondent={}, allegations=[], summary=""),
    "close": lambda r, u: casework.report_close(report=r, actor=u, reason=""),
}


def test_report_api_and_service_agree_for_every_casework_action_and_demo_role():
    api = APIClient()
    with time_machine.travel(dt.datetime(2026, 12, 4, 9), tick=False):
        call_command("seed_demo", verbosity=0)
        checked = refused = 0
        for institution in Institution.objects.filter(slug__in=["kingsway", "midshire"]):
            members = list(Membership.objects.for_institution(institution)
                           .filter(is_active=True).select_related("user", "institution"))
            reports = list(Report.objects.for_institution(institution)
                           .select_related("institution"))
            for member in members:
                api.force_authenticate(member.user)
                for report in reports:
                    if not can_see_report(membership=member, report=report):
                        continue
                    detail = api.get(f"/api/v1/{institution.slug}/reports/{report.pk}/").json()
                    allowed_keys = {a["key"] for a in detail["available_actions"]
                                    if a["allowed"]}
                    for key, call in REPORT_CALLS.items():
                        where = f"{report.reference} {member.user.email} {key}"
                        verdict = _verdict(call, report, member.user)
                        assert verdict == (key in allowed_keys), where
                        refused += not verdict
                        checked += 1
        assert checked > 50, checked
        assert refused > 10, refused


def _verdict(call, report, user) -> bool:
    try:
        with transaction.atomic():
            with contextlib.suppress(ValidationError):
                call(report, user)
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, DomainRefusal):
        return False
