"""One POST endpoint per transition of a matter, each calling exactly one service."""

from __future__ import annotations

from ..models import Appeal, Measure
from ..serializers import inputs as i
from ..serializers import outputs as o
from ..services import decisions, followups, matters
from .base import MatterActionView, action, not_found


@action("precautionary_appoint", i.MatterAppointSerializer, o.MemberResponseSerializer, code=201,
        service=matters.matter_appoint, summary="Appoint the chair or a member (§21)")
class AppointView(MatterActionView):
    transition = "convene"
    body = i.MatterAppointSerializer
    result_key, result_serializer, created = "member", o.MatterMemberSerializer, True

    def perform(self, matter, actor, data):
        return matters.matter_appoint(matter=matter, actor=actor, **data)


@action("precautionary_unappoint", i.MatterUnappointSerializer, o.MatterSummarySerializer,
        service=matters.matter_unappoint, summary="End an appointment to the group")
class UnappointView(MatterActionView):
    transition = "unappoint"
    body = i.MatterUnappointSerializer

    def perform(self, matter, actor, data):
        return matters.matter_unappoint(member=data["member"], actor=actor,
                                        reason=data["reason"])


@action("precautionary_protected_add", i.ProtectedPersonInputSerializer,
        o.ProtectedResponseSerializer, code=201, service=matters.protected_person_add,
        summary="Add a person the measures protect (§21-23)")
class ProtectedAddView(MatterActionView):
    transition = "protected_add"
    body = i.ProtectedPersonInputSerializer
    result_key, result_serializer, created = ("protected_person", o.ProtectedPersonSerializer,
                                              True)

    def perform(self, matter, actor, data):
        return matters.protected_person_add(matter=matter, actor=actor, **data)


@action("precautionary_assess", i.AssessmentInputSerializer, o.AssessmentResponseSerializer,
        code=201, service=decisions.risk_assess,
        summary="Record the group's risk assessment (§20-21)")
class AssessView(MatterActionView):
    transition = "assess"
    body = i.AssessmentInputSerializer
    result_key, result_serializer, created = "assessment", o.RiskAssessmentSerializer, True

    def perform(self, matter, actor, data):
        return decisions.risk_assess(matter=matter, actor=actor, **data)


@action("precautionary_propose", i.MeasuresProposeSerializer, o.DecisionResponseSerializer,
        code=201,
        service=decisions.measures_propose, summary="Propose measures (§22)")
class ProposeView(MatterActionView):
    transition = "propose"
    body = i.MeasuresProposeSerializer
    result_key, result_serializer, created = "decision", o.MatterDecisionSerializer, True

    def perform(self, matter, actor, data):
        data["measures"] = [dict(m) for m in data["measures"]]
        return decisions.measures_propose(matter=matter, actor=actor, **data)


@action("precautionary_representations_invite", i.RepresentationsInviteSerializer,
        o.DecisionResponseSerializer, service=decisions.representations_invite,
        summary="Invite the student's representations (§22)")
class InviteView(MatterActionView):
    transition = "invite_representations"
    body = i.RepresentationsInviteSerializer
    result_key, result_serializer = "decision", o.MatterDecisionSerializer

    def perform(self, matter, actor, data):
        return decisions.representations_invite(matter=matter, actor=actor, **data)


@action("precautionary_representations_skip", i.RepresentationsSkipSerializer,
        o.DecisionResponseSerializer,
        service=decisions.representations_skip,
        summary="Decide without representations: urgent, sensitive or high risk (§22)")
class SkipView(MatterActionView):
    transition = "skip_representations"
    body = i.RepresentationsSkipSerializer
    result_key, result_serializer = "decision", o.MatterDecisionSerializer

    def perform(self, matter, actor, data):
        return decisions.representations_skip(matter=matter, actor=actor, **data)


@action("precautionary_representations_record", i.RepresentationsRecordSerializer,
        o.DecisionResponseSerializer, service=decisions.representations_record,
        summary="Record the student's representations (§22)")
class RepresentationsView(MatterActionView):
    transition = "record_representations"
    body = i.RepresentationsRecordSerializer
    result_key, result_serializer = "decision", o.MatterDecisionSerializer

    def perform(self, matter, actor, data):
        return decisions.representations_record(matter=matter, actor=actor, **data)


@action("precautionary_decide", i.MeasuresDecideSerializer, o.DecisionResponseSerializer,
        service=decisions.measures_decide, summary="Decide the measures (§22)")
class DecideView(MatterActionView):
    transition = "decide"
    body = i.MeasuresDecideSerializer
    result_key, result_serializer = "decision", o.MatterDecisionSerializer

    def perform(self, matter, actor, data):
        return decisions.measures_decide(matter=matter, actor=actor, **data)


@action("precautionary_proposal_withdraw", i.MatterReasonSerializer, o.DecisionResponseSerializer,
        service=decisions.proposal_withdraw,
        summary="Withdraw the proposed measures before they are decided (§22)")
