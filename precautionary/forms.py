"""Forms for the staff pages of precautionary matters. Forms turn text into values; the
services decide (precautionary/services/). Each form knows the matter, the person and their
state, so its choices come from the matter (its protected people, its measures in force)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import members_with_role

from .models import (
    Appeal,
    Breach,
    Decision,
    Ground,
    Matter,
    MatterRole,
    MeasureType,
    ProtectedPerson,
    Review,
    RiskAssessment,
    RiskLevel,
    Share,
)
from .roles import PRECAUTIONARY_GROUP

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
#: Rows of the "propose measures" form (it works without JavaScript: empty rows are ignored).
MEASURE_ROWS = 3


def date_field(label: str, *, required: bool = True, help_text: str = "",
               required_message: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2026-11-02.",
                        "required": required_message or f"Enter the {label.lower()}."})


def text(label: str, *, required: bool = False, max_length: int | None = 200,
         help_text: str = "", required_message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        error_messages={"required": required_message or f"Enter the {label.lower()}."})


def long_text(label: str, *, required: bool = False, help_text: str = "", rows: int = 4,
              required_message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or f"Enter the {label.lower()}."})


def radio(label: str, choices, *, help_text: str = "", required: bool = True,
          required_message: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, help_text=help_text, required=required,
        widget=forms.RadioSelect,
        error_messages={"required": required_message or "Choose one.",
                        "invalid_choice": "Choose one of the options."})


def grounds_field(required: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Grounds (§20)", choices=Ground.choices, required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground for precautionary measures "
                                    "(§20).",
                        "invalid_choice": "Choose grounds from the list (§20)."})


def add_service_errors(form: forms.Form, exc: ValidationError,
                       field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: each key (``measures.0.scope``) against
    the field it came from, anything else in the error summary."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            name = field_map.get(key, key.replace(".", "_"))
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class MatterForm(forms.Form):
    """A form about one matter (``matter`` None: opening one). ``{{ form }}`` renders the
    error summary, then the fields (fieldsets: ``fieldsets = [(legend, names, hint)]``)."""

    template_name = "precautionary/forms/form.html"
    fieldsets: list = []

    def __init__(self, *args, matter: Matter | None, actor, state=None, **kwargs):
        self.matter = matter
        self.actor = actor
        self.state = state
        super().__init__(*args, **kwargs)

    def service_field_map(self) -> dict[str, str]:
        return {}

    def layout(self) -> list:
        by_name = {}
        groups = [{"kind": "fieldset", "legend": legend, "hint": hint, "names": names}
                  for legend, names, hint in self.fieldsets]
        for group in groups:
            for name in group["names"]:
                by_name[name] = group
        items, placed = [], set()
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            group = by_name.get(name)
            if group is None:
                items.append({"kind": "field", "field": self[name]})
            elif id(group) not in placed:
                placed.add(id(group))
                group["fields"] = [self[n] for n in group["names"] if n in self.fields]
                items.append(group)
        return items


# -- the queue --------------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    """The queue's filters, sent by GET. A bad value is reported, never a server error."""

    template_name = "cases/forms/filters.html"

    stage = forms.ChoiceField(label="Stage", required=False,
                              choices=[("", "Any stage"), *Matter.Stage.choices])
    review = forms.ChoiceField(label="Review", required=False, choices=[
        ("", "Any"), ("due", "Due within 14 days or overdue")])
    appeal = forms.ChoiceField(label="Appeal", required=False, choices=[
        ("", "Any"), ("pending", "Appeal pending")])
    measure_type = forms.ChoiceField(label="Measure in force", required=False, choices=[])
    q = forms.CharField(label="Reference", required=False, max_length=60)

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_type"].choices = [("", "Any")] + [
            (t.code, t.name) for t in MeasureType.objects.for_institution(institution)]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "That is not one of the options; showing matters without this filter.")


