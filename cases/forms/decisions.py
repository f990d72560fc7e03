"""Forms for appointments and for the decisions of the informal and formal stages."""

from __future__ import annotations

from django import forms

from accounts.roles import Role

from ..models import Authority, CaseRole, CaseSettings
from ..policies import CASE_ROLE_NEEDS, case_role_label
from ..services.assignments import APPOINTED_BY_THEIR_SERVICE
from ..services.outcomes import FormalResult
from .base import CaseForm, PenaltyFieldsMixin, long_text, radio, text, yes_no


def assignable_roles(case, membership) -> list[str]:
    """The case roles this person may appoint to: the decision maker any, a caseworker only
    a caseworker (cases.services.assignments.case_assign decides)."""
    if membership.has_role(Role.DECISION_MAKER):
        return [r for r in CaseRole.values if r not in APPOINTED_BY_THEIR_SERVICE]
    if membership.has_role(Role.SUPPORT_CASEWORKER):
        return [CaseRole.CASEWORKER]
    return []


def role_choices(case, roles) -> list[tuple[str, str]]:
    inst = case.institution
    choices = []
    for role in roles:
        needed = inst.role_label(CASE_ROLE_NEEDS[CaseRole(role)])
        label = case_role_label(case, role)
        choices.append((role, label if label == needed else f"{label} (a {needed})"))
    return choices


class AssignRoleForm(CaseForm):
    """Step one of an appointment: which place on the case (sent by GET)."""

    role = radio("Which role on the case?", [], required_message="Choose a role.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(
            self.case, assignable_roles(self.case, self.membership))


class AssignForm(CaseForm):
    """Step two: who. ``candidates`` are the members holding the institution role the case
    role needs and with nothing that stops them taking it."""

    role = forms.ChoiceField(widget=forms.HiddenInput, choices=[])
    user = forms.TypedChoiceField(
        label="Person", coerce=int, choices=[],
        error_messages={"required": "Choose the person to appoint.",
                        "invalid_choice": "Choose one of the people listed."})

    def __init__(self, *args, role: str, candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, role)]
        self.fields["role"].initial = role
        self.fields["user"].choices = [("", "Choose a person")] + [
            (user.pk, f"{user} ({user.email})") for user in candidates]
        self.fields["user"].label = f"Who will be the {case_role_label(self.case, role)}?"
        self.candidates = {user.pk: user for user in candidates}

    def chosen_user(self):
        return self.candidates[self.cleaned_data["user"]]


class UnassignForm(CaseForm):
    reason = text("Why does the appointment end?", max_length=200,
                  help_text="For example: objection upheld, conflict of interest declared, "
                            "left the institution.")


class ReferToFormalForm(CaseForm):
    reason = long_text("Why does the case need the formal stage?",
                       help_text="For example the matter is more serious than first thought, or "
                                 "informal resolution has not worked (§27, §32).")


class InformalOutcomeForm(PenaltyFieldsMixin, CaseForm):
    misconduct_found = yes_no("Was misconduct found?",
                              required_message="Say whether misconduct was found.")
    reasons = long_text("Reasons for the outcome")
    actions_taken = long_text("Actions taken to resolve the case (§30)",
                              help_text="For example mediation, an agreement to stay away from "
                                        "certain premises (§29).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_penalty_fields(authority=CaseSettings.of(self.institution).informal_authority,
                                legend="Penalties (only if misconduct was found)")

    def clean(self):
        cleaned = super().clean()
        self.clean_penalties()
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"misconduct_found": data["misconduct_found"], "reasons": data["reasons"],
                "actions_taken": data["actions_taken"], "penalties": self.chosen_penalties()}


class FormalDecisionForm(PenaltyFieldsMixin, CaseForm):
    result = radio("Decision", [
        (FormalResult.DISMISS, "Dismiss the allegation"),
        (FormalResult.REFER, "Refer to another procedure (or the police)"),
        (FormalResult.UPHOLD, "Uphold the allegation and set a penalty"),
        (FormalResult.REFER_TO_BOARD, "Refer to the Board"),
    ], required_message="Choose the decision.")
    reasons = long_text("Reasons for the decision (§50)",
                        help_text="Decided on the balance of probabilities (§46).")
    referred_to = text("Referred to (if referring to another procedure)")
    considered_previous_record = forms.BooleanField(
        label="I considered the previous record", required=False,
        help_text="Required to uphold: the student's previous proven misconduct, any admission, "
                  "their conduct during the procedure and mitigation (§47-48).")
    admitted = forms.BooleanField(label="The student admitted the misconduct (§47.2)",
                                  required=False)
    mitigation = long_text("Mitigation (optional)", rows=3, help_text="§47.3-47.4")
    criminal_conviction = forms.BooleanField(
        label="The student has a relevant criminal conviction", required=False,
        help_text="Some penalties can be imposed only after a criminal conviction (§49.11).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        inst = self.institution
        self.fields["result"].choices = [
            (value, label.replace("the Board", f"the {CaseSettings.of(inst).board_label}"))
            for value, label in self.fields["result"].choices]
        self.add_penalty_fields(authority=Authority.DECISION_MAKER,
                                legend="Penalties (only when upholding)")

    def clean(self):
        cleaned = super().clean()
        self.clean_penalties()
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"result": data["result"], "reasons": data["reasons"],
                "penalties": self.chosen_penalties(),
                "referred_to": data.get("referred_to") or "",
                "considered_previous_record": bool(data.get("considered_previous_record")),
                "admitted": bool(data.get("admitted")),
                "mitigation": data.get("mitigation") or "",
                "criminal_conviction": bool(data.get("criminal_conviction"))}
