"""Forms of the subject access pages; the services check the rules, the forms only the shape."""

from __future__ import annotations

from django import forms
from django.utils import timezone


class RequestForm(forms.Form):
    name = forms.CharField(required=False, max_length=200, label="Full name")
    email = forms.CharField(required=False, max_length=254, label="Email")
    student_id = forms.CharField(required=False, max_length=40, label="Student ID")
    receipt = forms.CharField(
        required=False, max_length=40, label="Receipt of an anonymous report (optional)",
        help_text="Only if the person gives it: an anonymous report can be matched only by it.")
    received_on = forms.DateField(label="Received on", initial=timezone.localdate,
                                  widget=forms.DateInput(attrs={"type": "date"}))


class ConfirmForm(forms.Form):
    confirmed = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        label="Records about this person")

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(m.pk, f"{m.label} (matched on {m.matched_on})")
                                            for m in matches]
        self.initial.setdefault("confirmed", [m.pk for m in matches if m.confirmed])


class BundlePrepareForm(forms.Form):
    source = forms.ChoiceField(choices=[("statement", "Statement"),
                                        ("evidence", "Evidence document")],
                               widget=forms.HiddenInput)
    source_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    withheld_parties = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        label="Withhold the identities of")

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withheld_parties"].choices = [
            (p.pk, f"{p.name} ({p.get_kind_display().lower()})") for p in parties]


def add_service_errors(form: forms.Form, exc) -> None:
    for field, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
