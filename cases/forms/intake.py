"""The Alleged Misconduct Form (002 Appendix A) and the decision whether to proceed (§37)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from institutions.procedure import Cohort

from ..models import MisconductCategory, MisconductType, RegistrationStatus, Severity
from ..services.intake import Route
from .base import CaseForm, LayoutMixin, date_field, long_text, radio, text

ALLEGATION_ROWS = 3
#: (kind, how many rows): one reporting party and two witnesses, no JavaScript needed.
PARTY_ROWS = [("reporting_party", "Reporting party"), ("witness", "Witness 1"),
              ("witness", "Witness 2")]
ALLEGATION_KEYS = ("misconduct_type", "category", "severity", "description")
PARTY_KEYS = ("name", "email", "phone", "student_id", "is_staff_member", "identity_withheld")


def _blank(choices, prompt: str):
    return [("", prompt), *choices]


class CaseOpenForm(LayoutMixin, forms.Form):
    """Everything the service needs to open a case. The service decides what is required and
    says so field by field; this form only turns text into dates and choices."""

    student_id = text("Student ID", max_length=40, autocomplete="off")
    family_name = text("Family name", max_length=100, autocomplete="off")
    given_name = text("Given name", max_length=100, autocomplete="off")
    email = forms.EmailField(label="Email (optional)", required=False,
                             error_messages={"invalid": "Enter an email address like "
                                                        "name@example.ac.uk."})
    address = long_text("Postal address (optional)", rows=3)
    phone = text("Telephone (optional)", max_length=40, type="tel")
    programme = text("Programme (optional)", help_text="For example BSc Economics.")
    cohort = radio("Cohort", Cohort.choices, required=False,
                   help_text="Summer School and Executive Education have shorter time limits.")
    registration_status = forms.ChoiceField(
        label="Registration status", choices=RegistrationStatus.choices, required=False,
        help_text="The procedure does not normally apply to withdrawn, expelled or graduated "
                  "students (§4.3).")
    registration_override_reason = long_text(
        "Why the procedure should apply (only for a student outside it)", rows=3,
        help_text="Only the decision maker can apply the procedure to a student who is "
                  "withdrawn, expelled, terminated or has completed (§9).")

    incident_date = date_field("Date of incident (optional)", required=False)
    incident_place = text("Where it happened (optional)",
                          help_text="For example a hall of residence, a department, online.")
    allegation_raised_on = date_field(
        "Date the allegation was raised",
        help_text="The 15-working-day and 60-day clocks run from this date (§25, §44).",
        required_message="Enter the date the allegation was raised.")

    summary = long_text(
        "Summary of alleged misconduct", rows=6,
        help_text="What happened, where it happened, the parties involved and the basis of "
                  "the alleged misconduct (Appendix A).")
    outcome_sought = long_text("Outcome sought (optional)", rows=3)
    impact = long_text("Impact on the reporting party (optional)", rows=3)

    police_involved = forms.BooleanField(label="The police are involved", required=False)
    police_reference = text("Police reference (optional)", max_length=100)

    def __init__(self, *args, institution, **kwargs):
        self.institution = institution
        super().__init__(*args, **kwargs)
        self.fields["allegation_raised_on"].initial = timezone.localdate()
        self.fields["cohort"].initial = Cohort.STANDARD
        self.fields["registration_status"].initial = RegistrationStatus.REGISTERED
        fieldsets = [
            ("The reported student", ["student_id", "family_name", "given_name", "email",
                                      "address", "phone", "programme", "cohort",
                                      "registration_status", "registration_override_reason"],
             ""),
            ("The incident", ["incident_date", "incident_place", "allegation_raised_on"], ""),
        ]
        for row in range(ALLEGATION_ROWS):
            n = row + 1
            names = [f"allegation_{row}_{key}" for key in ALLEGATION_KEYS]
            self.fields[names[0]] = forms.ChoiceField(
                label=f"Allegation {n}: type of misconduct (§24)", required=False,
                choices=_blank(MisconductType.choices, "Choose a type"))
            self.fields[names[1]] = forms.ChoiceField(
                label=f"Allegation {n}: category (Appendix C)", required=False,
                choices=_blank(MisconductCategory.choices, "Choose a category"))
            self.fields[names[2]] = radio(
                f"Allegation {n}: major or minor", Severity.choices, required=False,
                help_text="Informal resolution is only for minor misconduct (§25).")
            self.fields[names[3]] = long_text(f"Allegation {n}: what is alleged", rows=3)
            legend = f"Allegation {n}" + ("" if row == 0 else " (optional)")
            fieldsets.append((legend, names, ""))
        fieldsets.append(("Summary (Appendix A)", ["summary", "outcome_sought", "impact"], ""))
        for row, (kind, title) in enumerate(PARTY_ROWS):
            names = [f"party_{row}_{key}" for key in PARTY_KEYS]
            self.fields[names[0]] = text(f"{title}: name")
            self.fields[names[1]] = forms.EmailField(
                label=f"{title}: email (optional)", required=False,
                error_messages={"invalid": "Enter an email address like name@example.ac.uk."})
            self.fields[names[2]] = text(f"{title}: telephone (optional)", max_length=40,
                                         type="tel")
            self.fields[names[3]] = text(f"{title}: student ID, if a student (optional)",
                                         max_length=40)
            self.fields[names[4]] = forms.BooleanField(
                label=f"{title} is a member of staff", required=False)
            self.fields[names[5]] = forms.BooleanField(
                label=f"Keep the {title.lower()}'s identity from the reported student (§58)",
                required=False)
            hint = ("Leave blank if there is none." if kind == "reporting_party"
                    else "Optional.")
            fieldsets.append((f"{title}", names, hint))
        fieldsets.append(("Police", ["police_involved", "police_reference"], ""))
        self.fieldsets = fieldsets
        self.order_fields([name for _legend, names, _hint in fieldsets for name in names])
        self._allegation_rows: list[int] = []
        self._party_rows: list[int] = []

    def _row_has_data(self, prefix: str, keys) -> bool:
        return any(self.cleaned_data.get(f"{prefix}_{key}") for key in keys)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        allegations, parties = [], []
        self._allegation_rows, self._party_rows = [], []
        for row in range(ALLEGATION_ROWS):
            prefix = f"allegation_{row}"
            if self._row_has_data(prefix, ALLEGATION_KEYS):
                self._allegation_rows.append(row)
                allegations.append({key: data.get(f"{prefix}_{key}") or ""
                                    for key in ALLEGATION_KEYS})
        for row, (kind, _title) in enumerate(PARTY_ROWS):
            prefix = f"party_{row}"
            if self._row_has_data(prefix, ("name", "email", "phone", "student_id")):
                self._party_rows.append(row)
                party = {key: data.get(f"{prefix}_{key}") for key in PARTY_KEYS}
                party["kind"] = kind
                parties.append(party)
        return {
            "respondent": {key: data.get(key) or "" for key in (
                "student_id", "given_name", "family_name", "email", "phone", "address",
                "programme", "cohort", "registration_status")},
            "allegations": allegations,
            "parties": parties,
            "allegation_raised_on": data["allegation_raised_on"],
            "incident_date": data.get("incident_date"),
            "incident_place": data.get("incident_place") or "",
            "summary": data.get("summary") or "",
            "outcome_sought": data.get("outcome_sought") or "",
            "impact": data.get("impact") or "",
            "police_involved": bool(data.get("police_involved")),
            "police_reference": data.get("police_reference") or "",
            "registration_override_reason": data.get("registration_override_reason") or "",
        }

    def service_field_map(self) -> dict[str, str]:
        """The service numbers allegations and parties as it received them; blank rows were
        left out, so map each index back to the row it came from."""
        mapping = {f"respondent.{key}": key for key in (
            "student_id", "given_name", "family_name", "registration_status", "cohort")}
        mapping["allegations"] = f"allegation_{(self._allegation_rows or [0])[0]}_misconduct_type"
        for index, row in enumerate(self._allegation_rows):
            for key in ALLEGATION_KEYS:
                mapping[f"allegations.{index}.{key}"] = f"allegation_{row}_{key}"
        for index, row in enumerate(self._party_rows):
            for key in (*PARTY_KEYS, "kind"):
                target = "name" if key == "kind" else key
                mapping[f"parties.{index}.{key}"] = f"party_{row}_{target}"
        return mapping


class IntakeDecisionForm(CaseForm):
    route = radio("How should the case proceed?", [
        (Route.INFORMAL, "Informal resolution (minor misconduct only, §25)"),
        (Route.FORMAL, "Formal investigation (§37-44)"),
        (Route.REFER, "Refer to another procedure or body (for example HR, the police)"),
        (Route.NO_ACTION, "No action"),
    ], required_message="Choose how the case should proceed.")
    reasons = long_text("Reasons for the decision")
    referred_to = text("Referred to (if referring)",
                       help_text="For example the Residences procedure or the police.")
    police_alerted = forms.BooleanField(
        label="The police have been alerted (§37)", required=False)
