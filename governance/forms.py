"""Forms for the governance pages. Forms turn text into values; the services decide, and their
ValidationErrors are shown against the fields (:func:`add_service_errors`). Staff are named by
their work email (an institution has thousands of staff: no list to scroll)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Membership

from .models import ActionItem, RelationshipDeclaration, RiskAssessment

D = RelationshipDeclaration
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
YES = [("yes", "Yes")]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2027-03-31.",
                        "required": f"Enter the {label.lower()}."})


def text(label: str, *, required: bool = True, max_length: int = 200,
         help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           error_messages={"required": f"Enter the {label.lower()}."})


def long_text(label: str, *, required: bool = True, help_text: str = "",
              rows: int = 5) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"Enter the {label.lower()}."})


def radio(label: str, choices, *, required: bool = True, help_text: str = "",
          message: str = "Choose one.") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=required,
                             help_text=help_text, widget=forms.RadioSelect,
                             error_messages={"required": message,
                                             "invalid_choice": "Choose one of the options."})


def select(label: str, choices, *, required: bool = True,
           message: str = "Choose one.") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=required,
                             error_messages={"required": message,
                                             "invalid_choice": "Choose one of the options."})


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's field errors against the form's fields (``next_review_on`` may be the
    form's ``review_on``), anything else in the error summary."""
    aliases = getattr(form, "service_aliases", {})
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            name = aliases.get(key, key)
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class StaffEmailField(forms.EmailField):
    """A member of staff of the form's institution, named by their work email."""

    def __init__(self, *args, institution=None, **kwargs):
        kwargs.setdefault("error_messages", {
            "required": "Enter their work email address.",
            "invalid": "Enter an email address like name@example.ac.uk."})
        super().__init__(*args, **kwargs)
        self.institution = institution

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        membership = (Membership.objects.for_institution(self.institution)
                      .filter(user__email__iexact=email, is_active=True, user__is_active=True)
                      .select_related("user").first())
        if membership is None:
            raise ValidationError("No member of staff here has this address.")
        return membership.user


class InstitutionForm(forms.Form):
    """A form whose staff fields belong to one institution."""

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        for field in self.fields.values():
            if isinstance(field, StaffEmailField):
                field.institution = institution


class ConfirmForm(forms.Form):
    pass


class ReasonForm(forms.Form):
    reason = long_text("Reason", rows=3)


# -- declarations -------------------------------------------------------------------------------
INVOLVEMENTS = [
    ("academic", "Academic: I teach, assess or examine them, or could"),
    ("supervisory", "Supervisory: I supervise their studies or research, or their work"),
    ("welfare", "Welfare: I advise or support them (pastoral, welfare, wellbeing)"),
]


class DeclarationForm(forms.Form):
    kind = radio("Who is the relationship with?", D.Kind.choices)
    person_name = text("Their name")
    person_student_id = text("Their student ID", required=False, max_length=40,
                             help_text="For a student: the student ID or email address, or "
                                       "both.")
    person_email = forms.EmailField(
        label="Their email address", required=False,
        help_text="For a colleague: their work email address.",
        error_messages={"invalid": "Enter an email address like name@example.ac.uk."})
    nature = radio("What kind of relationship is it?", D.Nature.choices)
    involvement = forms.MultipleChoiceField(
        label="For a student: your involvement with them, direct or indirect",
        choices=INVOLVEMENTS, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="A relationship with a student you have any academic, supervisory or welfare "
                  "involvement with is prohibited (000 §8): declare it, and HR will agree "
                  "with you how the involvement ends.",
        error_messages={"invalid_choice": "Choose from the list."})
    authority = radio("For a colleague: which of you has authority over the other?",
                      D.Authority.choices, required=False)
    details = long_text("Anything HR should know (optional)", required=False, rows=4,
                        help_text="Seen only by you, the HR partners and the institution "
                                  "admin.")

    def service_values(self) -> dict:
        d = dict(self.cleaned_data)
        chosen = set(d.pop("involvement") or ())
        return {**d, "person_student_id": d.get("person_student_id") or "",
                "person_email": d.get("person_email") or "",
                "authority": d.get("authority") or "",
                "academic_involvement": "academic" in chosen,
                "supervisory_involvement": "supervisory" in chosen,
                "welfare_involvement": "welfare" in chosen}


class EndForm(forms.Form):
    ended_on = date_field("Date the relationship ended")


class ReviewForm(forms.Form):
    outcome = radio("Outcome of the review", D.Outcome.choices)
    management_plan = long_text(
        "Management plan", required=False, rows=6,
        help_text="How the conflict is managed: who else takes the decisions, marks or "
                  "references that involve the other person. Seen only by the declarer, HR and "
                  "the institution admin.")
    action_taken = long_text(
        "Action taken", required=False, rows=4,
        help_text="Required for a prohibited relationship: what was done about the academic, "
                  "supervisory or welfare involvement.")


class DeclarationFilterForm(forms.Form):
    status = select("Status", [("", "Any"), *D.Status.choices], required=False)
    prohibited = forms.ChoiceField(label="Prohibited only", required=False,
                                   choices=[("", "All"), ("yes", "Prohibited only")])


