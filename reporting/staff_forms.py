"""Forms for the staff pages of Report + Support. Forms only turn text into values; the
services in reporting.services decide what is allowed and say why, field by field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import members_with_role
from cases.models import MisconductCategory, MisconductType, RegistrationStatus, Severity
from institutions.procedure import Cohort

from .models import Appointment, Report, ReportMessage, ReportTag, SupportAction, SupportService

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
ALLEGATION_ROWS = 3
ALLEGATION_KEYS = ("misconduct_type", "category", "severity", "description")
RESPONDENT_KEYS = ("student_id", "family_name", "given_name", "email", "cohort",
                   "registration_status")


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 2026-11-02.",
                        "required": f"Enter the {label.lower()}."})


def long_text(label: str, *, rows: int = 4, help_text: str = "") -> forms.CharField:
    # Not required here: the service says what is missing, in the domain's words.
    return forms.CharField(label=label, required=False, help_text=help_text, strip=False,
                           widget=forms.Textarea(attrs={"rows": rows}))


def blank(choices, prompt: str) -> list:
    return [("", prompt), *choices]


def add_service_errors(form: forms.Form, exc: ValidationError,
                       field_map: dict[str, str] | None = None) -> None:
    """A service's ValidationError against the fields the person typed into; keys the form
    does not have go to the error summary."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, messages in exc.message_dict.items():
        name = field_map.get(key, key)
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, message)


class ReportForm(forms.Form):
    """A form about one report; knows the report and the institution for its choices."""

    def __init__(self, *args, report: Report, **kwargs):
        self.report = report
        self.institution = report.institution
        super().__init__(*args, **kwargs)

    def service_field_map(self) -> dict[str, str]:
        return {}


# -- the queue --------------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    """The triage queue's filters, sent by GET. A bad value is reported, never a crash."""

    status = forms.ChoiceField(label="Status", required=False,
                               choices=blank(Report.Status.choices, "Any status"))
    assignee = forms.TypedChoiceField(label="Assigned to", required=False, coerce=int,
                                      empty_value=None, choices=[])
    tag = forms.ChoiceField(label="Tag", required=False, choices=[])
    awaiting_staff = forms.BooleanField(label="The reporter wrote and nobody has answered",
                                        required=False)
    q = forms.CharField(label="Reference (all or part)", required=False, max_length=30)

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        caseworkers = members_with_role(institution=institution, role=Role.SUPPORT_CASEWORKER)
        self.fields["assignee"].choices = [("", "Anyone")] + sorted(
            ((m.user_id, m.user.full_name or m.user.email) for m in caseworkers),
            key=lambda c: c[1].lower())
        labels = ReportTag.objects.for_institution(institution).values_list("label", flat=True)
        self.fields["tag"].choices = [("", "Any tag")] + [(t, t) for t in labels]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "That is not one of the options; showing reports without this filter.")


# -- casework actions ---------------------------------------------------------------------------
class AssignForm(ReportForm):
    assignee = forms.ModelChoiceField(
        label="Support caseworker", queryset=User.objects.none(), empty_label="Choose",
        error_messages={"required": "Choose a support caseworker.",
                        "invalid_choice": "Choose a support caseworker of this institution."})

    def __init__(self, *args, caseworkers: list[User] | None = None, **kwargs):
        """``caseworkers``: :func:`assignable_caseworkers`, already read (the report page
        reads it with the rest of the report)."""
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = assignable_caseworkers(self.institution)
        field.label = self.institution.role_label(Role.SUPPORT_CASEWORKER)
        field.label_from_instance = lambda u: u.full_name or u.email
        if caseworkers is not None:  # the same options, without reading them again
            field.choices = [("", field.empty_label)] + [
                (u.pk, field.label_from_instance(u)) for u in caseworkers]
        if self.report.assignee_id:
            field.initial = self.report.assignee_id


def assignable_caseworkers(institution):
    """Who a report may be assigned to: the institution's support caseworkers."""
    members = members_with_role(institution=institution, role=Role.SUPPORT_CASEWORKER)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name", "email")