# -- opening a matter -------------------------------------------------------------------------
class MatterOpenForm(MatterForm):
    student_id = text("Student ID", required=True, max_length=40,
                      required_message="Enter the student's ID: a matter is about one student.")
    given_name = text("Given name", max_length=100, help_text=(
        "Only for a student not yet in the institution's records."))
    family_name = text("Family name", max_length=100, help_text=(
        "Only for a student not yet in the institution's records."))
    email = forms.EmailField(label="Student's email (optional)", required=False, error_messages={
        "invalid": "Enter an email address like name@example.ac.uk."})
    grounds = grounds_field(required=False)
    reason = long_text("Why precautionary measures may be needed", required=True,
                       required_message="Say why precautionary measures may be needed (§20).")

    fieldsets = [("The student", ["student_id", "given_name", "family_name", "email"],
                  "The student the matter is about.")]

    def __init__(self, *args, case=None, risk_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case if case is not None else getattr(risk_request, "case", None)
        if self.case is not None:
            for name in ("student_id", "given_name", "family_name", "email"):
                del self.fields[name]
        if risk_request is not None:  # the request says why (the referral's reason)
            del self.fields["reason"]


# -- the group --------------------------------------------------------------------------------
class AppointForm(MatterForm):
    role = radio("Place on the matter", [(MatterRole.CHAIR, "Chair of the group"),
                                         (MatterRole.MEMBER, "Member of the group")],
                 required_message="Choose chair or member.")
    user = forms.TypedChoiceField(label="Person", coerce=int, choices=[], error_messages={
        "required": "Choose the person to appoint.",
        "invalid_choice": "Choose one of the people listed."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {m.user_id: m.user for m in members_with_role(
            institution=self.matter.institution, role=PRECAUTIONARY_GROUP)
            .order_by("user__full_name", "user__email")}
        self.fields["user"].choices = [("", "Choose someone")] + [
            (pk, str(u)) for pk, u in self.people.items()]
        self.fields["role"].help_text = (
            "Only members of staff who hold the role of a group member are listed; training "
            "and conflicts of interest are checked when you appoint.")


class ReasonForm(MatterForm):
    reason = long_text("Reason", required=True, required_message="Give the reason.")


class ProtectedPersonForm(MatterForm):
    name = text("Name", required=True, required_message="Enter the person's name.")
    relation = radio("How they are involved", ProtectedPerson.Relation.choices,
                     required_message="Choose how the person is involved.")
    email = forms.EmailField(label="Email (optional)", required=False, error_messages={
        "invalid": "Enter an email address like name@example.ac.uk."})
    address = long_text("Postal address (optional)", rows=3)
    student_id = text("Student ID (optional)", max_length=40)


# -- risk assessment and decision -------------------------------------------------------------
class AssessmentFields(forms.Form):
    """The §20 grounds and the §21 factors, and the level."""

    grounds = grounds_field()
    nature = long_text("The nature of the alleged misconduct (§21)", required=True,
                       required_message="Describe the nature of the alleged misconduct (§21).")
    circumstances = long_text("The circumstances of those involved (§21)", required=True,
                              required_message="Describe the circumstances of those involved "
                                               "(§21).")
    police_views = long_text("The views of the police, if any (§21)")
    witness_input = long_text("Input from witnesses, if any (§21)")
    level = radio("Risk level", RiskLevel.choices, required_message="Choose a risk level.")

    def assessment(self) -> dict:
        d = self.cleaned_data
        return {"grounds": list(d.get("grounds") or []), "nature": d.get("nature") or "",
                "circumstances": d.get("circumstances") or "",
                "police_views": d.get("police_views") or "",
                "witness_input": d.get("witness_input") or "", "level": d.get("level") or ""}


class AssessForm(MatterForm, AssessmentFields):
    pass


def _people(matter: Matter) -> list[tuple[int, str]]:
    return [(p.pk, f"{p.name} ({p.get_relation_display().lower()})")
            for p in ProtectedPerson.objects.for_institution(matter.institution_id)
            .filter(matter=matter)]


class ProposeForm(MatterForm):
    """Measures from the institution's catalogue (up to three at a time), and the decision's
    reasons, the steps to minimise disruption to studies and the support offered (§22)."""

    reasons = long_text("Reasons for the measures (§22)", required=True,
                        required_message="Give the reasons for the proposed measures (§22).")
    disruption_steps = long_text(
        "Steps taken to minimise disruption to the student's studies (§22)", required=True,
        required_message="Say what has been done to minimise disruption to the student's "
                         "studies (§22).")
    support_offered = long_text("Support available to the student (§22)", required=True,
                                required_message="Say what support is available to the "
                                                 "student (§22).")
    reporting_student_support = long_text("Support given to the reporting student (§23, "
                                          "optional)")
    breach = forms.TypedChoiceField(label="In response to a breach or victimisation (optional)",
                                    required=False, coerce=int, empty_value=None, choices=[],
                                    error_messages={"invalid_choice": "Choose one listed."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        matter = self.matter
        types = [("", "Choose a measure")] + [
            (t.code, t.name) for t in MeasureType.objects.for_institution(
                matter.institution_id).filter(is_active=True)]
        people = _people(matter)
        self.fieldsets = []
        for i in range(MEASURE_ROWS):
            p = f"measures_{i}_"
            self.fields[p + "type"] = forms.ChoiceField(
                label="Measure", choices=types, required=i == 0,
                error_messages={"required": "Choose a measure from the catalogue.",
                                "invalid_choice": "Choose a measure from the catalogue."})
            self.fields[p + "scope"] = text("What it covers (places, events, people)",
                                            max_length=300)
            self.fields[p + "conditions"] = long_text("Conditions (optional)", rows=2)
            self.fields[p + "protected"] = forms.TypedMultipleChoiceField(
                label="People it protects", required=False, coerce=int, choices=people,
                widget=forms.CheckboxSelectMultiple,
                help_text="" if people else "No protected person is named on the matter yet.",
                error_messages={"invalid_choice": "Choose protected people of this matter."})
            self.fields[p + "starts_on"] = date_field("Starts on", required=False)
            self.fields[p + "ends_on"] = date_field("Ends on (optional)", required=False)
            self.fieldsets.append((f"Measure {i + 1}" + (" (optional)" if i else ""),
                                   [p + n for n in ("type", "scope", "conditions",
                                                    "protected", "starts_on", "ends_on")],
                                   "From the institution's catalogue." if i == 0 else
                                   "Leave the measure empty to propose fewer."))
            self.fields[p + "starts_on"].initial = timezone.localdate()
        self.fields["breach"].choices = [("", "None")] + [
            (b.pk, f"{b.get_kind_display()} on {b.occurred_on:%d %b %Y}")
            for b in Breach.objects.for_institution(matter.institution_id).filter(
                matter=matter, new_decision__isnull=True)]
        order = [n for n in self.fields if n.startswith("measures_")]
        self.order_fields(order + ["reasons", "disruption_steps", "support_offered",
                                   "reporting_student_support", "breach"])

    def clean(self):
        data = super().clean()
        for i in range(MEASURE_ROWS):
            p = f"measures_{i}_"
            if not data.get(p + "type"):
                continue
            if not data.get(p + "starts_on") and p + "starts_on" not in self.errors:
                self.add_error(p + "starts_on", "Give the date the measure starts.")
        return data

    def measures(self) -> list[dict]:
        d = self.cleaned_data
        out = []
        for i in range(MEASURE_ROWS):
            p = f"measures_{i}_"
            if not d.get(p + "type"):
                continue
            out.append({"type": d[p + "type"], "scope": d.get(p + "scope") or "",
                        "conditions": d.get(p + "conditions") or "",
                        "protected": list(d.get(p + "protected") or []),
                        "starts_on": d.get(p + "starts_on"), "ends_on": d.get(p + "ends_on")})
        return out

    def service_field_map(self) -> dict[str, str]:
        # The service numbers the measures it was given; the form skips empty rows.
        used = [i for i in range(MEASURE_ROWS)
                if (self.cleaned_data or {}).get(f"measures_{i}_type")]
        names = ("type", "scope", "conditions", "protected", "starts_on", "ends_on")
        out = {f"measures.{n}.{name}": f"measures_{i}_{name}"
               for n, i in enumerate(used) for name in names}
        out["measures"] = "measures_0_type"
        return out


class InviteForm(MatterForm):
    due = date_field("The student may make representations until",
                     required_message="Give the last day for the student's representations.")


class SkipForm(MatterForm):
    because = radio("Why the student cannot make representations first",
                    Decision.Skip.choices, required_message=(
                        "Representations may be skipped only when the matter is urgent, "
                        "sensitive or of high risk (§22)."))
    reason = long_text("What makes it so", required=True,
                       required_message="Record why the student cannot make representations "
                                        "first.")


class RepresentationsForm(MatterForm):
    text = long_text("What the student said", required=True, rows=6,
                     required_message="Record what the student said.")
    received_on = date_field("Received on", required_message="Enter the date they were "
                                                             "received.")


class DecideForm(MatterForm):
    reasons = long_text("Reasons (leave empty to keep the proposed reasons)")
    disruption_steps = long_text("Steps taken to minimise disruption to studies (leave empty "
                                 "to keep)")
    support_offered = long_text("Support offered (leave empty to keep)")


# -- after the decision -----------------------------------------------------------------------
class AppealLodgeForm(MatterForm):
    received_on = date_field("Received on", required_message="Enter the date the appeal was "
                                                             "received.")
    grounds = long_text("What the student appeals against and why", required=True, rows=6,
                        required_message="Record what the student appeals against and why.")
    reviewer = forms.TypedChoiceField(label="Nominated reviewer", coerce=int, choices=[],
                                      error_messages={
                                          "required": "Choose who will decide the appeal.",
                                          "invalid_choice": "Choose one of the people listed."})
    late_reason = long_text("The student's reason for lateness (only for a late appeal)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {m.user_id: m.user for m in members_with_role(
            institution=self.matter.institution, role=Role.APPEAL_REVIEWER)
            .order_by("user__full_name", "user__email")}
        self.fields["reviewer"].choices = [("", "Choose someone")] + [
            (pk, str(u)) for pk, u in self.people.items()]
        self.fields["reviewer"].help_text = (
            "Someone with no prior involvement in the matter; conflicts are checked.")


class VariationFields:
    """For each measure in force: a new scope and a new end date (empty: unchanged)."""

    def add_variation_fields(self, measures) -> None:
        self.varied_measures = list(measures)
        names = []
        for m in self.varied_measures:
            self.fields[f"vary_{m.pk}_scope"] = text(
                f"New scope of {m.measure_type.name.lower()} (empty: unchanged)", max_length=300)
            self.fields[f"vary_{m.pk}_ends_on"] = date_field(
                f"New end date of {m.measure_type.name.lower()} (empty: unchanged)",
                required=False)
            names += [f"vary_{m.pk}_scope", f"vary_{m.pk}_ends_on"]
        if names:
            self.fieldsets = [*self.fieldsets, ("If the measures are varied", names,
                                                "Only for a variation.")]

    def variations(self) -> list[dict]:
        d = self.cleaned_data
        out = []
        for m in self.varied_measures:
            item: dict = {"measure": m.pk}
            if d.get(f"vary_{m.pk}_scope"):
                item["scope"] = d[f"vary_{m.pk}_scope"]
            if d.get(f"vary_{m.pk}_ends_on"):
                item["ends_on"] = d[f"vary_{m.pk}_ends_on"]
            if len(item) > 1:
                out.append(item)
        return out


class AppealDecideForm(VariationFields, MatterForm):
    result = radio("Result", Appeal.Result.choices, required_message="Choose the result.")
    reasons = long_text("Reasons", required=True, required_message="Give the reasons for the "
                                                                   "decision.")

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_variation_fields(measures)

    def service_field_map(self) -> dict[str, str]:
        return {"variations": "result", "variations.0.measure": "result"}


class ReviewRequestForm(MatterForm):
    material_change = long_text("The material change in the circumstances", required=True,
                                required_message="Describe the material change.")
    requested_on = date_field("Asked for on", required_message="Enter the date it was asked "
                                                               "for.")


class ReviewForm(VariationFields, MatterForm, AssessmentFields):
    result = radio("Outcome", Review.Result.choices, required_message="Choose continue, vary "
                                                                      "or lift.")
    reasons = long_text("Reasons for the outcome", required=True,
                        required_message="Give the reasons for the review's outcome.")
    fieldsets = [("The risk reassessed (§21)",
                  ["grounds", "nature", "circumstances", "police_views", "witness_input",
                   "level"], "Each review reassesses the risk and records a new level.")]

    def __init__(self, *args, measures=(), latest: RiskAssessment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if latest is not None and not self.is_bound:
            for name in ("grounds", "nature", "circumstances", "police_views",
                         "witness_input", "level"):
                self.fields[name].initial = getattr(latest, name)
        self.order_fields(["result", "reasons"])
        self.add_variation_fields(measures)

    def service_field_map(self) -> dict[str, str]:
        return {"variations": "result", "variations.0.measure": "result"}


class ShareForm(MatterForm):
    recipient_kind = radio("Who is told", Share.Recipient.choices,
                           required_message="Choose who is told.")
    recipient = text("Name of the person or team", required=True,
                     required_message="Name the person or team told.")
    shared_on = date_field("Told on", required_message="Enter the date they were told.")
    measure_ids = forms.TypedMultipleChoiceField(
        label="Measures they are told of", coerce=int, choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text="They are given only the measure and its scope: never the reasons, the risk "
                  "assessment or the allegation.",
        error_messages={"required": "Choose measures in force.",
                        "invalid_choice": "Choose measures in force."})

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_ids"].choices = [(m.pk, f"{m.measure_type.name}: {m.scope}")
                                              for m in measures]
        self.fields["shared_on"].initial = timezone.localdate()


class BreachForm(MatterForm):
    kind = radio("What happened", Breach.Kind.choices,
                 required_message="Choose a breach of a measure or victimisation.")
    measure = forms.TypedChoiceField(label="Measure breached", required=False, coerce=int,
                                     empty_value=None, choices=[], error_messages={
                                         "invalid_choice": "Choose a measure of this matter."})
    person_affected = text("Person affected (optional)")
    occurred_on = date_field("Happened on", required_message="Enter the date it happened.")
    description = long_text("Description", required=True,
                            required_message="Describe what happened.")
    action = radio("What follows", Breach.Action.choices, required_message="Choose what "
                                                                           "follows.")

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.measures_by_pk = {m.pk: m for m in measures}
        self.fields["measure"].choices = [("", "None (victimisation)")] + [
            (m.pk, f"{m.measure_type.name}: {m.scope}") for m in measures]
        self.fields["action"].initial = Breach.Action.NONE


class EndWithCaseForm(MatterForm):
    outcome = radio("What happens to the measures", [
        ("replaced", "Replaced by the final outcome of the case"),
        ("lifted", "Lifted: the case has ended"),
        ("continue", "They continue after the case (record why)")],
        required_message="Choose what happens to the measures.")
    reason = long_text("Reason", required=True, required_message="Give the reason.")