# -- risk assessments ---------------------------------------------------------------------------
class RiskForm(InstitutionForm):
    title = text("Title")
    context = select("Context", RiskAssessment.Context.choices)
    activity = long_text("The activity", required=False, rows=3,
                         help_text="Where, when and who: what is assessed.")
    owner = StaffEmailField(label="Owner (work email)",
                            help_text="The member of staff who keeps it under review.")
    controls = long_text("Controls", required=False, rows=6,
                         help_text="What reduces the risk; needed before it is made active.")
    residual_risk = select("Risk remaining with the controls",
                           [("", "Not assessed yet"), *RiskAssessment.Level.choices],
                           required=False)
    review_on = date_field("Next review", required=False,
                           help_text="The owner is reminded before and on the day.")


class RiskReviewForm(forms.Form):
    controls = long_text("Controls as they now stand", rows=6)
    residual_risk = select("Risk remaining with the controls",
                           [("", "Not assessed"), *RiskAssessment.Level.choices],
                           required=False)
    next_review_on = date_field("Next review")
    note = long_text("What the review found (optional)", required=False, rows=3)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Title contains", required=False, max_length=100)
    overdue = forms.ChoiceField(label="Review overdue", required=False,
                                choices=[("", "All"), ("yes", "Overdue only")])

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = select("Status", [("", "Any"), *statuses], required=False)


# -- policies -----------------------------------------------------------------------------------
class PolicyForm(InstitutionForm):
    title = text("Title")
    reference = text("Reference", required=False, max_length=40,
                     help_text="The institution's own code, if any.")
    responsible = text("Responsible for its content", required=False,
                       help_text="The division or body, for example the Secretary's Division.")
    owner = StaffEmailField(label="Owner (work email)",
                            help_text="Reminded before the review is due.")
    summary = long_text("Summary", required=False, rows=3)
    url = forms.URLField(label="Where it is published", required=False, assume_scheme="https",
                         error_messages={"invalid": "Enter a web address like "
                                                    "https://example.ac.uk/policy."})
    review_interval_months = forms.IntegerField(
        label="Reviewed every (months)", min_value=1, max_value=120, initial=36,
        error_messages={"required": "Enter how often it is reviewed, in months.",
                        "invalid": "Enter a whole number of months.",
                        "min_value": "Enter at least 1 month.",
                        "max_value": "Review at least every 120 months (ten years)."})
    next_review_on = date_field("Next review due", required=False,
                                help_text="Worked out from the interval when a version is "
                                          "approved; set it here for a policy whose approvals "
                                          "are not recorded yet.")


class ApproveForm(forms.Form):
    version = text("Version", max_length=20)
    approved_on = date_field("Approved on")
    approved_by = text("Approved by", required=False,
                       help_text="The body that approved it, for example SMC or Council.")
    note = long_text("What changed", required=False, rows=3)
    next_review_on = date_field("Next review due (optional)", required=False,
                                help_text="Left empty: the review interval after the approval.")


# -- action plans -------------------------------------------------------------------------------
class PlanForm(InstitutionForm):
    title = text("Title")
    owner = StaffEmailField(label="Owner (work email)")
    introduction = long_text("What the plan covers", required=False, rows=3)
    key = long_text("Key: abbreviations and columns", required=False, rows=4)
    next_review_on = date_field("Next review of the plan", required=False)


class PlanVersionForm(forms.Form):
    version = text("Version", max_length=20)
    dated = date_field("Dated")
    note = long_text("What changed", required=False, rows=3)
    next_review_on = date_field("Next review of the plan", required=False)


class ItemForm(InstitutionForm):
    number = forms.IntegerField(label="Item number", min_value=1, required=False,
                                help_text="Left empty: after the last item.",
                                error_messages={"invalid": "Enter a whole number.",
                                                "min_value": "Number the item from 1."})
    guidance_paragraphs = text("Guidance paragraph(s)", required=False, max_length=100)
    risk_refs = text("Risk references", required=False, max_length=100,
                     help_text="The risks of the institution's risk assessment, e.g. 1, 5.")
    action = long_text("Action", rows=3)
    timing = long_text("Timing or detail", required=False, rows=2)
    lead = StaffEmailField(label="Lead (work email)", required=False,
                           help_text="Reminded of the item's dates.")
    lead_description = text("Lead as the plan names them", required=False, max_length=300,
                            help_text="For example: H-RACU supported by Room Bookings.")
    notes = long_text("Notes", required=False, rows=3)
    status = select("Status", ActionItem.Status.choices)
    due_on = date_field("Due", required=False)
    review_on = date_field("Next review", required=False)


class ProgressForm(forms.Form):
    status = select("Status", ActionItem.Status.choices)
    notes = long_text("Notes", required=False, rows=4)
    reviewed = forms.MultipleChoiceField(
        label="Review", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("yes", "The review that was due is done")])
    review_on = date_field("Next review", required=False,
                           help_text="For an ongoing item: when it is next reviewed.")
