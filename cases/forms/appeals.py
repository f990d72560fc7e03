"""Forms for appeals (Appendix B), decisions on them, and closing a case."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..models import AppealGround, Authority, CaseSettings, InformalReview, Outcome, Party
from ..services.appeals import PANEL_RESULTS, AppealResult, appeal_results
from .base import CaseForm, PenaltyFieldsMixin, date_field, long_text, radio, text, yes_no


class AppealLodgeForm(CaseForm):
    """The Appeal Form (Appendix B). The student's ID, names and the date of the incident
    come from the case; the rest is what the student wrote."""

    received_on = date_field("Date the appeal was received")
    decision_received_on = date_field("Date the student received the decision")
    contact = text("Student's address or email", max_length=300)
    telephone = text("Telephone (optional)", max_length=40, type="tel")
    grounds = forms.MultipleChoiceField(
        label="Grounds of appeal", choices=[], required=False,
        widget=forms.CheckboxSelectMultiple)
    summary = long_text(
        "Summary of grounds for appeal", rows=6,
        help_text="What is challenged (the decision or the measures that followed) and why; "
                  "if there is new evidence, why it comes at this late stage.")
    late_reason = long_text(
        "The student's reason for appealing late (only if the window has closed)", rows=3,
        help_text="The reviewer decides whether it is a good reason (§35, §66).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grounds = AppealGround.objects.for_institution(self.case.institution_id)
        self.fields["grounds"].choices = [
            (g.code, f"{g.text} ({g.reference})" if g.reference else g.text) for g in grounds]
        self.fields["received_on"].initial = timezone.localdate()
        student = self.case.respondent
        self.fields["contact"].initial = student.email or student.address
        self.fields["telephone"].initial = student.phone

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"received_on": data["received_on"],
                "decision_received_on": data["decision_received_on"],
                "contact": data.get("contact") or "", "telephone": data.get("telephone") or "",
                "grounds": data.get("grounds") or [], "summary": data.get("summary") or "",
                "late_reason": data.get("late_reason") or ""}


class LateAppealDecisionForm(CaseForm):
    accept = yes_no("Is the reason for lateness a good reason?",
                    yes="Yes: consider the appeal",
                    no="No: the appeal is not considered and the case closes with a Completion "
                       "of Procedures letter")
    reason = long_text("Reason for the decision")


class AppealDecisionForm(PenaltyFieldsMixin, CaseForm):
    """The reviewer's decision; the choices are those of the institution's appeal route."""

    result = radio("Decision on the appeal", [
        (AppealResult.CONFIRM, "Confirm the outcome"),
        (AppealResult.AMEND, "Amend the outcome (set the penalties below)"),
        (AppealResult.OVERTURN, "Overturn the outcome"),
        (AppealResult.REFER_BACK, "Refer the case back for reconsideration"),
        (AppealResult.REHEARING, "Order a re-hearing by a newly constituted Board"),
    ], required_message="Choose the decision on the appeal.")
    reasons = long_text("Reasons for the decision", rows=6)
    criminal_conviction = forms.BooleanField(
        label="The student has a relevant criminal conviction", required=False)

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appeal = appeal
        against = appeal.against
        allowed = self.allowed_results()
        choices = [c for c in self.fields["result"].choices if c[0] in allowed]
        if against.kind != Outcome.Kind.BOARD:
            choices = [c for c in choices if c[0] != AppealResult.REHEARING]
        board = CaseSettings.of(self.institution).board_label
        self.fields["result"].choices = [(v, label.replace("Board", board))
                                         for v, label in choices]
        self.add_penalty_fields(authority=against.authority or Authority.DECISION_MAKER,
                                legend="Amended penalties (only when amending)")
        self.place_after("reasons", self.penalty_field_names())

    def allowed_results(self) -> tuple[str, ...]:
        return appeal_results(self.institution)

    def clean(self):
        cleaned = super().clean()
        self.clean_penalties()
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"result": data["result"], "reasons": data.get("reasons") or "",
                "penalties": self.chosen_penalties(),
                "criminal_conviction": bool(data.get("criminal_conviction"))}

    def service_field_map(self) -> dict[str, str]:
        rows = self.penalty_rows()
        return {"penalties": rows[0].checkbox.name} if rows else {}


class AppealPanelDecisionForm(AppealDecisionForm):
    """The appeals panel's decision (004), recorded by its chair."""

    def allowed_results(self) -> tuple[str, ...]:
        return PANEL_RESULTS


