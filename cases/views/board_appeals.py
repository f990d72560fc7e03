"""Pages for the Board of Discipline (§52-65), appeals (§33-35, §66-70) and closing a case."""

from __future__ import annotations

from .. import forms as f
from ..models import Appeal, BoardObjection, CaseSettings, Hearing, InformalReview, Outcome
from ..selectors import appealable_outcome, board_members, board_membership_problem
from ..services import appeal_panels, appeals, board, informal_reviews
from ..services.common import case_role_label
from .base import TransitionView


class BoardNoticeView(TransitionView):
    action = "board_notice"
    form_class = f.BoardNoticeForm
    title = "Notice of the hearing to the student (§58)"
    intro = ("The notice tells the student the membership, the arrangements, a summary of the "
             "evidence, the witnesses and documents, and their right to be accompanied and to "
             "submit evidence.")
    submit_label = "Send the notice"
    success_message = "The notice is recorded and the letter is being prepared."
    template_name = "cases/board_notice.html"

    def extra_context(self) -> dict:
        return {"members": [(m, case_role_label(self.case, m.role))
                            for m in board_members(self.case)],
                "membership_problem": board_membership_problem(self.case)}

    def perform(self, form):
        return board.board_send_notice(
            case=self.case, actor=self.request.user, **form.service_kwargs())


class ObjectionView(TransitionView):
    action = "objection"
    form_class = f.ObjectionForm
    title = "Record an objection to a member"
    intro = "The student may object to a member within 5 working days of the notice (§58)."
    submit_label = "Record the objection"
    success_message = "The objection is recorded. The decision maker decides it."

    def perform(self, form):
        return board.board_record_objection(case=self.case, actor=self.request.user,
                                            **form.service_kwargs())


class ObjectionDecisionView(TransitionView):
    action = "objection_decision"
    form_class = f.ObjectionDecisionForm
    object_kwarg = "objection_id"
    object_model = BoardObjection
    title = "Decide an objection to a member"
    submit_label = "Record the decision"
    template_name = "cases/objection_decision.html"

    def perform(self, form):
        d = form.cleaned_data
        return board.board_decide_objection(objection=self.object, actor=self.request.user,
                                            uphold=d["uphold"], reason=d.get("reason") or "")

    def get_success_message(self, result) -> str:
        return f"Objection {result.get_decision_display().lower()}."


class HearingView(TransitionView):
    action = "hearing"
    form_class = f.HearingForm
    title = "Record what happened at the hearing"
    submit_label = "Record"
    template_name = "cases/hearing.html"

    def extra_context(self) -> dict:
        scheduled = [h for h in self.state.hearings if h.status == Hearing.Status.SCHEDULED]
        return {"scheduled": scheduled[0] if scheduled else None,
                "earlier": [h for h in self.state.hearings
                            if h.status != Hearing.Status.SCHEDULED]}

    def perform(self, form):
        return board.board_record_hearing(
            case=self.case, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result) -> str:
        if result.status == Hearing.Status.HELD:
            return "The hearing is recorded as held."
        return f"The hearing is rearranged for {result.scheduled_for:%A} " \
               f"{result.scheduled_for.day} {result.scheduled_for:%B %Y}."


class BoardDecisionView(TransitionView):
    action = "board_decision"
    form_class = f.BoardDecisionForm
    submit_label = "Record the decision and issue the letters"

    @property
    def title(self):
        return f"Decision of the {CaseSettings.of(self.case.institution).board_label}"

    intro = ("Record each member's vote. The decision on the offence and on each penalty is "
             "the majority's (§61); every member must vote.")

    def perform(self, form):
        return board.board_decide(case=self.case, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result) -> str:
        return f"Decision recorded: {result.get_result_display()}. Letters are being prepared."


class AppealLodgeView(TransitionView):
    action = "appeal_lodge"
    form_class = f.AppealLodgeForm
    title = "Record an appeal (Appendix B)"
    submit_label = "Record the appeal"
    template_name = "cases/appeal_lodge.html"

    def extra_context(self) -> dict:
        against = appealable_outcome(self.case)
        return {"against": against, "student": self.case.respondent}

    def perform(self, form):
        return appeals.appeal_lodge(
            case=self.case, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result) -> str:
        if result.is_late:
            return "The appeal is recorded as late. The appeal reviewer decides whether the " \
                   "reason is good."
        return "The appeal is recorded and under review."


class _AppealObjectView(TransitionView):
    object_kwarg = "appeal_id"
    object_model = Appeal
    template_name = "cases/appeal_decision.html"

    def extra_context(self) -> dict:
        return {"appeal": self.object, "against": self.object.against,
                "against_penalties": list(self.object.against.penalties
                                          .select_related("penalty_type"))}


class LateAppealDecisionView(_AppealObjectView):
    action = "late_appeal"
    form_class = f.LateAppealDecisionForm
    title = "Decide whether to consider a late appeal"
    submit_label = "Record the decision"

    def perform(self, form):
        d = form.cleaned_data
        return appeals.appeal_decide_late(appeal=self.object, actor=self.request.user,
                                          accept=d["accept"], reason=d.get("reason") or "")

    def get_success_message(self, result) -> str:
        if result.status == Appeal.Status.UNDER_REVIEW:
            return "The late appeal will be considered."
        return "The late appeal is not accepted. The case is closed and a Completion of " \
               "Procedures letter is being prepared."