class WithdrawView(MatterActionView):
    transition = "withdraw_proposal"
    body = i.MatterReasonSerializer
    result_key, result_serializer = "decision", o.MatterDecisionSerializer

    def perform(self, matter, actor, data):
        return decisions.proposal_withdraw(matter=matter, actor=actor, **data)


@action("precautionary_appeal_lodge", i.MatterAppealLodgeSerializer, o.AppealResponseSerializer,
        code=201, service=followups.appeal_lodge,
        summary="Record the student's appeal (§22: within five working days)")
class AppealLodgeView(MatterActionView):
    transition = "appeal_lodge"
    body = i.MatterAppealLodgeSerializer
    result_key, result_serializer, created = "appeal", o.MatterAppealSerializer, True

    def perform(self, matter, actor, data):
        return followups.appeal_lodge(matter=matter, actor=actor, **data)


@action("precautionary_appeal_decide", i.MatterAppealDecideSerializer, o.AppealResponseSerializer,
        service=followups.appeal_decide, summary="Decide the appeal (§22)")
class AppealDecideView(MatterActionView):
    transition = "appeal_decide"
    body = i.MatterAppealDecideSerializer
    result_key, result_serializer = "appeal", o.MatterAppealSerializer

    def get_target(self, matter):
        appeal = Appeal.objects.for_institution(self.institution).filter(
            matter=matter, pk=self.kwargs["appeal_id"]).select_related("matter").first()
        if appeal is None:
            raise not_found()
        return appeal

    def perform(self, matter, actor, data):
        variations = [dict(v) for v in data.pop("variations", [])]
        return followups.appeal_decide(appeal=self.target, actor=actor,
                                       variations=variations, **data)


@action("precautionary_review_request", i.MatterReviewRequestSerializer, o.ReviewResponseSerializer,
        code=201, service=followups.review_request,
        summary="Record the student's request for a review on a material change (§22)")
class ReviewRequestView(MatterActionView):
    transition = "review_request"
    body = i.MatterReviewRequestSerializer
    result_key, result_serializer, created = "review", o.MatterReviewSerializer, True

    def perform(self, matter, actor, data):
        return followups.review_request(matter=matter, actor=actor, **data)


@action("precautionary_review", i.MatterReviewInputSerializer, o.ReviewResponseSerializer, code=201,
        service=followups.measures_review, summary="Review the measures (§22)")
class ReviewView(MatterActionView):
    transition = "review"
    body = i.MatterReviewInputSerializer
    result_key, result_serializer, created = "review", o.MatterReviewSerializer, True

    def perform(self, matter, actor, data):
        variations = [dict(v) for v in data.pop("variations", [])]
        data["assessment"] = dict(data["assessment"])
        return followups.measures_review(matter=matter, actor=actor, variations=variations,
                                         **data)


@action("precautionary_share", i.MatterShareInputSerializer, o.ShareResponseSerializer, code=201,
        service=followups.measures_share,
        summary="Record who was told of the measures (§22 need-to-know, §38)")
class ShareView(MatterActionView):
    transition = "share"
    body = i.MatterShareInputSerializer
    result_key, result_serializer, created = "share", o.MatterShareSerializer, True

    def perform(self, matter, actor, data):
        return followups.measures_share(matter=matter, actor=actor, **data)


@action("precautionary_breach", i.BreachInputSerializer, o.BreachResponseSerializer, code=201,
        service=followups.breach_record,
        summary="Record a breach of a measure or victimisation (§23)")
class BreachView(MatterActionView):
    transition = "breach"
    body = i.BreachInputSerializer
    result_key, result_serializer, created = "breach", o.MatterBreachSerializer, True

    def perform(self, matter, actor, data):
        return followups.breach_record(matter=matter, actor=actor, **data)


@action("precautionary_lift", i.MeasureLiftSerializer, o.MeasuresResponseSerializer,
        service=followups.measure_lift, summary="Lift one measure, or all in force")
class LiftView(MatterActionView):
    transition = "lift"
    body = i.MeasureLiftSerializer
    result_key, result_serializer, many = "measures", o.PrecautionaryMeasureSerializer, True

    def perform(self, matter, actor, data):
        measure: Measure | None = data.get("measure")
        return followups.measure_lift(matter=matter, actor=actor, reason=data["reason"],
                                      measure=measure)


@action("precautionary_end_with_case", i.EndWithCaseSerializer, o.MatterSummarySerializer,
        service=followups.measures_end_with_case,
        summary="End the measures with the case, or record why they continue (§19)")
class EndWithCaseView(MatterActionView):
    transition = "case_ended"
    body = i.EndWithCaseSerializer

    def perform(self, matter, actor, data):
        return followups.measures_end_with_case(matter=matter, actor=actor, **data)


@action("precautionary_close", i.MatterReasonSerializer, o.MatterSummarySerializer,
        service=matters.matter_close, summary="Close the matter")
class CloseView(MatterActionView):
    transition = "close"
    body = i.MatterReasonSerializer

    def perform(self, matter, actor, data):
        return matters.matter_close(matter=matter, actor=actor, **data)