class AppealPanelConveneForm(CaseForm):
    """004: the designated member convenes an appeals panel of three."""

    reasons = long_text(
        "What grounds did you find for the panel to consider?", rows=5,
        help_text="The panel considers the appeal in full; say why you did not settle it by "
                  "changing the penalty or fixing the procedural issue.")
    chair = forms.TypedChoiceField(
        label="Chair of the appeals panel", coerce=int, choices=[],
        error_messages={"required": "Choose the chair of the appeals panel.",
                        "invalid_choice": "Choose one of the people listed."})
    members = forms.TypedMultipleChoiceField(
        label="The two other members", coerce=int, choices=[], required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose people from the list."})

    def __init__(self, *args, candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.pk, f"{u} ({u.email})") for u in candidates]
        self.fields["chair"].choices = [("", "Choose a person"), *choices]
        self.fields["members"].choices = choices
        self.candidates = {u.pk: u for u in candidates}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"reasons": data.get("reasons") or "",
                "chair": self.candidates.get(data.get("chair")),
                "members": [self.candidates[pk] for pk in data.get("members") or []]}


def _reviewer_field() -> forms.TypedChoiceField:
    """The independent reviewer of an informal review (004), among ``reviewer_candidates``."""
    return forms.TypedChoiceField(
        label="Who will review it independently?", coerce=int, choices=[],
        help_text="Someone with no previous involvement in the case.",
        error_messages={"required": "Choose the independent reviewer.",
                        "invalid_choice": "Choose one of the people listed."})


def _offer_reviewers(form: forms.Form, reviewers: list) -> dict:
    form.fields["reviewer"].choices = [("", "Choose a person"), *(
        (u.pk, f"{u} ({u.email})") for u in reviewers)]
    return {u.pk: u for u in reviewers}


class InformalReviewRequestForm(CaseForm):
    """004: a reporting student asks for an informal review of the outcome."""

    party = forms.TypedChoiceField(
        label="Which reporting student asked?", coerce=int, choices=[],
        error_messages={"required": "Choose the reporting student.",
                        "invalid_choice": "Choose one of the reporting students listed."})
    requested_on = date_field("Date the request was received")
    via = radio("How did the request come?",
                [c for c in InformalReview.Via.choices if c[0] != InformalReview.Via.ONLINE],
                required_message="Say how the request came.")
    concerns = long_text("What is the student dissatisfied with?", rows=5)
    reviewer = _reviewer_field()

    def __init__(self, *args, reviewers: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {p.pk: p for p in Party.objects.for_institution(
            self.case.institution_id).filter(case=self.case,
                                             kind=Party.Kind.REPORTING_PARTY)}
        self.fields["party"].choices = [("", "Choose"), *(
            (pk, p.name) for pk, p in self.parties.items())]
        self.reviewers = _offer_reviewers(self, reviewers)
        self.fields["requested_on"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"party": self.parties.get(data.get("party")),
                "requested_on": data["requested_on"], "via": data.get("via") or "",
                "concerns": data.get("concerns") or "",
                "reviewer": self.reviewers.get(data.get("reviewer"))}


class InformalReviewAppointForm(CaseForm):
    """Ask someone independent to review a request the student made online."""

    reviewer = _reviewer_field()

    def __init__(self, *args, reviewers: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = _offer_reviewers(self, reviewers)

    def service_kwargs(self) -> dict:
        return {"reviewer": self.reviewers.get(self.cleaned_data.get("reviewer"))}


class InformalReviewCompleteForm(CaseForm):
    findings = long_text("What did the review find?", rows=6,
                         help_text="About the decision or the disciplinary process. The "
                                   "review does not change the outcome.")
    learning = long_text("Learning for the future (optional)", rows=4)


class ConfirmForm(CaseForm):
    """A transition that needs nothing but the person's confirmation."""
