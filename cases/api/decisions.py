"""Transitions up to the formal decision, appointments, pauses and extensions."""

from __future__ import annotations

from .. import serializers as s
from ..services import allegations, assignments, intake, outcomes, pauses
from .base import (
    CaseActionView,
    action,
)


@action("cases_intake_decision", s.IntakeDecisionSerializer, s.CaseSummarySerializer,
        service=intake.case_decide_intake,
        summary="Decide whether and how to proceed (§27, §37)")
class IntakeDecisionView(CaseActionView):
    transition = "intake"
    body = s.IntakeDecisionSerializer

    def perform(self, case, actor, data):
        return intake.case_decide_intake(case=case, actor=actor, **data)


@action("cases_allegation_from_breach", s.AllegationFromBreachSerializer,
        s.CaseAllegationResponseSerializer, code=201,
        service=allegations.case_allegation_from_breach,
        summary="Refer a breach of a precautionary measure, or victimisation, recorded on a "
                "linked matter as a new allegation on the case (§23)")
class AllegationFromBreachView(CaseActionView):
    transition = "allegation_add"
    body = s.AllegationFromBreachSerializer
    result_key, result_serializer, created = "allegation", s.CaseAllegationSerializer, True

    def perform(self, case, actor, data):
        return allegations.case_allegation_from_breach(actor=actor, **data)


@action("cases_assign", s.CaseAssignSerializer, s.CaseAssignmentResponseSerializer, code=201,
        service=assignments.case_assign,
        summary="Appoint a member of staff to a role on the case (§39, §53, §55)")
class AssignView(CaseActionView):
    transition = "assign"
    body = s.CaseAssignSerializer
    result_key, result_serializer, created = "assignment", s.CaseAssignmentSerializer, True

    def perform(self, case, actor, data):
        return assignments.case_assign(case=case, actor=actor, **data)


@action("cases_unassign", s.CaseUnassignSerializer, s.CaseSummarySerializer,
        service=assignments.case_unassign,
        summary="End an appointment")
class UnassignView(CaseActionView):
    transition = "unassign"
    body = s.CaseUnassignSerializer

    def perform(self, case, actor, data):
        return assignments.case_unassign(actor=actor, **data)


@action("cases_informal_outcome", s.InformalOutcomeSerializer, s.CaseOutcomeResponseSerializer,
        code=201, service=outcomes.informal_outcome,
        summary="Record the informal outcome (§30-33)")
class InformalOutcomeView(CaseActionView):
    transition = "informal_outcome"
    body = s.InformalOutcomeSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return outcomes.informal_outcome(case=case, actor=actor, **data)


@action("cases_refer_to_formal", s.CaseReasonSerializer, s.CaseSummarySerializer,
        service=outcomes.informal_refer_to_formal,
        summary="Refer an informal case to the formal stage (§27, §32)")
class ReferToFormalView(CaseActionView):
    transition = "refer_to_formal"
    body = s.CaseReasonSerializer

    def perform(self, case, actor, data):
        return outcomes.informal_refer_to_formal(case=case, actor=actor, **data)


@action("cases_formal_decision", s.FormalDecisionSerializer, s.CaseOutcomeResponseSerializer,
        code=201, service=outcomes.formal_decide,
        summary="The decision maker's formal decision (§45-51)")
class FormalDecisionView(CaseActionView):
    transition = "formal_decision"
    body = s.FormalDecisionSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return outcomes.formal_decide(case=case, actor=actor, **data)


@action("cases_pause", s.PauseInputSerializer, s.CasePauseResponseSerializer, code=201,
        service=pauses.case_pause,
        summary="Pause the case: every clock stops (§12, §16, §44)")
class PauseView(CaseActionView):
    transition = "pause"
    body = s.PauseInputSerializer
    result_key, result_serializer, created = "pause", s.CasePauseSerializer, True

    def perform(self, case, actor, data):
        return pauses.case_pause(case=case, actor=actor, **data)


@action("cases_resume", s.CaseResumeSerializer, s.CaseSummarySerializer,
        service=pauses.case_resume,
        summary="Resume a paused case: due dates move by the time paused")
class ResumeView(CaseActionView):
    transition = "resume"
    body = s.CaseResumeSerializer

    def perform(self, case, actor, data):
        return pauses.case_resume(case=case, actor=actor, **data)


@action("cases_extend_deadline", s.CaseExtendDeadlineSerializer, s.CaseDeadlineResponseSerializer,
        service=pauses.case_extend_deadline,
        summary="Extend one of the case's deadlines, recording when the student was told (§44)")
class ExtendDeadlineView(CaseActionView):
    transition = "extend_deadline"
    body = s.CaseExtendDeadlineSerializer
    result_key, result_serializer = "deadline", s.CaseDeadlineSerializer

    def perform(self, case, actor, data):
        return pauses.case_extend_deadline(case=case, actor=actor,
                                           deadline_id=data.pop("deadline"), **data)
