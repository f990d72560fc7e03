"""Forms for the insights pages. Forms turn text into values; the services decide and their
ValidationErrors are shown against the fields (:func:`add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .models import InsightReport
from .services.reports import NOTE_MAX_CHARS, SUMMARY_MAX_CHARS


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's field errors against the form's fields, anything else in the summary."""
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(key if key in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ConfirmForm(forms.Form):
    pass


class GenerateForm(forms.Form):
    period = forms.ChoiceField(
        label="Term or academic year", error_messages={
            "required": "Choose the term or academic year the report covers.",
            "invalid_choice": "Choose one of the terms or academic years listed."},
        help_text="Only a period that is over can be reported on.")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "Choose...")] + [
            (c.series, c.label) for c in choices]


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label="Summary", required=False, max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What the figures show (trends, places and groups where more is reported) "
        "and what is being done about it. Published as written: name nobody, and describe "
        "nothing that could identify a person or a case.")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=NOTE_MAX_CHARS,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Give the reason."})


class CorrectionForm(forms.Form):
    change_note = forms.CharField(
        label="What the correction changes", max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the correction changes: readers are shown it."},
        help_text="Shown beside the new version on the public page, e.g. 'Two reports received "
        "late are now counted; the figures by category changed.'")


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any")] + list(InsightReport.Status.choices))
    kind = forms.ChoiceField(label="Kind", required=False,
                             choices=[("", "Any")] + list(InsightReport.Kind.choices))


class ImportForm(forms.Form):
    title = forms.CharField(
        label="What the figures are", max_length=200,
        error_messages={"required": "Say what the figures are (the report names them so)."},
        help_text="As the report will name them, e.g. 'Student safety survey, autumn 2026'.")
    period = forms.ChoiceField(
        label="Term or academic year they belong to",
        error_messages={"required": "Choose the term or academic year.",
                        "invalid_choice": "Choose one of the terms or academic years listed."},
        help_text="Reports on this period show them beside the institution's own figures.")
    file = forms.FileField(
        label="File (CSV, or an Excel workbook)",
        error_messages={"required": "Choose the file to import.",
                        "empty": "The file is empty."},
        help_text="Columns: source, measure, category, period, value (see the layout below).")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "Choose...")] + [
            (c.series, c.label.split(": ", 1)[-1] + (" (academic year)" if c.kind == "annual"
                                                     else "")) for c in choices]
