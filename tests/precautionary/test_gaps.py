"""The gaps closed after the domain core: withdrawing a proposal, a breach or victimisation
opening a new allegation on the case (§23), a role on the linked case as a conflict for the
group, and a report's request for a risk assessment taken up as a matter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership, MembershipRole
from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import Allegation, CaseAssignment, CaseRole
from cases.services.allegations import case_allegation_from_breach
from cases.services.common import TransitionError, assign
from institutions.selectors import deadlines_for
from precautionary.errors import PrecautionaryError
from precautionary.models import (
    Breach,
    Decision,
    Matter,
    MatterRole,
    Measure,
    RiskAssessmentRequest,
)
from precautionary.policies import matter_verdicts, state_for
from precautionary.services.decisions import proposal_withdraw, representations_invite
from precautionary.services.followups import breach_record
from precautionary.services.matters import matter_appoint, matter_open, matter_open_from_request
from reporting.models import Report
from reporting.services.casework import report_assign, report_refer_risk
from reporting.services.setup import reporting_defaults_apply
from reporting.services.submission import report_submit

from ..cases.rules_support import at, d, open_case, to_investigation
from ..factories import staff
from .conftest import convened, decided_urgently, propose, reload, student

pytestmark = pytest.mark.django_db

REPRESENTATIONS = "Representations on proposed precautionary measures (§22)"


# -- withdrawing a proposal ------------------------------------------------------------------
def test_withdrawn_proposal_never_comes_into_force_and_ends_the_representations(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decision = propose(kingsway, kg, matter, starts=d("2026-11-23"))
        representations_invite(matter=matter, actor=kg.chair_pm, due=d("2026-11-20"))
        with pytest.raises(ValidationError):
            proposal_withdraw(matter=matter, actor=kg.chair_pm, reason=" ")
        proposal_withdraw(matter=matter, actor=kg.chair_pm,
                          reason="The reporting student has left the hall.")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.WITHDRAWN
    assert set(Measure.objects.for_institution(kingsway).filter(decision=decision)
               .values_list("status", flat=True)) == {Measure.Status.WITHDRAWN}
    assert reload(matter).stage == Matter.Stage.ASSESSED
    window = [x for x in deadlines_for(institution=kingsway, subject=matter)
              if x.purpose == REPRESENTATIONS]
    assert [x.status for x in window] == ["cancelled"]
    assert AuditEvent.objects.for_institution(kingsway).filter(
        action="precautionary.proposal_withdrawn").exists()
    # Nothing is pending any more: the chair may propose afresh, and nothing is left to decide.
    with at("2026-11-17"):
        propose(kingsway, kg, matter, starts=d("2026-11-23"))


def test_only_the_chair_withdraws_a_proposal(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        propose(kingsway, kg, matter, starts=d("2026-11-16"))
        with pytest.raises(PermissionDenied):
            proposal_withdraw(matter=matter, actor=kg.member_pm, reason="Not needed")
        verdicts = {v.key: v for v in matter_verdicts(state_for(matter=matter,
                                                                actor=kg.chair_pm))}
        assert verdicts["withdraw_proposal"].allowed


def test_withdrawing_a_new_proposal_after_a_breach_keeps_the_measures_in_force(midshire, mg):
    with at("2026-11-16"):
        matter = convened(midshire, mg)
        decided_urgently(midshire, mg, matter, on=d("2026-11-16"))
    with at("2026-11-20"):
        active = Measure.objects.for_institution(midshire).get(matter=matter, status="active")
        breach = breach_record(matter=matter, actor=mg.member_pm, kind=Breach.Kind.BREACH,
                               measure=active, occurred_on=d("2026-11-19"),
                               description="Messaged the reporting student.")
        propose(midshire, mg, matter, starts=d("2026-11-20"), breach=breach)
        proposal_withdraw(matter=matter, actor=mg.chair_pm,
                          reason="A warning was enough; the order stands.")
    assert reload(matter).stage == Matter.Stage.IN_FORCE
    active.refresh_from_db()
    assert active.status == Measure.Status.ACTIVE


def test_no_proposal_to_withdraw_is_refused(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        with pytest.raises(PrecautionaryError, match="no proposed decision to withdraw"):
            proposal_withdraw(matter=matter, actor=kg.chair_pm, reason="Nothing")


# -- a breach or victimisation becomes a new allegation on the case (§23) ---------------------
def _breach_on_case(inst, g, kind=Breach.Kind.VICTIMISATION):
    with at("2026-11-16"):
        case = to_investigation(inst, g)
        matter = Matter.objects.for_institution(inst).filter(case=case).first() \
            or matter_open(institution=inst, actor=g.secretary, student=case.respondent,
                           case=case, reason="Threats", grounds=["protection"])
        if not matter.members.exists():
            matter_appoint(matter=matter, actor=g.secretary, user=g.chair_pm,
                           role=MatterRole.CHAIR)
    with at("2026-11-20"):
        breach = breach_record(matter=matter, actor=g.chair_pm, kind=kind,
                               occurred_on=d("2026-11-19"), person_affected="A witness",
                               description="The student threatened a witness in the library.")
    return case, matter, breach


@pytest.mark.parametrize("inst_name", ["kingsway", "midshire"])
def test_victimisation_opens_a_new_allegation_on_the_linked_case(inst_name, request):
    inst = request.getfixturevalue(inst_name)
    g = request.getfixturevalue("kg" if inst_name == "kingsway" else "mg")
    case, matter, breach = _breach_on_case(inst, g)
    before = Allegation.objects.for_institution(inst).filter(case=case).count()
    with at("2026-11-20"):
        allegation = case_allegation_from_breach(
            breach=breach, actor=g.secretary, misconduct_type="24.6", category="harassment",
            severity="major")
    assert Allegation.objects.for_institution(inst).filter(case=case).count() == before + 1
    assert allegation.description == "The student threatened a witness in the library."
    breach.refresh_from_db()
    assert breach.action == Breach.Action.NEW_ALLEGATION
    events = AuditEvent.objects.for_institution(inst)
    assert events.filter(action="case.allegation_added").exists()
    assert events.filter(action="precautionary.breach_referred").exists()
    # Once only.
    with at("2026-11-20"), pytest.raises(PrecautionaryError, match="already been referred"):
        case_allegation_from_breach(breach=breach, actor=g.secretary, misconduct_type="24.6",
                                    category="harassment", severity="major")


def test_only_the_decision_maker_adds_an_allegation_from_a_breach(kingsway, kg):
    case, matter, breach = _breach_on_case(kingsway, kg)
    with at("2026-11-20"):
        with pytest.raises(PermissionDenied):
            case_allegation_from_breach(breach=breach, actor=kg.chair_pm,
                                        misconduct_type="24.6", category="harassment",
                                        severity="major")
        with pytest.raises(ValidationError):
            case_allegation_from_breach(breach=breach, actor=kg.secretary,
                                        misconduct_type="99.9", category="harassment",
                                        severity="major")
    breach.refresh_from_db()
    assert breach.action == Breach.Action.NONE
    assert not Allegation.objects.for_institution(kingsway).filter(
        case=case, misconduct_type="99.9").exists()


def test_a_breach_on_a_matter_with_no_case_cannot_become_an_allegation(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        breach = breach_record(matter=matter, actor=kg.chair_pm, kind=Breach.Kind.VICTIMISATION,
                               occurred_on=d("2026-11-16"), description="Threats online.")
        with pytest.raises(TransitionError, match="not linked to a case"):
            case_allegation_from_breach(breach=breach, actor=kg.secretary,
                                        misconduct_type="24.6", category="harassment",
                                        severity="major")


# -- a role on the linked case conflicts with a place on the matter ---------------------------
def test_the_cases_investigator_cannot_sit_on_the_linked_matters_group(kingsway, kg):
    with at("2026-11-16"):
        case = to_investigation(kingsway, kg)
        # A member of the group is also appointed the case's investigator.
        membership = Membership.objects.for_institution(kingsway).get(user=kg.other_pm)
        MembershipRole.objects.create(institution=kingsway, membership=membership,
                                      role=Role.INVESTIGATOR)
        assign(case=case, user=kg.other_pm, role=CaseRole.INVESTIGATOR, by=kg.secretary)
        matter = matter_open(institution=kingsway, actor=kg.secretary, student=case.respondent,
                             case=case, reason="Threats", grounds=["protection"])
        with pytest.raises(PrecautionaryError, match="involved in the linked case as "
                                                     "investigator"):
            matter_appoint(matter=matter, actor=kg.secretary, user=kg.other_pm,
                           role=MatterRole.MEMBER)
        # Someone with no place on the case may sit.
        matter_appoint(matter=matter, actor=kg.secretary, user=kg.chair_pm,
                       role=MatterRole.CHAIR)
        # The same person may sit on a matter not linked to that case.
        other = matter_open(institution=kingsway, actor=kg.secretary,
                            student=student(kingsway, "20269999"), reason="Threats",
                            grounds=["protection"])
        matter_appoint(matter=other, actor=kg.secretary, user=kg.other_pm,
                       role=MatterRole.MEMBER)


def test_a_support_caseworker_for_a_party_cannot_sit_on_the_group(midshire, mg):
    with at("2026-11-16"):
        case = open_case(midshire, mg.secretary)
        membership = Membership.objects.for_institution(midshire).get(user=mg.member_pm)
        MembershipRole.objects.create(institution=midshire, membership=membership,
                                      role=Role.SUPPORT_CASEWORKER)
        assign(case=case, user=mg.member_pm, role=CaseRole.CASEWORKER, by=mg.secretary)
        (matter,) = Matter.objects.for_institution(midshire).filter(case=case)
        with pytest.raises(PrecautionaryError, match="supports a party to the linked case"):
            matter_appoint(matter=matter, actor=mg.secretary, user=mg.member_pm,
                           role=MatterRole.MEMBER)


def test_a_case_role_taken_after_appointment_stops_the_member_acting(kingsway, kg):
    """Re-checked at every action (as for disciplinary roles), not only at appointment."""
    with at("2026-11-16"):
        case = to_investigation(kingsway, kg)
        matter = convened(kingsway, kg, case=case, who=case.respondent)
        membership = Membership.objects.for_institution(kingsway).get(user=kg.chair_pm)
        MembershipRole.objects.create(institution=kingsway, membership=membership,
                                      role=Role.CLERK)
        # Written directly: the chair can no longer be appointed clerk while on the group
        # (tests/precautionary/test_case_side.py); a place from before that rule still counts.
        CaseAssignment.objects.create(institution=kingsway, case=case, user=kg.chair_pm,
                                      role=CaseRole.CLERK, assigned_by=kg.secretary)
        with pytest.raises(PermissionDenied, match="linked case as clerk"):
            propose(kingsway, kg, matter, starts=d("2026-11-16"))


# -- a report's request for a risk assessment becomes a matter -------------------------------
def test_report_refer_risk_request_is_taken_up_as_a_matter(kingsway, kg):
    reporting_defaults_apply(institution=kingsway)
    caseworker = staff(kingsway, Role.SUPPORT_CASEWORKER, email="cw-risk@kingsway.test")
    with at("2026-11-16"):
        report = report_submit(institution=kingsway, data={
            "reporter_role": "student", "perspective": "self", "categories": ["stalking"],
            "when": "last_week", "location": "hall", "narrative": "He waits outside my room.",
            "involved": [{"name": "Alex Sample", "student_id": "20260001", "role": "student"}],
            "wants": ["support"], "anonymous": True}).report
        report_assign(report=report, actor=caseworker, assignee=caseworker)
        report = Report.objects.for_institution(kingsway).get(pk=report.pk)
        request = report_refer_risk(report=report, actor=caseworker,
                                    reason="Following the reporter: risk of escalation.")
    assert request.status == RiskAssessmentRequest.Status.OPEN
    reported = student(kingsway)
    with at("2026-11-17"):
        # A caseworker cannot take it up: only the convener or a member of the group.
        with pytest.raises(PermissionDenied):
            matter_open_from_request(request=request, actor=caseworker, student=reported)
        matter = matter_open_from_request(request=request, actor=kg.chair_pm,
                                          student=reported, grounds=["protection"])
        with pytest.raises(PrecautionaryError, match="already been taken up"):
            matter_open_from_request(request=request, actor=kg.chair_pm,
                                     student=student(kingsway, "20260002"))
    assert matter.report_id == report.pk
    assert matter.case_id is None
    assert matter.origin_request_id == request.pk
    assert matter.referral_reason == "Following the reporter: risk of escalation."
    request.refresh_from_db()
    assert request.status == RiskAssessmentRequest.Status.IN_PROGRESS
    # The member of the group who took it up chairs it.
    assert matter.members.get().role == MatterRole.CHAIR
    with at("2026-11-18"):
        decided_urgently(kingsway, kg, _assessed(kingsway, kg, matter), on=d("2026-11-18"))
    request.refresh_from_db()
    assert request.status == RiskAssessmentRequest.Status.DONE


def _assessed(inst, g, matter):
    from precautionary.models import ProtectedPerson
    from precautionary.services.decisions import risk_assess
    from precautionary.services.matters import protected_person_add

    protected_person_add(matter=matter, actor=g.chair_pm, name="The reporter",
                         relation=ProtectedPerson.Relation.REPORTING_STUDENT)
    risk_assess(matter=matter, actor=g.chair_pm, grounds=["protection"], level="high",
                nature="Following", circumstances="Same hall")
    return reload(matter)


# -- an overdue review is escalated to the decision maker -----------------------------------
def _escalations(inst):
    from outbox.models import OutboxMessage

    return [m for m in OutboxMessage.objects.filter(institution=inst)
            if ":escalated:" in m.key]


def test_an_overdue_precautionary_review_is_escalated_to_the_decision_maker(kingsway, kg):
    from institutions.services.reminders import deadlines_sweep
    from precautionary.procedure import REVIEW

    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    (review,) = [x for x in deadlines_for(institution=kingsway, subject=matter)
                 if x.rule == REVIEW and x.is_open]
    assert review.due_date == d("2026-12-28")  # six weeks, calendar days (over Christmas)
    with at("2026-12-28"):
        deadlines_sweep(institution=kingsway, today=d("2026-12-28"))
    assert not _escalations(kingsway)  # due today: a reminder to the chair, not escalated
    with at("2026-12-29"):
        result = deadlines_sweep(institution=kingsway, today=d("2026-12-29"))
        deadlines_sweep(institution=kingsway, today=d("2026-12-29"))  # a re-run sends nothing
    assert result.missed == 1
    (mail,) = _escalations(kingsway)
    assert sorted(mail.payload["to"]) == sorted([kg.secretary.email, kg.secretary2.email])
    assert "Review of precautionary measures" in mail.payload["subject"]
    assert "Alex" not in mail.payload["body"]  # names the deadline only
    assert AuditEvent.objects.for_institution(kingsway).filter(
        action="deadline.escalated").count() == 1


def test_a_missed_deadline_of_a_rule_without_escalation_is_only_marked_missed(kingsway, kg):
    from institutions.services.deadlines import deadline_register_date
    from institutions.services.reminders import deadlines_sweep

    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        deadline_register_date(institution=kingsway, subject=matter, purpose="Call back",
                               start=d("2026-11-16"), due=d("2026-11-18"),
                               description="2 days", responsible_role=Role.DECISION_MAKER)
    with at("2026-11-20"):
        result = deadlines_sweep(institution=kingsway, today=d("2026-11-20"))
    assert result.missed == 1
    assert not _escalations(kingsway)


def test_the_sweep_escalates_3_or_15_overdue_reviews_in_the_same_statements(kingsway, kg):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audit.services import audit_verify
    from institutions.services.deadlines import deadline_register_date
    from institutions.services.reminders import deadlines_sweep
    from precautionary.procedure import REVIEW

    with at("2026-11-16"):
        matter = convened(kingsway, kg)

    def sweep_with(n: int, day: str) -> int:
        today = d(day)
        with at("2026-11-16"):
            for _ in range(n):
                deadline_register_date(institution=kingsway, subject=matter, rule=REVIEW,
                                       purpose="Review of precautionary measures (§22)",
                                       start=d("2026-11-16"), due=today - dt.timedelta(days=1),
                                       description="42 calendar days")
        with at(day), CaptureQueriesContext(connection) as queries:
            result = deadlines_sweep(institution=kingsway, today=today)
        assert result.missed == n
        return len(queries)

    few = sweep_with(3, "2026-12-08")
    many = sweep_with(15, "2026-12-15")
    assert many == few
    assert len(_escalations(kingsway)) == 18
    assert audit_verify(kingsway) is None
