"""Appeals and closing (§33-36, §65-71)."""

from __future__ import annotations

from .. import serializers as s
from ..models import Letter
from ..services import appeals
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
