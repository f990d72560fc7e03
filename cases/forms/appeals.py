"""Forms for appeals (Appendix B), decisions on them, and closing a case."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..models import AppealGround, Authority, CaseSettings, Outcome
from ..services.appeals import AppealResult
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
        choices = list(self.fields["result"].choices)
        if against.kind != Outcome.Kind.BOARD:
            choices = [c for c in choices if c[0] != AppealResult.REHEARING]
        board = CaseSettings.of(self.institution).board_label
        self.fields["result"].choices = [(v, label.replace("Board", board))
                                         for v, label in choices]
        self.add_penalty_fields(authority=against.authority or Authority.DECISION_MAKER,
                                legend="Amended penalties (only when amending)")
        self.place_after("reasons", self.penalty_field_names())

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


class ConfirmForm(CaseForm):
    """A transition that needs nothing but the person's confirmation."""