class StatusForm(ReportForm):
    status = forms.ChoiceField(
        label="Status", widget=forms.RadioSelect,
        choices=[(s, Report.Status(s).label) for s in (
            Report.Status.ASSIGNED, Report.Status.AWAITING_REPORTER, Report.Status.IN_SUPPORT)],
        help_text="Escalation and closure have their own forms.",
        error_messages={"required": "Choose a status."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = self.report.status


class TagsForm(ReportForm):
    labels = forms.CharField(
        label="Tags", required=False, max_length=600,
        help_text="Separated by commas, for example: halls, needs interpreter. Leave empty to "
                  "remove every tag.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].initial = ", ".join(t.label for t in self.report.tags.all())

    def service_field_map(self):
        return {"labels": "labels"}

    def labels_list(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["labels"].split(",")
                if part.strip()]


class AppointmentForm(ReportForm):
    mode = forms.ChoiceField(label="How", choices=Appointment.Mode.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose in person or online."})
    date = date_field("Date of the appointment", required=True)
    status = forms.ChoiceField(label="Status", choices=Appointment.Status.choices,
                               initial=Appointment.Status.OFFERED)
    notes = long_text("Notes (optional)", rows=3,
                      help_text="Staff only: the reporter never sees these.")


class SupportActionForm(ReportForm):
    kind = forms.ChoiceField(label="Kind of support",
                             choices=blank(SupportAction.Kind.choices, "Choose"),
                             error_messages={"required": "Choose the kind of support."})
    detail = long_text("Detail (optional)", rows=3)
    service = forms.TypedChoiceField(label="Service from the directory (optional)",
                                     required=False, coerce=int, empty_value=None, choices=[])
    done_on = date_field("Date (optional)", help_text="Leave empty for today.")

    def __init__(self, *args, services: list[SupportService] | None = None, **kwargs):
        """``services``: :func:`active_services`, already read."""
        super().__init__(*args, **kwargs)
        if services is None:
            services = list(active_services(self.institution))
        self.fields["service"].choices = [("", "None")] + [
            (s.pk, f"{s.name} ({s.get_kind_display().lower()})") for s in services]
        self.fields["service"].error_messages["invalid_choice"] = (
            "Choose a service from the directory.")


def active_services(institution):
    """The support directory's services a support action may name."""
    return SupportService.objects.for_institution(institution).filter(is_active=True)


class MessageForm(ReportForm):
    body = long_text("Message to the reporter", rows=5)
    channel = forms.ChoiceField(label="How the message is given", required=False,
                                choices=ReportMessage.Channel.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.report
        if report.is_anonymous:
            # Anonymous: the follow-up page is the only way back (the service insists).
            del self.fields["channel"]
            self.fields["body"].help_text = (
                "The reporter is anonymous: they read this on their follow-up page with their "
                "receipt.")
            return
        preferred = report.get_preferred_contact_display() or "none given"
        self.fields["channel"].help_text = f"The reporter asked to be contacted by: {preferred}."
        self.fields["channel"].initial = {
            Report.ContactMethod.EMAIL: ReportMessage.Channel.EMAIL,
            Report.ContactMethod.PHONE: ReportMessage.Channel.PHONE,
            Report.ContactMethod.IN_PERSON: ReportMessage.Channel.IN_PERSON,
            Report.ContactMethod.ONLINE: ReportMessage.Channel.ONLINE,
        }.get(report.preferred_contact, ReportMessage.Channel.RECEIPT_PAGE)
        self.fields["body"].help_text = (
            "Sent by email when the channel is email; otherwise a record of what was said.")


class NoteForm(ReportForm):
    body = long_text("Internal note", rows=4,
                     help_text="Staff only: never shown to the reporter.")


class ReferHRForm(ReportForm):
    note = long_text("What was passed to HR, and to whom", rows=3,
                     help_text="A report about a member of staff is for HR, not the student "
                               "disciplinary procedure (§5). Referring closes this report.")


class ReferRiskForm(ReportForm):
    reason = long_text("Why the risk is higher", rows=3,
                       help_text="The Harassment Management Group will carry out a risk "
                                 "assessment (the grounds of §20).")


class CloseForm(ReportForm):
    reason = long_text("Reason for closing", rows=3,
                       help_text="For example: information given, no further contact wanted.")


# -- escalation to a formal report --------------------------------------------------------
class EscalateForm(ReportForm):
    """The Alleged Misconduct Form (002 Appendix A) / INAM report (004), filled from the
    report where it can be. The reporting party is the reporter, added by the service."""

    consent_given_on = date_field(
        "Date the reporter agreed to make a formal report",
        help_text="A disclosure leads to a formal report only if the reporter wants it. The "
                  "decision clocks run from this date.")
    student_id = forms.CharField(label="Student ID", required=False, max_length=40)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    email = forms.EmailField(label="Email (optional)", required=False,
                             error_messages={"invalid": "Enter an email address like "
                                                        "name@example.ac.uk."})
    cohort = forms.ChoiceField(label="Cohort", choices=Cohort.choices, widget=forms.RadioSelect,
                               initial=Cohort.STANDARD, required=False,
                               help_text="Summer School and Executive Education have shorter "
                                         "time limits.")
    registration_status = forms.ChoiceField(
        label="Registration status", choices=RegistrationStatus.choices, required=False,
        initial=RegistrationStatus.REGISTERED,
        help_text="The procedure does not normally apply to withdrawn, expelled or graduated "
                  "students (§4.3).")
    summary = long_text("Summary of the alleged misconduct", rows=6,
                        help_text="What happened, where, who was involved and the basis of "
                                  "the allegation (Appendix A).")
    impact = long_text("Impact on the reporter (optional)", rows=3)
    outcome_sought = long_text("Outcome sought (optional)", rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fieldsets = [
            ("The reporter's consent", ["consent_given_on"], ""),
            ("The reported student", list(RESPONDENT_KEYS), ""),
        ]
        for row in range(ALLEGATION_ROWS):
            n = row + 1
            names = [f"allegation_{row}_{key}" for key in ALLEGATION_KEYS]
            self.fields[names[0]] = forms.ChoiceField(
                label=f"Allegation {n}: type of misconduct (§24)", required=False,
                choices=blank(MisconductType.choices, "Choose a type"))
            self.fields[names[1]] = forms.ChoiceField(
                label=f"Allegation {n}: category (Appendix C)", required=False,
                choices=blank(MisconductCategory.choices, "Choose a category"))
            self.fields[names[2]] = forms.ChoiceField(
                label=f"Allegation {n}: major or minor", required=False,
                choices=Severity.choices, widget=forms.RadioSelect,
                help_text="Informal resolution is only for minor misconduct (§25).")
            self.fields[names[3]] = long_text(f"Allegation {n}: what is alleged", rows=3)
            legend = f"Allegation {n}" + ("" if row == 0 else " (optional)")
            hint = "" if row == 0 else (
                "To leave it out, set the type and category back to 'Choose' and "
                "leave the rest empty.")
            self.fieldsets.append((legend, names, hint))
        self.fieldsets.append(("Summary, impact and outcome sought (INAM report)",
                               ["summary", "impact", "outcome_sought"], ""))
        self.order_fields([name for _legend, names, _hint in self.fieldsets for name in names])
        self._rows: list[int] = []

    def groups(self) -> list[dict]:
        return [{"legend": legend, "hint": hint, "fields": [self[n] for n in names]}
                for legend, names, hint in self.fieldsets]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        allegations = []
        self._rows = []
        for row in range(ALLEGATION_ROWS):
            item = {key: (data.get(f"allegation_{row}_{key}") or "") for key in ALLEGATION_KEYS}
            if any(str(v).strip() for v in item.values()):
                self._rows.append(row)
                allegations.append(item)
        return {
            "consent_given_on": data.get("consent_given_on"),
            "respondent": {key: (data.get(key) or "").strip() for key in RESPONDENT_KEYS},
            "allegations": allegations,
            "summary": data.get("summary") or "",
            "impact": data.get("impact") or "",
            "outcome_sought": data.get("outcome_sought") or "",
        }

    def service_field_map(self) -> dict[str, str]:
        mapping = {f"respondent.{key}": key for key in RESPONDENT_KEYS}
        mapping["registration_override_reason"] = "registration_status"
        mapping["allegation_raised_on"] = "consent_given_on"
        mapping["allegations"] = "allegation_0_misconduct_type"
        for index, row in enumerate(self._rows):
            for key in ALLEGATION_KEYS:
                mapping[f"allegations.{index}.{key}"] = f"allegation_{row}_{key}"
        return mapping
