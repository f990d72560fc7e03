"""Forms for pauses, extensions, evidence, the queue's filters and letter templates."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from institutions.procedure import Cohort
from letters.models import LetterDelivery

from ..models import CasePause, Stage
from ..selectors import DeadlineStatus
from ..templatetags.case_words import board_words
from .base import CaseForm, date_field, long_text, radio, text


class PauseForm(CaseForm):
    reason = radio("Why is the case paused?", CasePause.Reason.choices,
                   required_message="Choose why the case is paused.")
    detail = long_text("Details", rows=3,
                       help_text="For example the police reference, or the expected length.")
    on = date_field("Paused from")
    student_told_on = date_field("Date the student was told of the delay (optional)",
                                 required=False, help_text="Delays must be explained to the "
                                                           "student (§44).")
    reporting_parties_told_on = date_field(
        "Date the reporting parties were told (optional)", required=False,
        help_text="The parties are kept updated on progress; the case page lists who has "
        "not been told yet.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ResumeForm(CaseForm):
    on = date_field("Resumed on",
                    help_text="Every paused deadline moves on by the time the case was paused.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ExtendDeadlineForm(CaseForm):
    deadline = forms.TypedChoiceField(label="Which deadline?", coerce=int, choices=[],
                                      widget=forms.RadioSelect,
                                      error_messages={"required": "Choose the deadline."})
    new_due = date_field("New due date")
    reason = long_text("Reason for the extension", rows=3,
                       help_text="The student is told the reason for any delay (§44).")
    student_told_on = date_field("Date the student was told", required=False)

    def __init__(self, *args, deadlines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].choices = [
            (d.pk, f"{d.purpose}: due {d.due_date:%a} {d.due_date.day} {d.due_date:%b %Y}, "
             f"{d.rule_description}")
            for d in deadlines]


class EvidenceForm(CaseForm):
    title = text("Title of the document", max_length=200,
                 help_text="For example 'Screenshots of messages, 12 October'.")
    file = forms.FileField(label="File", required=False,
                           help_text="PDF, image, Word, Excel, PowerPoint or OpenDocument, "
                           "plain text, MP3 or MP4. No macros or web pages.",
                           error_messages={"required": "Choose a file to upload."})

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise forms.ValidationError("Choose a file to upload.")
        return upload


class QueueFilterForm(forms.Form):
    """The queue's filters, sent by GET. A bad value is reported, never a server error."""

    template_name = "cases/forms/filters.html"

    stage = forms.ChoiceField(label="Stage", required=False,
                              choices=[("", "Any stage"), *Stage.choices])
    assignee = forms.TypedChoiceField(label="Assigned to", required=False, coerce=int,
                                      empty_value=None, choices=[])
    cohort = forms.ChoiceField(label="Cohort", required=False,
                               choices=[("", "Any cohort"), *Cohort.choices])
    deadline = forms.ChoiceField(label="Deadline", required=False,
                                 choices=[("", "Any"), *DeadlineStatus.CHOICES])
    q = forms.CharField(label="Reference or student ID", required=False, max_length=60)

    def __init__(self, *args, staff, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Any stage")] + [
            (value, board_words(label, institution)) for value, label in Stage.choices]
        self.fields["assignee"].choices = [("", "Anyone")] + [
            (m.user_id, str(m.user)) for m in staff]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "That is not one of the options; showing cases without this filter.")


class LetterDeliveryForm(CaseForm):
    channel = radio("How was it sent?", LetterDelivery.Channel.choices,
                    required_message="Choose how the letter was sent.")
    sent_on = date_field("Sent on", required_message="Enter the date it was sent.")
    to = text("Sent to", max_length=400, help_text=(
        "The email or postal address. Leave empty to use the one on the letter."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()
