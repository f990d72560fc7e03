"""Forms for the Safe Contact pages. Forms turn text into values; the services decide and
their ValidationErrors are shown against the fields (:func:`add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Membership
from institutions.models import AcademicTerm

from .models import (
    QUESTIONS,
    Advisor,
    Concern,
    PersonKind,
    SafeContact,
    Session,
    Signpost,
    StaffType,
)
from .services.contactlog import contact_log_check
from .words import MOTIVATION_MAX_WORDS, MOTIVATION_MIN_WORDS

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
YES_NO = [("yes", "Yes"), ("no", "No")]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2026-11-02.",
                        "required": f"Enter the {label.lower()}."})


def text(label: str, *, required: bool = True, max_length: int = 200, help_text: str = "",
         message: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           error_messages={"required": message or f"Enter the {label.lower()}."})


def long_text(label: str, *, required: bool = True, help_text: str = "", rows: int = 5,
              message: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message or f"Enter the {label.lower()}."})


def radio(label: str, choices, *, required: bool = True, message: str = "Choose one.",
          help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=required,
                             help_text=help_text, widget=forms.RadioSelect,
                             error_messages={"required": message,
                                             "invalid_choice": "Choose one of the options."})


def checkboxes(label: str, choices, *, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list."})


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's field errors against the form's fields (``equality.gender`` ->
    ``equality_gender``), anything else in the error summary."""
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            name = key.replace(".", "_")
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# -- applying -----------------------------------------------------------------------------------
class ApplicationForm(forms.Form):
    """001's application form; the equality monitoring questions are optional."""

    full_name = text("Name", message="Enter your name.")
    email = forms.EmailField(label="Work email address", error_messages={
        "required": "Enter your work email address.",
        "invalid": "Enter an email address like name@example.ac.uk."})
    job_title = text("Job title", message="Enter your job title.")
    department = text("Department", message="Enter your department.")
    staff_type = radio("Which best describes your role?", StaffType.choices,
                       message="Choose Professional Services staff or Academic staff.")
    motivation = long_text(
        "Your motivation to be a Safe Contact and your suitability for the role",
        rows=12, message="Write about your motivation and suitability.",
        help_text=f"{MOTIVATION_MIN_WORDS} to {MOTIVATION_MAX_WORDS} words. This could "
        "include your employment experience, voluntary experience, education or personal "
        "interests.")
    line_manager_permission = radio(
        "Do you have the permission of your line manager to undertake this role?", YES_NO,
        message="Say whether your line manager has given permission.",
        help_text="If not, you can still apply: the EDI office will talk it through with you.")
    sexual_violence_interest = radio(
        "Are you interested in being a specialist Sexual Violence Safe Contact?", YES_NO,
        message="Say whether you are interested in the Sexual Violence specialism.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, (question, choices) in QUESTIONS.items():
            self.fields[f"equality_{key}"] = forms.ChoiceField(
                label=f"{question} (optional)", required=False, widget=forms.RadioSelect,
                choices=choices.choices,
                error_messages={"invalid_choice": "Choose one of the answers, or leave it "
                                                  "blank."})

    def main_fields(self):
        return [self[n] for n in self.fields if not n.startswith("equality_")]

    def equality_fields(self):
        return [self[n] for n in self.fields if n.startswith("equality_")]

    def service_values(self) -> dict:
        d = self.cleaned_data
        return {"full_name": d["full_name"], "email": d["email"], "job_title": d["job_title"],
                "department": d["department"], "staff_type": d["staff_type"],
                "motivation": d["motivation"],
                "line_manager_permission": d["line_manager_permission"] == "yes",
                "sexual_violence_interest": d["sexual_violence_interest"] == "yes",
                "equality": {key: d.get(f"equality_{key}") or "" for key in QUESTIONS}}


# -- the pipeline ---------------------------------------------------------------------------------
class ConfirmForm(forms.Form):
    """No fields: the page says what will happen."""


class ReasonForm(forms.Form):
    reason = long_text("Reason", message="Give the reason.")


class ChatForm(forms.Form):
    """The two members of staff are named by their work email (an institution has thousands
    of staff: no list to scroll)."""

    held_on = date_field("Date of the chat")
    first = forms.EmailField(label="First member of staff who held it (work email)",
                             error_messages={"required": "Name the two members of staff who "
                                             "held the chat.",
                                             "invalid": "Enter an email address like "
                                             "name@example.ac.uk."})
    second = forms.EmailField(label="Second member of staff (work email)",
                              error_messages={"required": "Name the two members of staff who "
                                              "held the chat.",
                                              "invalid": "Enter an email address like "
                                              "name@example.ac.uk."})
    notes = long_text("Notes (optional)", required=False,
                      help_text="Seen only by the EDI administrators.")

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution

    def _member(self, name: str):
        email = self.cleaned_data[name]
        membership = (Membership.objects.for_institution(self.institution)
                      .filter(user__email__iexact=email, is_active=True, user__is_active=True)
                      .select_related("user").first())
        if membership is None:
            raise ValidationError("No member of staff here has this address.")
        return membership.user

    def clean_first(self):
        return self._member("first")

    def clean_second(self):
        return self._member("second")

    def staff(self) -> list:
        return [self.cleaned_data["first"], self.cleaned_data["second"]]


class BiographyForm(forms.Form):
    biography = long_text("Biography", rows=8, message="Write the biography.",
                          help_text="Shown on the public Safe Contacts page: your role, why "
                          "you volunteer, what you can help with. At least 30 words.")
    contact_email = forms.EmailField(
        label="Email address to publish", help_text="How people may contact you. It is shown "
        "publicly: choose a work address.", error_messages={
            "required": "Enter the email address to publish.",
            "invalid": "Enter an email address like name@example.ac.uk."})


class RecordFilterForm(forms.Form):
    template_name = "cases/forms/filters.html"

    stage = forms.ChoiceField(label="Step", required=False,
                              choices=[("", "Any"), *SafeContact.Stage.choices])
    flagged = forms.ChoiceField(label="Line manager", required=False, choices=[
        ("", "Any"), ("yes", "No permission (flagged)")])
    overdue = forms.ChoiceField(label="Time limit", required=False, choices=[
        ("", "Any"), ("yes", "Overdue")])
    q = forms.CharField(label="Name or department", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "That is not one of the options; showing the list without this filter.")


# -- commitments ----------------------------------------------------------------------------------
class SessionForm(forms.Form):
    kind = radio("What was held", Session.Kind.choices, message="Choose what was held.")
    term = forms.TypedChoiceField(label="Term", coerce=int, choices=[], error_messages={
        "required": "Choose the term.", "invalid_choice": "Choose one of the terms."})
    held_on = date_field("Date held")
    attendees = forms.TypedMultipleChoiceField(
        label="Who attended", coerce=int, choices=[], required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose Safe Contacts from the list."})

    def __init__(self, *args, institution, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {t.pk: t for t in AcademicTerm.objects.for_institution(institution)}
        self.fields["term"].choices = [("", "Choose a term")] + [
            (pk, f"{t.name} ({t.start:%d %b %Y} to {t.end:%d %b %Y})")
            for pk, t in self.terms.items()]
        self.fields["attendees"].choices = [(r.pk, r.full_name) for r in people]


class AttendanceForm(forms.Form):
    attendees = forms.TypedMultipleChoiceField(
        label="Who attended", coerce=int, choices=[], required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose Safe Contacts from the list."})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(r.pk, r.full_name) for r in people]


# -- the contact log ------------------------------------------------------------------------------
class ReferralFields(forms.Form):
    reason = long_text(
        "Why the risk is higher", required=False, rows=4,
        help_text="For the Harassment Management Group's risk assessment. Do not name the "
        "person or anyone else unless they agreed to it.")
    contact_consent = radio(
        "Did the person agree that the group may have their contact details?", YES_NO,
        required=False, message="Say whether the person agreed.")
    contact_details = long_text(
        "Their contact details", required=False, rows=3,
        help_text="Only with their consent: how the group may reach them.")

    def referral(self) -> dict:
        d = self.cleaned_data
        return {"reason": d.get("reason") or "",
                "contact_consent": d.get("contact_consent") == "yes",
                "contact_details": d.get("contact_details") or ""}


class ReferForm(ReferralFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = "Say why the risk is higher."


class ContactLogForm(ReferralFields):
    """No name and no free text: the entry is dates and choices (001). The referral's reason
    goes to the group's request, not into the log."""

    contacted_on = date_field("Date of the contact")
    concern = radio("Kind of concern", Concern.choices, message="Choose the kind of concern.")
    person_kind = radio("The person is", PersonKind.choices,
                        message="Choose student or member of staff.")
    signposted_to = checkboxes("Signposted to", Signpost.choices)
    handed_over = radio("Did you hand the contact to another Safe Contact for a conflict of "
                        "interest?", YES_NO, message="Say whether you handed it over.")
    handed_to = forms.TypedChoiceField(label="To whom", coerce=int, required=False, choices=[],
                                       error_messages={"invalid_choice": "Choose an active "
                                                       "Safe Contact from the list."})
    confidentiality_broken = radio(
        "Was confidentiality broken?", YES_NO, message="Say whether confidentiality was "
        "broken.", help_text="Only for an unacceptable risk to a student, a member of staff or "
        "the institution, after advice (001).")
    confidentiality_advisors = checkboxes("Who advised", Advisor.choices)
    confidentiality_advised_on = date_field("Date of the advice", required=False)
    refer = radio("Refer to the Harassment Management Group now?", YES_NO,
                  message="Say whether you refer it now.",
                  help_text="For a higher-risk disclosure: the group assesses the risk.")

    field_order = ["contacted_on", "concern", "person_kind", "signposted_to", "handed_over",
                   "handed_to", "confidentiality_broken", "confidentiality_advisors",
                   "confidentiality_advised_on", "refer", "reason", "contact_consent",
                   "contact_details"]

    GROUPS = [
        ("The contact", "", ["contacted_on", "concern", "person_kind", "signposted_to"]),
        ("Conflict of interest", "If you already advise another person in the case, or you "
         "belong to the department the disclosure comes from, hand it to another Safe Contact.",
         ["handed_over", "handed_to"]),
        ("Confidentiality", "", ["confidentiality_broken", "confidentiality_advisors",
                                 "confidentiality_advised_on"]),
        ("Harassment Management Group", "The group undertakes a risk assessment. The request "
         "carries the person's contact details only if they agreed.",
         ["refer", "reason", "contact_consent", "contact_details"]),
    ]

    def groups(self) -> list[dict]:
        return [{"legend": legend, "hint": hint, "fields": [self[n] for n in names]}
                for legend, hint, names in self.GROUPS]

    def __init__(self, *args, others, institution=None, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution, self.own = institution, own
        self.fields["handed_to"].choices = [("", "Nobody")] + [
            (r.pk, f"{r.full_name} ({r.department})") for r in others]

    def clean(self):
        data = super().clean()
        if data.get("refer") == "yes" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the risk is higher.")
        if self.institution is None or not self.errors:
            return data
        # Show the service's rules with the form's own errors, all at once (the service
        # checks them again when it records the entry).
        values = {k: v for k, v in self.service_values(partial=True).items()
                  if k != "referral"}
        try:
            contact_log_check(institution=self.institution, own=self.own, **values)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                if key in self.fields and key not in self.errors:
                    for message in messages:
                        self.add_error(key, message)
        return data

    def service_values(self, *, partial: bool = False) -> dict:
        """The service's arguments (``partial``: from what is valid so far)."""
        d = self.cleaned_data
        return {"contacted_on": d.get("contacted_on"), "concern": d.get("concern", ""),
                "person_kind": d.get("person_kind", ""),
                "signposted_to": d.get("signposted_to") or [],
                "handed_over": d.get("handed_over") == "yes",
                "handed_to_id": d.get("handed_to"),
                "confidentiality_broken": d.get("confidentiality_broken") == "yes",
                "confidentiality_advisors": d.get("confidentiality_advisors") or [],
                "confidentiality_advised_on": d.get("confidentiality_advised_on"),
                "referral": self.referral() if d.get("refer") == "yes" else None}


class PeriodForm(forms.Form):
    template_name = "cases/forms/filters.html"

    since = date_field("From", required=False)
    until = date_field("To", required=False)


class DirectoryFilterForm(forms.Form):
    specialism = forms.ChoiceField(label="Specialist training", required=False, choices=[])
    hide_department = forms.ChoiceField(
        label="Hide Safe Contacts from my department", required=False, choices=[],
        help_text="A Safe Contact from your own department may know the people involved.")

    def __init__(self, *args, specialisms, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialism"].choices = [("", "Any")] + [
            (m.key, m.topic or m.title) for m in specialisms]
        self.fields["hide_department"].choices = [("", "Show every department")] + [
            (d, d) for d in departments]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "That is not one of the options; showing everyone.")
