"""Appeals and closing (§33-36, §65-71)."""

from __future__ import annotations

from rest_framework import exceptions

from .. import serializers as s
from ..models import InformalReview, Letter
from ..services import appeal_panels, appeals, informal_reviews
from .base import (
    AppealActionView,
    CaseActionView,
    action,
)


@action("cases_appeal_lodge", s.AppealLodgeSerializer, s.CaseAppealResponseSerializer, code=201,
        service=appeals.appeal_lodge,
        summary="Record an appeal received from the student (§33, §66; Appendix B)")
class AppealLodgeView(CaseActionView):
    transition = "appeal_lodge"
    body = s.AppealLodgeSerializer
    result_key, result_serializer, created = "appeal", s.CaseAppealSerializer, True

    def perform(self, case, actor, data):
        return appeals.appeal_lodge(case=case, actor=actor, **data)


@action("cases_appeal_late_decision", s.LateDecisionSerializer, s.CaseAppealResponseSerializer,
        service=appeals.appeal_decide_late,
        summary="Decide whether a late appeal's reason is good (§35, §66)")
class AppealLateDecisionView(AppealActionView):
    transition = "late_appeal"
    body = s.LateDecisionSerializer
    result_key, result_serializer = "appeal", s.CaseAppealSerializer

    def perform(self, case, actor, data):
        return appeals.appeal_decide_late(appeal=self.target, actor=actor, **data)


@action("cases_appeal_decision", s.AppealDecisionSerializer, s.CaseOutcomeResponseSerializer,
        code=201, service=appeals.appeal_decide,
        summary="Decide the appeal on paper (§35, §69)")
class AppealDecisionView(AppealActionView):
    transition = "appeal_decision"
    body = s.AppealDecisionSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return appeals.appeal_decide(appeal=self.target, actor=actor, **data)


@action("cases_close_no_appeal", None, s.CaseSummarySerializer,
        service=appeals.case_close_no_appeal,
        summary="Close the case: the appeal window passed with no appeal (§66)")
class CloseNoAppealView(CaseActionView):
    transition = "close_no_appeal"
    def perform(self, case, actor, data):
        return appeals.case_close_no_appeal(case=case, actor=actor)


@action("cases_completion_letter", None, s.CaseLettersResponseSerializer, code=201,
        service=appeals.case_issue_completion_letter,
        summary="Issue a Completion of Procedures letter on request (§66, §71)")
class CompletionLetterView(CaseActionView):
    transition = "completion_letter"
    result_key, result_serializer, created = "letters", s.CaseLetterSerializer, True

    def perform(self, case, actor, data):
        # The service returns nothing: the letters it issued are those newer than any before.
        before = Letter.objects.for_institution(self.institution).filter(case=case) \
            .order_by("-pk").values_list("pk", flat=True).first() or 0
        appeals.case_issue_completion_letter(case=case, actor=actor)
        return list(Letter.objects.for_institution(self.institution).filter(
            case=case, pk__gt=before).order_by("pk"))


@action("cases_appeal_panel_convene", s.AppealPanelConveneSerializer,
        s.CaseAppealPanelResponseSerializer, code=201,
        service=appeal_panels.appeal_panel_convene,
        summary="Convene an appeals panel (004: the designated member)")
class AppealPanelConveneView(AppealActionView):
    transition = "appeal_panel_convene"
    body = s.AppealPanelConveneSerializer
    result_key, result_serializer, created = "panel", s.CaseAppealPanelSerializer, True

    def perform(self, case, actor, data):
        return appeal_panels.appeal_panel_convene(appeal=self.target, actor=actor, **data)


@action("cases_appeal_panel_decision", s.AppealPanelDecisionSerializer,
        s.CaseOutcomeResponseSerializer, code=201, service=appeal_panels.appeal_panel_decide,
        summary="Record the appeals panel's decision (004)")
class AppealPanelDecisionView(AppealActionView):
    transition = "appeal_panel_decision"
    body = s.AppealPanelDecisionSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return appeal_panels.appeal_panel_decide(appeal=self.target, actor=actor, **data)


@action("cases_informal_review_request", s.InformalReviewRequestSerializer,
        s.CaseInformalReviewResponseSerializer, code=201,
        service=informal_reviews.informal_review_request,
        summary="Record a reporting student's request for an informal review (004)")
class InformalReviewRequestView(CaseActionView):
    transition = "informal_review_request"
    body = s.InformalReviewRequestSerializer
    result_key, result_serializer, created = "review", s.CaseInformalReviewSerializer, True

    def perform(self, case, actor, data):
        return informal_reviews.informal_review_request(case=case, actor=actor, **data)


@action("cases_informal_review_reviewer", s.InformalReviewAppointSerializer,
        s.CaseInformalReviewResponseSerializer,
        service=informal_reviews.informal_review_appoint,
        summary="Ask someone independent to review a request the student made online (004)")
class InformalReviewAppointView(CaseActionView):
    transition = "informal_review_appoint"
    body = s.InformalReviewAppointSerializer
    result_key, result_serializer = "review", s.CaseInformalReviewSerializer

    def get_target(self, case):
        return _review_on(self, case)

    def perform(self, case, actor, data):
        return informal_reviews.informal_review_appoint(review=self.target, actor=actor,
                                                        **data)


def _review_on(view, case):
    review = InformalReview.objects.for_institution(view.institution).filter(
        case=case, pk=view.kwargs["review_id"]).first()
    if review is None:
        raise exceptions.NotFound()
    return review


@action("cases_informal_review_completion", s.InformalReviewCompleteSerializer,
        s.CaseInformalReviewResponseSerializer,
        service=informal_reviews.informal_review_complete,
        summary="Record the independent informal review; the student is written to (004)")
class InformalReviewCompleteView(CaseActionView):
    transition = "informal_review_decision"
    body = s.InformalReviewCompleteSerializer
    result_key, result_serializer = "review", s.CaseInformalReviewSerializer

    def get_target(self, case):
        return _review_on(self, case)

    def perform(self, case, actor, data):
        return informal_reviews.informal_review_complete(review=self.target, actor=actor,
                                                         **data)
