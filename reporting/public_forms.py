"""Forms of the public Report + Support pages: one per step of the form, and the follow-up.

The rules are not written here a second time: each step's form only shapes what was typed into
the draft's values, and the wizard runs ``reporting.services.submission.validate`` on the whole
draft and shows the problems that belong to the step's own fields (``error_field``). The forms
add only what a web page needs on top: a date typed as day, month and year, and length limits
that stop text being cut short without telling the person.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from .models import InvolvedPerson, Report, ReportCategory

INVOLVED_SLOTS = 2
NARRATIVE_MAX = 20000  # validate() keeps this much; say so rather than cut it silently
DATE_MESSAGE = "Enter a real date, for example 27 3 2025, or leave the date empty."
WANT_CHOICES = [
    ("support", "Support"),
    ("information", "Information about my options"),
    ("formal_report", "To make a formal report"),
]
WANT_HINTS = {
    "support": "A caseworker can offer an appointment, help with your studies (for example "
               "missed work or mitigating circumstances) and referrals to other services.",
    "information": "What you can do next, and what each choice would mean.",
    "formal_report": "This can start the disciplinary procedure. A caseworker talks it through "
                     "with you first, and nothing formal starts until you agree. A formal "
                     "report cannot be anonymous.",
}
ANONYMOUS_CHOICES = [("true", "Stay anonymous"), ("false", "Leave my contact details")]
ANONYMOUS_HINTS = {
    "true": "We will not know who you are and we cannot contact you, so we cannot offer you "
            "direct support or start a formal process. You will get a receipt: come back with "
            "it to read replies and answer them.",
    "false": "A caseworker will contact you in the way you choose below to talk about "
             "support. You will get a receipt too.",
}


# -- widgets --------------------------------------------------------------------------------
class _WithHints:
    """Radios and checkboxes that can show a hint under each option's label."""

    def __init__(self, *args, hints: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = dict(hints or {})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        return option


class Radios(_WithHints, forms.RadioSelect):
    template_name = "reporting/public/widgets/choices.html"
    option_template_name = "reporting/public/widgets/choice.html"


class Checkboxes(_WithHints, forms.CheckboxSelectMultiple):
    template_name = "reporting/public/widgets/choices.html"
    option_template_name = "reporting/public/widgets/choice.html"


class DateParts(forms.MultiWidget):
    """Day, month and year boxes (easier to type on a phone than a date picker, and they work
    the same in every browser)."""

    template_name = "reporting/public/widgets/date_parts.html"

    def __init__(self):
        def part(size):
            return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                          "class": f"rs-date-{size}", "spellcheck": "false"})
        super().__init__({"day": part(2), "month": part(2), "year": part(4)})

    def decompress(self, value):
        try:
            day = dt.date.fromisoformat(str(value))
        except (TypeError, ValueError):
            return [None, None, None]
        return [day.day, day.month, day.year]


class DatePartsField(forms.MultiValueField):
    widget = DateParts

    def __init__(self, **kwargs):
        parts = [forms.CharField(required=False, max_length=4) for _ in range(3)]
        super().__init__(fields=parts, require_all_fields=False, required=False,
                         error_messages={"incomplete": DATE_MESSAGE, "invalid": DATE_MESSAGE},
                         **kwargs)

    def compress(self, data_list) -> str:
        if not data_list or not any(data_list):
            return ""
        day, month, year = (str(part or "").strip() for part in data_list)
        if len(year) != 4 or not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(DATE_MESSAGE)
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            raise ValidationError(DATE_MESSAGE) from None


def _radio(label, choices, *, help_text="", hints=None, **kwargs) -> forms.ChoiceField:
    # Not required here: validate() says what is missing, in its own words.
    return forms.ChoiceField(label=label, choices=choices, required=False, help_text=help_text,
                             widget=Radios(hints=hints),
                             error_messages={"invalid_choice": "Choose one of the options."},
                             **kwargs)


