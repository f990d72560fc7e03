"""A page per transition of a matter: each names its form and its one service call."""

from __future__ import annotations

from .. import forms as f
from ..actions import place_label
from ..models import Appeal, Breach, Decision, MatterMember, Measure, RiskAssessment
from ..services import decisions, followups, matters
from .base import MatterTransitionView


def _pending(view) -> Decision | None:
    return view.state.pending_decision


class AppointView(MatterTransitionView):
    action = "convene"
    form_class = f.AppointForm
    title = "Appoint to the group"
    intro = ("The group is convened on a need-to-know basis (§21): an appointment gives access "
             "to this matter only.")
    submit_label = "Appoint"

    def perform(self, form):
        user = form.people[form.cleaned_data["user"]]
        return matters.matter_appoint(matter=self.matter, actor=self.request.user, user=user,
                                      role=form.cleaned_data["role"])

    def get_success_message(self, result) -> str:
        return f"{result.user} is now {place_label(self.state, result.role).lower()}."


class UnappointView(MatterTransitionView):
    action = "convene"
    form_class = f.ReasonForm
    object_kwarg = "member_id"
    object_model = MatterMember
    object_filters = {"ended_at__isnull": True}
    title = "End an appointment"
    submit_label = "End the appointment"

    def extra_context(self) -> dict:
        return {"object_label": f"{self.object.user}, "
                                f"{place_label(self.state, self.object.role).lower()}"}

    def perform(self, form):
        return matters.matter_unappoint(member=self.object, actor=self.request.user,
                                        reason=form.cleaned_data["reason"])

    def get_success_message(self, result) -> str:
        return f"The appointment of {result.user} has ended."


class ProtectedAddView(MatterTransitionView):
    action = "protected_add"
    form_class = f.ProtectedPersonForm
    title = "Name a person the measures protect"
    intro = ("A protected person is told what a measure covers and until when: never the "
             "reasons, the risk assessment or the allegation.")
    submit_label = "Add the person"

    def perform(self, form):
        d = form.cleaned_data
        return matters.protected_person_add(
            matter=self.matter, actor=self.request.user, name=d["name"],
            relation=d["relation"], email=d.get("email") or "", address=d.get("address") or "",
            student_id=d.get("student_id") or "")

    def get_success_message(self, result) -> str:
        return f"{result.name} is recorded as a protected person."


class AssessView(MatterTransitionView):
    action = "assess"
    form_class = f.AssessForm
    title = "Record a risk assessment"
    intro = ("Assess the risk against the grounds of §20, considering the nature of the "
             "alleged misconduct, the circumstances of those involved, the views of the police "
             "and any input from witnesses (§21).")
    submit_label = "Record the assessment"

    def perform(self, form):
        a = form.assessment()
        return decisions.risk_assess(matter=self.matter, actor=self.request.user, **a)

    def get_success_message(self, result) -> str:
        return f"Risk assessment recorded: {result.get_level_display().lower()} risk."


class ProposeView(MatterTransitionView):
    action = "propose"
    form_class = f.ProposeForm
    title = "Propose precautionary measures"
    intro = ("Choose measures from the institution's catalogue, each with what it covers, "
             "its conditions, and when it starts and ends.")
    submit_label = "Propose the measures"
    success_message = ("Measures proposed. Invite the student's representations, or record why "
                       "they cannot be invited first.")

    def perform(self, form):
        d = form.cleaned_data
        breach = None
        if d.get("breach"):
            breach = Breach.objects.for_institution(self.matter.institution_id).filter(
                matter=self.matter, pk=d["breach"]).first()
        return decisions.measures_propose(
            matter=self.matter, actor=self.request.user, measures=form.measures(),
            reasons=d["reasons"], disruption_steps=d["disruption_steps"],
            support_offered=d["support_offered"],
            reporting_student_support=d.get("reporting_student_support") or "", breach=breach)


class _OnPendingDecision(MatterTransitionView):
    def extra_context(self) -> dict:
        decision = _pending(self)
        measures = []
        if decision is not None:
            measures = list(Measure.objects.for_institution(self.matter.institution_id)
                            .filter(decision=decision).select_related("measure_type"))
        return {"decision": decision, "decision_measures": measures}


class InviteView(_OnPendingDecision):
    action = "invite_representations"
    form_class = f.InviteForm
    title = "Invite the student's representations"
    intro = ("The student is sent the proposed decision and its reasons by letter, and may "
             "make representations before it is taken (§22).")
    submit_label = "Invite representations and issue the letter"
    success_message = "The student is invited to make representations. The letter is being " \
                      "prepared."

    def perform(self, form):
        return decisions.representations_invite(matter=self.matter, actor=self.request.user,
                                                due=form.cleaned_data["due"])


