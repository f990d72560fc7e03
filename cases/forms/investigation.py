"""Forms of the investigation file (002 §28, §39-44; 004). They turn text into values; the
services (cases/services/investigation.py) decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.roles import Role

from ..models import (
    EvidenceDocument,
    EvidenceRequest,
    Interviewee,
    InvestigationMeeting,
    Party,
    Statement,
)
from .base import CaseForm, date_field, long_text, radio, text

Meeting = InvestigationMeeting


def _party_choices(case, blank: str) -> list[tuple]:
    parties = Party.objects.for_institution(case.institution_id).filter(case=case)
    return [("", blank), *((p.pk, f"{p.name} ({p.get_kind_display().lower()})")
                          for p in parties)]


def _optional_id(value):
    return int(value) if value not in (None, "") else None


class _WhoMixin:
    def add_who(self, name: str, label: str) -> None:
        self.fields[name] = radio(label, Interviewee.choices,
                                  required_message="Choose whom it is with.")
        self.fields["party"] = forms.TypedChoiceField(
            label="Reporting party or witness on the case", required=False,
            coerce=_optional_id, empty_value=None,
            choices=_party_choices(self.case, "Not a party (the reported student, or a "
                                              "witness named below)"))
        self.fields["person_name"] = text("Witness's name, if not on the case", required=False)


class MeetingForm(_WhoMixin, CaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        inst = self.institution
        caseworker = inst.role_label(Role.SUPPORT_CASEWORKER)
        self.add_who("interviewee", "Whom was the meeting with?")
        self.fields["held_on"] = date_field("Date of the meeting")
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["status"] = radio("Did the meeting take place?", Meeting.Status.choices)
        self.fields["status"].initial = Meeting.Status.HELD
        self.fields["attendees"] = long_text("Who attended", rows=3,
                                             help_text="One person per line.")
        self.fields["told_of_right_to_be_accompanied"] = forms.BooleanField(
            label="The reported student was told beforehand of their right to be accompanied "
                  "(§42)", required=False)
        companions = [(k, f"Their {caseworker}" if k == Meeting.Companion.CASEWORKER else v)
                      for k, v in Meeting.Companion.choices]
        self.fields["companion"] = radio("Who came with them?", companions)
        self.fields["companion"].initial = Meeting.Companion.NONE
        self.fields["companion_name"] = text("Companion's name", required=False)
        self.fields["companion_role"] = radio(
            "The companion's part", Meeting.CompanionRole.choices, required=False,
            help_text="A companion observes silently; speaking for the person is permitted only "
                      "in exceptional circumstances, such as a reasonable adjustment (§28, §42).")
        self.fields["representation_reason"] = long_text(
            "Why the companion was permitted to speak", rows=2)
        self.fields["adjustments"] = long_text(
            "Reasonable adjustments asked for and made", rows=3,
            help_text="For example a quiet room, breaks, an online meeting (§11, §56-57).")
        self.fields["notes"] = long_text("Notes of the meeting", rows=8,
                                         help_text="Stored encrypted; case material.")

    fieldsets = (
        ("Companion (§42)", ("companion", "companion_name", "companion_role",
                             "representation_reason"), ""),
    )


class StatementForm(_WhoMixin, CaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.for_institution(self.institution_id).filter(
            case=self.case).select_related("party", "case__respondent")
        self.fields["meeting"] = forms.TypedChoiceField(
            label="Taken at the meeting", required=False, coerce=_optional_id,
            empty_value=None, choices=[("", "Not taken at a recorded meeting"),
                                       *((m.pk, str(m)) for m in meetings)])
        self.add_who("given_by", "Whose statement is it?")
        self.fields["given_by"].required = False
        self.fields["given_by"].help_text = "Leave empty to take it from the meeting."
        self.fields["taken_on"] = date_field("Date the statement was taken")
        self.fields["taken_on"].initial = timezone.localdate()
        self.fields["text"] = long_text("The statement", rows=12, required=True,
                                        help_text="Stored encrypted. It is used only once the "
                                                  "person agrees it.")

    @property
    def institution_id(self):
        return self.institution.pk


class StatementAgreementForm(CaseForm):
    agreement = radio("Did the person agree the statement?", [
        (Statement.Agreement.AGREED, "Yes: they agreed it is their account"),
        (Statement.Agreement.DECLINED, "No: they declined (it will not be used)")])
    on = date_field("Date of their answer")
    how = text("How they answered", required=False, max_length=300,
               help_text="For example 'signed copy returned', 'by email'.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class EvidenceRequestForm(CaseForm):
    what = text("What evidence is asked for", required=True, max_length=300)
    from_whom = text("Asked from", required=True, max_length=200,
                     help_text="A person, a department or an organisation.")
    requested_on = date_field("Date of the request")
    due_on = date_field("Reply due by (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].initial = timezone.localdate()


class EvidenceRequestAnswerForm(CaseForm):
    status = radio("What was the reply?", [
        (EvidenceRequest.Status.RECEIVED, "The evidence was received"),
        (EvidenceRequest.Status.REFUSED, "The request was refused")])
    on = date_field("Date of the reply")
    note = long_text("Note", rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        documents = EvidenceDocument.objects.for_institution(self.institution.pk).filter(
            case=self.case)
        self.fields["document"] = forms.TypedChoiceField(
            label="The document received, if added to the case file", required=False,
            coerce=_optional_id, empty_value=None,
            choices=[("", "None"), *((d.pk, d.title) for d in documents)])


class ReportForm(CaseForm):
    summary = long_text("Summary of the investigation", rows=6, required=True)
    findings = long_text("Findings", rows=10, required=True)
    revision_reason = long_text("Why this version revises the last", rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agreed = Statement.objects.for_institution(self.institution.pk).filter(
            case=self.case).select_related("party", "case__respondent")
        self.fields["statements"] = forms.TypedMultipleChoiceField(
            label="Statements the report relies on", required=False, coerce=int,
            widget=forms.CheckboxSelectMultiple,
            help_text="Only statements the person agreed may be relied on.",
            choices=[(s.pk, f"{s.person}, {s.taken_on:%d %b %Y} "
                            f"({s.get_agreement_display().lower()})") for s in agreed])


class AllegationNoticeForm(CaseForm):
    particulars = long_text(
        "What is alleged", rows=6, required=True,
        help_text="What the student is said to have done and how it breaches the expected "
                  "standards (§28). Do not name anyone whose identity is withheld (§58).")
    respond_by = date_field("Respond by", required=False)
    meeting_on = date_field("Meeting date (optional)", required=False)
    meeting_place = text("Meeting place or link (optional)", required=False)
    contact = text("Contact details for the student's reply (optional)", required=False,
                   max_length=300)
