"""A new allegation on the case from a breach or victimisation recorded on a linked
precautionary matter (§23)."""

from __future__ import annotations

from django import forms

from ..models import MisconductCategory, MisconductType, Severity
from .base import CaseForm, long_text, radio


def breach_label(breach) -> str:
    """How a breach is named to the decision maker: what, when, on which matter, which
    measure."""
    day = f"{breach.occurred_on:%a} {breach.occurred_on.day} {breach.occurred_on:%b %Y}"
    measure = f", {breach.measure.measure_type.name}" if breach.measure_id else ""
    return f"{breach.get_kind_display()} on {day} ({breach.matter.reference}{measure})"


class AllegationFromBreachForm(CaseForm):
    breach = forms.TypedChoiceField(
        label="Which breach or victimisation?", coerce=int, choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the breach or victimisation to refer.",
                        "invalid_choice": "Choose one of the breaches listed: that one is "
                                          "not waiting to be referred."})
    misconduct_type = forms.ChoiceField(
        label="Type of misconduct (§24)",
        choices=[("", "Choose a type"), *MisconductType.choices],
        error_messages={"required": "Choose the type of misconduct.",
                        "invalid_choice": "Choose one of the types listed."})
    category = forms.ChoiceField(
        label="Category (Appendix C)",
        choices=[("", "Choose a category"), *MisconductCategory.choices],
        error_messages={"required": "Choose the category.",
                        "invalid_choice": "Choose one of the categories listed."})
    severity = radio("Major or minor", Severity.choices,
                     required_message="Choose major or minor.")
    description = long_text(
        "What is alleged (optional)", rows=4,
        help_text="Left empty, the allegation is the breach's own description.")

    def __init__(self, *args, breaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaches = {b.pk: b for b in breaches}
        self.fields["breach"].choices = [
            (b.pk, f"{breach_label(b)}: {b.description}") for b in breaches]

    def chosen_breach(self):
        return self.breaches[self.cleaned_data["breach"]]