class SkipView(_OnPendingDecision):
    action = "skip_representations"
    form_class = f.SkipForm
    title = "Decide without representations"
    intro = ("Only where the matter is urgent, sensitive or of high risk to a reporting student "
             "or others may the decision be taken before the student makes representations "
             "(§22). The reason is recorded.")
    submit_label = "Record the reason"
    success_message = "The reason is recorded. The chair may now decide."

    def perform(self, form):
        d = form.cleaned_data
        return decisions.representations_skip(matter=self.matter, actor=self.request.user,
                                              because=d["because"], reason=d["reason"])


class RepresentationsView(_OnPendingDecision):
    action = "record_representations"
    form_class = f.RepresentationsForm
    title = "Record the student's representations"
    submit_label = "Record the representations"
    success_message = "The student's representations are recorded."

    def perform(self, form):
        d = form.cleaned_data
        return decisions.representations_record(matter=self.matter, actor=self.request.user,
                                                text=d["text"], received_on=d["received_on"])


class DecideView(_OnPendingDecision):
    action = "decide"
    form_class = f.DecideForm
    title = "Decide on the proposed measures"
    intro = ("The measures come into force; the student is told by letter, with the right to "
             "appeal within five working days and to ask for a review on a material change "
             "(§22). Each protected person is told what the measures cover.")
    submit_label = "Decide and issue the letters"

    def perform(self, form):
        d = form.cleaned_data
        return decisions.measures_decide(
            matter=self.matter, actor=self.request.user, reasons=d.get("reasons") or "",
            disruption_steps=d.get("disruption_steps") or "",
            support_offered=d.get("support_offered") or "")

    def get_success_message(self, result) -> str:
        due = f" The student may appeal until {result.appeal_due:%A %d %B %Y}." \
            if result.appeal_due else ""
        return "The measures are in force. The letters are being prepared." + due


class WithdrawView(_OnPendingDecision):
    action = "withdraw_proposal"
    form_class = f.ReasonForm
    title = "Withdraw the proposed measures"
    intro = ("The proposed measures never come into force and the student's time for "
             "representations ends; measures already in force stay so. The reason is "
             "recorded.")
    submit_label = "Withdraw the proposal"
    success_message = "The proposal is withdrawn."

    def perform(self, form):
        return decisions.proposal_withdraw(matter=self.matter, actor=self.request.user,
                                           reason=form.cleaned_data["reason"])


class AppealLodgeView(MatterTransitionView):
    action = "appeal_lodge"
    form_class = f.AppealLodgeForm
    title = "Record the student's appeal"
    submit_label = "Record the appeal"

    def extra_context(self) -> dict:
        decided = self.state.last_decided
        return {"appeal_due": decided.appeal_due if decided else None}

    @property
    def intro(self) -> str:  # type: ignore[override]
        return (f"The student appeals in writing to {self.state.settings.appeal_body_label} "
                "within five working days of the decision (§22); a late appeal needs the "
                "student's reason. The reviewer answers within five working days.")

    def perform(self, form):
        d = form.cleaned_data
        return followups.appeal_lodge(
            matter=self.matter, actor=self.request.user, received_on=d["received_on"],
            grounds=d["grounds"], reviewer=form.people[d["reviewer"]],
            late_reason=d.get("late_reason") or "")

    def get_success_message(self, result) -> str:
        late = " It was late; the student's reason is recorded." if result.is_late else ""
        return f"The appeal is recorded and sent to {result.reviewer}.{late}"


def _active(view) -> list[Measure]:
    return list(Measure.objects.for_institution(view.matter.institution_id)
                .filter(matter=view.matter, status=Measure.Status.ACTIVE)
                .select_related("measure_type"))


class AppealDecideView(MatterTransitionView):
    action = "appeal_decide"
    form_class = f.AppealDecideForm
    object_kwarg = "appeal_id"
    object_model = Appeal
    title = "Decide the appeal"
    submit_label = "Decide and issue the letter"

    def form_kwargs(self) -> dict:
        return {**super().form_kwargs(), "measures": _active(self)}

    def extra_context(self) -> dict:
        return {"appeal": self.object}

    def perform(self, form):
        d = form.cleaned_data
        return followups.appeal_decide(appeal=self.object, actor=self.request.user,
                                       result=d["result"], reasons=d["reasons"],
                                       variations=form.variations())

    def get_success_message(self, result) -> str:
        return f"Appeal decided: {result.get_result_display().lower()}. The letter is being " \
               "prepared."


class ReviewRequestView(MatterTransitionView):
    action = "review_request"
    form_class = f.ReviewRequestForm
    title = "Record a request for a review"
    intro = "The student may ask for a review at any stage after a material change (§22)."
    submit_label = "Record the request"
    success_message = "The request for a review is recorded."

    def perform(self, form):
        d = form.cleaned_data
        return followups.review_request(matter=self.matter, actor=self.request.user,
                                        material_change=d["material_change"],
                                        requested_on=d["requested_on"])