class AppealDecisionView(_AppealObjectView):
    action = "appeal_decision"
    form_class = f.AppealDecisionForm
    title = "Decide the appeal"
    submit_label = "Record the decision"

    def form_kwargs(self) -> dict:
        return {**super().form_kwargs(), "appeal": self.object}

    def perform(self, form):
        return appeals.appeal_decide(
            appeal=self.object, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result: Outcome) -> str:
        return f"Appeal decided: {result.get_result_display()}."


class AppealPanelConveneView(_AppealObjectView):
    """004: the designated member convenes an appeals panel of three."""

    action = "appeal_panel_convene"
    form_class = f.AppealPanelConveneForm
    title = "Convene an appeals panel"
    intro = ("You found grounds for an appeal that you do not settle by changing the penalty "
             "or fixing the procedural issue: an appeals panel of three people with no "
             "previous involvement in the case considers it in full.")
    submit_label = "Convene the panel"

    def form_kwargs(self) -> dict:
        eligible, self.unavailable = appeal_panels.panel_candidates(self.case)
        return {**super().form_kwargs(), "candidates": eligible}

    def extra_context(self) -> dict:
        return {**super().extra_context(), "unavailable": getattr(self, "unavailable", [])}

    def perform(self, form):
        return appeal_panels.appeal_panel_convene(
            appeal=self.object, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result) -> str:
        return "The appeals panel is convened. Its chair records the panel's decision."


class AppealPanelDecisionView(_AppealObjectView):
    action = "appeal_panel_decision"
    form_class = f.AppealPanelDecisionForm
    title = "Decision of the appeals panel"
    intro = "The panel considered the appeal in full. Record its decision and its reasons."
    submit_label = "Record the panel's decision"

    def form_kwargs(self) -> dict:
        return {**super().form_kwargs(), "appeal": self.object}

    def perform(self, form):
        return appeal_panels.appeal_panel_decide(
            appeal=self.object, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result: Outcome) -> str:
        return f"The appeals panel's decision is recorded: {result.get_result_display()}."


class InformalReviewRequestView(TransitionView):
    action = "informal_review_request"
    form_class = f.InformalReviewRequestForm
    title = "Record a reporting student's request for an informal review"
    intro = ("A reporting student cannot appeal, but may ask for an informal review of the "
             "decision or the disciplinary process. Someone independent reviews it for "
             "learning for the future; it does not change the outcome.")
    submit_label = "Record the request"
    success_message = "The request is recorded and the independent reviewer appointed."

    def form_kwargs(self) -> dict:
        return {**super().form_kwargs(),
                "reviewers": informal_reviews.reviewer_candidates(self.case)}

    def perform(self, form):
        return informal_reviews.informal_review_request(
            case=self.case, actor=self.request.user, **form.service_kwargs())


class InformalReviewAppointView(TransitionView):
    action = "informal_review_appoint"
    form_class = f.InformalReviewAppointForm
    object_kwarg = "review_id"
    object_model = InformalReview
    title = "Ask someone to review a request made online"
    submit_label = "Ask them to review it"
    success_message = "The independent reviewer is appointed."

    def extra_context(self) -> dict:
        return {"intro": f"{self.object.party.name} asked online on "
                         f"{self.object.requested_on:%d %B %Y}: {self.object.concerns}"}

    def form_kwargs(self) -> dict:
        return {**super().form_kwargs(),
                "reviewers": informal_reviews.reviewer_candidates(self.case)}

    def perform(self, form):
        return informal_reviews.informal_review_appoint(
            review=self.object, actor=self.request.user, **form.service_kwargs())


class InformalReviewCompleteView(TransitionView):
    action = "informal_review_decision"
    form_class = f.InformalReviewCompleteForm
    object_kwarg = "review_id"
    object_model = InformalReview
    title = "Record the informal review"
    submit_label = "Record the review and write to the student"
    success_message = "The review is recorded and the letter to the student is being prepared."

    def extra_context(self) -> dict:
        return {"intro": f"Requested on {self.object.requested_on:%d %B %Y}: "
                         f"{self.object.concerns}"}

    def perform(self, form):
        d = form.cleaned_data
        return informal_reviews.informal_review_complete(
            review=self.object, actor=self.request.user, findings=d.get("findings") or "",
            learning=d.get("learning") or "")


class CloseNoAppealView(TransitionView):
    action = "close_no_appeal"
    form_class = f.ConfirmForm
    title = "Close the case: no appeal was lodged"
    intro = ("The appeal window has passed without an appeal: the matter is closed and the "
             "student is told in writing (§66).")
    submit_label = "Close the case and issue the letter"
    success_message = "The case is closed and the letter is being prepared."

    def perform(self, form):
        return appeals.case_close_no_appeal(case=self.case, actor=self.request.user)


class CompletionLetterView(TransitionView):
    action = "completion_letter"
    form_class = f.ConfirmForm
    title = "Issue a Completion of Procedures letter"
    intro = ("The letter states the final decision, the reasons and any penalty, and the "
             "student's right to complain to the Office of the Independent Adjudicator within "
             "12 months (§36, §70-71).")
    submit_label = "Issue the letter"
    success_message = "The Completion of Procedures letter is being prepared."

    def perform(self, form):
        return appeals.case_issue_completion_letter(case=self.case, actor=self.request.user)