def _text(label, *, max_length=200, help_text="", widget=None, **attrs) -> forms.CharField:
    widget = widget or forms.TextInput
    return forms.CharField(
        label=label, required=False, max_length=max_length, help_text=help_text,
        widget=widget(attrs=attrs or None),
        error_messages={"max_length": f"Keep this to {max_length} characters or fewer."})


# -- the steps ------------------------------------------------------------------------------
class StepForm(forms.Form):
    """A step of the form. ``values()`` are what goes into the draft; ``error_field()`` says
    which of this form's fields a key of validate()'s errors belongs to (None: another step)."""

    use_required_attribute = False  # the server names every problem in the error summary

    def __init__(self, *args, institution=None, **kwargs):
        self.institution = institution
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        return {name: data[name] for name in cls.base_fields if name in data}

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def error_field(self, key: str) -> str | None:
        return key if key in self.fields else None


class AboutForm(StepForm):
    reporter_role = _radio(
        "Which of these describes you?", Report.ReporterRole.choices,
        help_text="This helps us offer the right support.")
    perspective = _radio("How do you know about what happened?", Report.Perspective.choices,
                         initial=Report.Perspective.SELF)


class WhatForm(StepForm):
    categories = forms.MultipleChoiceField(
        label="Which of these describe what happened?", required=False, widget=Checkboxes,
        help_text="Choose all that apply. You can tell us more in your own words later.",
        error_messages={"invalid_choice": "Choose from the list."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = list(ReportCategory.objects.for_institution(self.institution)
                          .filter(is_active=True))
        field = self.fields["categories"]
        field.choices = [(c.code, c.label) for c in categories]
        field.widget.hints = {c.code: c.hint for c in categories}


class WhenForm(StepForm):
    when = _radio("When did it happen?", Report.When.choices,
                  help_text="Roughly is fine.")
    incident_date = DatePartsField(
        label="If you know the date, enter it (optional)",
        help_text="For example, 27 3 2025. Leave it empty if you are not sure.")


class WhereForm(StepForm):
    location = _radio("Where did it happen?", Report.Location.choices)
    location_detail = _text(
        "Where exactly? (optional)", max_length=500,
        help_text="For example the name of a hall, venue, building or website. Leave it empty "
                  "if you prefer.")


class WhoForm(StepForm):
    """Up to two people, each optional. The draft keeps both slots, in order, so that
    validate()'s ``involved.<n>.<field>`` errors point at the right boxes."""

    PARTS = ("name", "student_id", "email", "role", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(INVOLVED_SLOTS):
            self.fields[f"p{n}_name"] = _text("Name (if you know it)", autocomplete="off")
            self.fields[f"p{n}_student_id"] = _text(
                "Student or staff ID number (if you know it)", max_length=50,
                autocomplete="off", spellcheck="false")
            self.fields[f"p{n}_email"] = _text(
                "Email address (if you know it)", widget=forms.EmailInput, autocomplete="off",
                spellcheck="false")
            self.fields[f"p{n}_role"] = _radio("Are they…", InvolvedPerson.Role.choices)
            self.fields[f"p{n}_description"] = _text(
                "Anything else that would help us know who they are (optional)",
                max_length=300, help_text="For example their course, team or what they look "
                "like.")
            for part in self.PARTS:
                self.fields[f"p{n}_{part}"].summary_label = f"Person {n + 1}"

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        initial = {}
        for n, person in enumerate((data.get("involved") or [])[:INVOLVED_SLOTS]):
            for part in cls.PARTS:
                initial[f"p{n}_{part}"] = person.get(part, "")
        return initial

    def values(self) -> dict:
        people = []
        for n in range(INVOLVED_SLOTS):
            people.append({part: (self.cleaned_data.get(f"p{n}_{part}") or "")
                           for part in self.PARTS})
        return {"involved": people}

    def error_field(self, key: str) -> str | None:
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "involved" and f"p{parts[1]}_{parts[2]}" in self.fields:
            return f"p{parts[1]}_{parts[2]}"
        return None

    def people(self) -> list[dict]:
        """The boxes of each person, for the template."""
        people = []
        for n in range(INVOLVED_SLOTS):
            fields = [self[f"p{n}_{part}"] for part in self.PARTS]
            people.append({"number": n + 1, "fields": fields,
                           "filled": any(f.value() or f.errors for f in fields)})
        return people


class WantsForm(StepForm):
    wants = forms.MultipleChoiceField(
        label="What would you like?", required=False, choices=WANT_CHOICES,
        widget=Checkboxes(hints=WANT_HINTS), help_text="Choose all that apply.",
        error_messages={"invalid_choice": "Choose from the list."})
    narrative = forms.CharField(
        label="Tell us what happened, in your own words (optional)", required=False,
        max_length=NARRATIVE_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write as much or as little as you like. You do not have to go into detail.",
        error_messages={"max_length": f"Keep this to {NARRATIVE_MAX:,} characters or fewer. "
                                      "You can add more later on the follow-up page."})


class EvidenceForm(StepForm):
    file = forms.FileField(label="Choose a file", required=False)

    def values(self) -> dict:
        return {}

    def error_field(self, key: str) -> str | None:
        return "file" if key == "files" else None


class ContactForm(StepForm):
    anonymous = _radio("Do you want to stay anonymous?", ANONYMOUS_CHOICES,
                       hints=ANONYMOUS_HINTS)
    contact_name = _text("Your name", autocomplete="name")
    contact_email = _text("Email address", widget=forms.EmailInput, autocomplete="email",
                          spellcheck="false")
    contact_phone = _text("Phone number", widget=forms.TextInput, type="tel",
                          autocomplete="tel")
    contact_student_id = _text("Student or staff ID number (optional)", max_length=50,
                               autocomplete="off", spellcheck="false")
    preferred_contact = _radio("How would you like us to contact you?",
                               Report.ContactMethod.choices,
                               help_text="We need an email address or a phone number to "
                                         "arrange a meeting.")

    def values(self) -> dict:
        values = super().values()
        if values.get("anonymous") == "true":  # hidden boxes typed into are not kept
            values.update({name: "" for name in values if name != "anonymous"})
        return values

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        initial = super().initial_from(data)
        if isinstance(initial.get("anonymous"), bool):
            initial["anonymous"] = "true" if initial["anonymous"] else "false"
        return initial


# -- follow-up ------------------------------------------------------------------------------
class ReceiptForm(forms.Form):
    use_required_attribute = False
    receipt = forms.CharField(
        label="Your receipt", max_length=60, required=False,
        help_text="16 letters and numbers, for example ABCD-EFGH-JKMN-PQRS. Capital letters "
                  "and hyphens do not matter.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "class": "rs-receipt-input"}))

    def clean_receipt(self):
        value = self.cleaned_data["receipt"].strip()
        if not value:
            raise ValidationError("Enter your receipt.")
        return value


class ReplyForm(forms.Form):
    use_required_attribute = False
    body = forms.CharField(label="Your message", required=False, max_length=NARRATIVE_MAX,
                           widget=forms.Textarea(attrs={"rows": 6,
                                                        "class": "rs-message-input"}),
                           error_messages={"max_length": f"Keep this to {NARRATIVE_MAX:,} "
                                                         "characters or fewer."})


class AddFileForm(forms.Form):
    use_required_attribute = False
    files = forms.FileField(label="Choose a file", required=False)


class RevealForm(forms.Form):
    """Giving a name after an anonymous report: the service checks it."""

    use_required_attribute = False
    contact_name = ContactForm.base_fields["contact_name"]
    contact_email = ContactForm.base_fields["contact_email"]
    contact_phone = ContactForm.base_fields["contact_phone"]
    contact_student_id = ContactForm.base_fields["contact_student_id"]
    preferred_contact = ContactForm.base_fields["preferred_contact"]