class ReviewView(MatterTransitionView):
    action = "review"
    form_class = f.ReviewForm
    title = "Review the measures in force"
    intro = ("Reassess the risk and decide whether the measures continue, are varied or are "
             "lifted, with reasons (§22).")
    submit_label = "Record the review"

    def form_kwargs(self) -> dict:
        latest = (RiskAssessment.objects.for_institution(self.matter.institution_id)
                  .filter(matter=self.matter).order_by("-assessed_on", "-pk").first())
        return {**super().form_kwargs(), "measures": _active(self), "latest": latest}

    def extra_context(self) -> dict:
        return {"requested_review": self.state.requested_review}

    def perform(self, form):
        d = form.cleaned_data
        return followups.measures_review(matter=self.matter, actor=self.request.user,
                                         result=d["result"], reasons=d["reasons"],
                                         assessment=form.assessment(),
                                         variations=form.variations())

    def get_success_message(self, result) -> str:
        return f"Review recorded: {result.get_result_display().lower()}."


class ShareView(MatterTransitionView):
    action = "share"
    form_class = f.ShareForm
    title = "Record who was told of the measures"
    intro = ("Tell only those who need to know (§22), and only the measure and its scope: "
             "never the reasons, the risk assessment or the allegation.")
    submit_label = "Record"

    def form_kwargs(self) -> dict:
        return {**super().form_kwargs(), "measures": _active(self)}

    def perform(self, form):
        d = form.cleaned_data
        return followups.measures_share(matter=self.matter, actor=self.request.user,
                                        recipient_kind=d["recipient_kind"],
                                        recipient=d["recipient"], shared_on=d["shared_on"],
                                        measure_ids=list(d["measure_ids"]))

    def get_success_message(self, result) -> str:
        return f"Recorded: {result.recipient} was told on {result.shared_on:%d %B %Y}."


class BreachView(MatterTransitionView):
    action = "breach"
    form_class = f.BreachForm
    title = "Record a breach or victimisation"
    intro = ("A breach of a measure, or victimisation of anyone involved, is acted on (§23): "
             "it may lead to new measures or a new allegation on the case.")
    submit_label = "Record"
    success_message = "Recorded."

    def form_kwargs(self) -> dict:
        measures = list(Measure.objects.for_institution(self.matter.institution_id)
                        .filter(matter=self.matter).exclude(status__in=(
                            Measure.Status.PROPOSED, Measure.Status.WITHDRAWN))
                        .select_related("measure_type"))
        return {**super().form_kwargs(), "measures": measures}

    def perform(self, form):
        d = form.cleaned_data
        return followups.breach_record(
            matter=self.matter, actor=self.request.user, kind=d["kind"],
            occurred_on=d["occurred_on"], description=d["description"],
            measure=form.measures_by_pk.get(d.get("measure")),
            person_affected=d.get("person_affected") or "", action=d["action"])


class LiftView(MatterTransitionView):
    action = "lift"
    form_class = f.ReasonForm
    object_kwarg = "measure_id"
    object_model = Measure
    title = "Lift a measure"
    submit_label = "Lift the measure"
    success_message = "The measure is lifted."

    def extra_context(self) -> dict:
        return {"object_label": f"{self.object.measure_type.name}: {self.object.scope}"}

    def perform(self, form):
        return followups.measure_lift(matter=self.matter, actor=self.request.user,
                                      reason=form.cleaned_data["reason"], measure=self.object)


class EndWithCaseView(MatterTransitionView):
    action = "case_ended"
    form_class = f.EndWithCaseForm
    title = "End the measures with the case"
    intro = ("Measures are pending the outcome of the case (§19): when it ends they are "
             "replaced by its final outcome or lifted, or the group records why they continue.")
    submit_label = "Record"
    success_message = "Recorded."

    def perform(self, form):
        d = form.cleaned_data
        return followups.measures_end_with_case(
            matter=self.matter, actor=self.request.user, reason=d["reason"],
            replaced=d["outcome"] == "replaced", continue_after=d["outcome"] == "continue")


class CloseView(MatterTransitionView):
    action = "close"
    form_class = f.ReasonForm
    title = "Close the matter"
    submit_label = "Close the matter"
    success_message = "The matter is closed."

    def perform(self, form):
        return matters.matter_close(matter=self.matter, actor=self.request.user,
                                    reason=form.cleaned_data["reason"])


#: The page of each action key (precautionary/actions.py); precautionary/urls.py routes them.
PAGES = {view.action: view for view in (
    AppointView, ProtectedAddView, AssessView, ProposeView, InviteView, SkipView,
    RepresentationsView, DecideView, WithdrawView, AppealLodgeView, AppealDecideView,
    ReviewRequestView, ReviewView, ShareView, BreachView, LiftView, EndWithCaseView, CloseView)}
