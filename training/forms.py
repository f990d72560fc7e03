"""Forms of the training administrators' pages. Forms turn what was typed into values; the
services decide (training/services/), and their field errors are shown against the fields
with what was typed kept (:func:`add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.roles import role_choices

from .models import MAPPED_COLUMNS, DateFormat, Learner, Module, ModuleMatch, TrainingSession

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2026-10-20.",
                        "required": f"Enter the {label.lower()}."})


def text(label: str, *, required: bool = False, max_length: int = 200,
         help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           error_messages={"required": f"Enter the {label.lower()}."})


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: each named field against its field, anything
    else in the error summary."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def _module_choices(institution, *, keep: Module | None = None, **filters):
    rows = Module.objects.for_institution(institution).filter(is_active=True, **filters)
    if keep is not None:
        rows = rows | Module.objects.for_institution(institution).filter(pk=keep.pk)
    return rows.order_by("title", "pk")


class ModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.key})"


class ModuleForm(forms.Form):
    key = forms.SlugField(
        label="Key", max_length=60,
        help_text="A short, stable identifier, e.g. 'consent-ed-1'. Imports may name the "
        "module by it; it cannot be changed later.",
        error_messages={"required": "Enter a key for the module.",
                        "invalid": "Use lower-case letters, numbers and hyphens only."})
    title = text("Title", required=True)
    description = forms.CharField(label="Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    audience = forms.ChoiceField(label="Who must take it", choices=Module.Audience.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose who must take it."})
    audience_role = forms.ChoiceField(
        label="Role", required=False,
        help_text="Only for 'Staff holding a role': the role whose holders must take it.")
    mandatory = forms.BooleanField(label="Mandatory", required=False)
    delivery = forms.ChoiceField(label="Delivery", choices=Module.Delivery.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose how it is delivered."})
    duration_hours = forms.DecimalField(label="Duration (hours)", required=False,
                                        max_digits=4, decimal_places=1, min_value=0)
    validity_years = forms.IntegerField(
        label="Valid for (years)", required=False, min_value=1, max_value=20,
        help_text="Blank: a completion never expires. Changing it applies to completions "
        "recorded from now on; those already recorded keep their expiry.")
    purpose = forms.ChoiceField(label="What it qualifies for", choices=Module.Purpose.choices)
    topic = text("Topic", max_length=80,
                 help_text="A short label for a specialist topic, e.g. 'Sexual violence'.")
    allows_opt_out = forms.BooleanField(
        label="A survivor may opt out (students' modules only)", required=False)
    is_active = forms.BooleanField(label="Active", required=False, initial=True)

    def __init__(self, *args, institution, module: Module | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_role"].choices = [("", "(none)")] + [
            (key, institution.role_label(key)) for key, _label in role_choices()]
        if module is not None:
            del self.fields["key"]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "key"}


class CampaignForm(forms.Form):
    module = ModuleChoiceField(queryset=Module.objects.none(), label="Module",
                               error_messages={"required": "Choose the module.",
                                               "invalid_choice": "Choose one of the modules."})
    name = text("Name", required=True, max_length=150,
                help_text="e.g. 'Bystander and Consent 2026'.")
    opens_on = date_field("Opening date")
    deadline = date_field("Deadline", help_text="On or after the opening date.")
    cohort = text("Cohort", max_length=40,
                  help_text="Optional: the entry cohort it is for, e.g. 2026.")

    def __init__(self, *args, institution, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = _module_choices(
            institution, keep=campaign.module if campaign is not None else None)


class LearnerForm(forms.Form):
    kind = forms.ChoiceField(label="Student or staff", choices=Learner.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose student or staff."})
    email = forms.EmailField(label="Email", error_messages={
        "required": "Enter the person's email address.",
        "invalid": "Enter an email address, like name@example.ac.uk."})
    full_name = text("Name")
    external_id = text("Student or staff number", max_length=40)
    department = text("Department", max_length=150)
    cohort = text("Cohort (entry year)", max_length=40)
    year_of_study = forms.IntegerField(label="Year of study", required=False, min_value=1,
                                       max_value=10)
    is_active = forms.BooleanField(label="On the roster (active)", required=False, initial=True)


class RosterSearchForm(forms.Form):
    q = forms.CharField(label="Search by name, email or student/staff number", required=False,
                        max_length=100)
    kind = forms.ChoiceField(label="Who", required=False,
                             choices=[("", "Everyone")] + list(Learner.Kind.choices))


class CompletionForm(forms.Form):
    module = ModuleChoiceField(queryset=Module.objects.none(), label="Module",
                               error_messages={"required": "Choose the module.",
                                               "invalid_choice": "Choose one of the modules."})
    completed_on = date_field("Completion date")

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = _module_choices(institution)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The export (CSV or Excel .xlsx)",
        help_text="The first row names the columns. Nothing is applied until you confirm the "
        "columns on the next page.",
        error_messages={"required": "Choose the file to upload.",
                        "empty": "The file is empty."})
    learner_kind = forms.ChoiceField(
        label="The people in this file are", choices=Learner.Kind.choices,
        widget=forms.RadioSelect, initial=Learner.Kind.STUDENT,
        help_text="People not yet on the roster are added as students or as staff.")


class ColumnsForm(forms.Form):
    """Which column of the uploaded file holds what (prefilled from the saved mapping)."""

    module_match = forms.ChoiceField(label="The module column holds",
                                     choices=ModuleMatch.choices, widget=forms.RadioSelect,
                                     initial=ModuleMatch.KEY)
    fixed_module = ModuleChoiceField(
        queryset=Module.objects.none(), required=False, label="Or: every row is of this module",
        empty_label="(use the module column)",
        help_text="For a file with no module column.")
    date_format = forms.ChoiceField(label="How the file writes dates",
                                    choices=DateFormat.choices,
                                    help_text="Date cells of an Excel file are read as dates "
                                    "whatever is chosen here.")
    save_mapping = forms.BooleanField(label="Remember these columns for the next import",
                                      required=False, initial=True)

    def __init__(self, *args, institution, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "(not in this file)")] + [(h, h) for h in headers if h]
        columns = {}
        for name, label, required in MAPPED_COLUMNS:
            columns[name] = forms.ChoiceField(
                label=label + ("" if required else " (optional)"), choices=choices,
                required=False, error_messages={"invalid_choice": "Choose one of the file's "
                                                "columns."})
        columns["module_column"].help_text = "Or choose one module for the whole file below."
        self.fields = {**columns, **self.fields}
        self.fields["fixed_module"].queryset = _module_choices(institution)


class SessionForm(forms.Form):
    module = ModuleChoiceField(queryset=Module.objects.none(), label="Module",
                               error_messages={"required": "Choose the module.",
                                               "invalid_choice": "Choose one of the in-person "
                                               "modules."})
    held_on = date_field("Date")
    location = text("Location", required=True)
    facilitator = text("Facilitator", required=True)

    def __init__(self, *args, institution, session: TrainingSession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = _module_choices(
            institution, keep=session.module if session is not None else None,
            delivery=Module.Delivery.IN_PERSON)


class RegisterForm(forms.Form):
    """A box per person on the register (ticked: attended), and people to add by email."""

    add = forms.CharField(
        label="Add people to the register", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their emails, one a line or separated by commas; they must be on the "
        "roster.")

    def __init__(self, *args, register, may_mark: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = list(register)
        self.may_mark = may_mark
        if may_mark:
            boxes = {}
            for attendance in self.register:
                learner = attendance.learner
                boxes[f"attended_{learner.pk}"] = forms.BooleanField(
                    label=f"{learner.full_name or learner.email} attended", required=False,
                    initial=attendance.attended)
            self.fields = {**boxes, **self.fields}  # the register first, then additions

    def marks(self) -> dict[int, bool]:
        if not self.may_mark:
            return {}
        return {a.learner_id: bool(self.cleaned_data.get(f"attended_{a.learner_id}"))
                for a in self.register}

    def emails(self) -> list[str]:
        raw = (self.cleaned_data.get("add") or "").replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in raw.splitlines() if line.strip()]
