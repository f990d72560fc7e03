"""One view for every casework action: GET shows the action's form on its own page, POST calls
exactly one service and goes back to the report with a message. The service's ValidationError
is shown against the fields (input kept), any DomainRefusal in the error summary,
and PermissionDenied becomes a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.views import View

from accounts.decorators import staff_view
from core.errors import DomainRefusal

from ..models import InvolvedPerson, ReportMessage
from ..permissions import access_report, can_see_identity
from ..policies import ReportState, report_policies
from ..services.casework import (
    appointment_record,
    message_send,
    note_add,
    report_assign,
    report_close,
    report_refer_hr,
    report_refer_risk,
    report_set_status,
    report_set_tags,
    support_action_record,
)
from ..services.escalation import report_escalate
from ..staff_forms import (
    ALLEGATION_ROWS,
    AppointmentForm,
    AssignForm,
    CloseForm,
    EscalateForm,
    MessageForm,
    NoteForm,
    ReferHRForm,
    ReferRiskForm,
    StatusForm,
    SupportActionForm,
    TagsForm,
    add_service_errors,
)
from .common import case_url, person_label, report_url, reporter_label


@method_decorator(staff_view(), name="dispatch")
class ReportActionView(View):
    """Subclasses set ``form_class``, ``prefix`` (the URL name), ``title`` and ``perform``."""

    form_class = None
    prefix = ""
    title = ""
    intro = ""
    submit_label = "Save"
    template_name = "reporting/staff/action.html"

    def dispatch(self, request, *args, institution_slug: str, report_id, **kwargs):
        self.report, self.membership = access_report(
            user=request.user, institution=request.institution, report_id=report_id,
            what=f"report action: {self.prefix}", membership=request.membership)
        self.custodian = can_see_identity(membership=self.membership)
        return super().dispatch(request, *args, **kwargs)

    # -- hooks -------------------------------------------------------------------------------
    def make_form(self, data=None):
        return self.form_class(data, report=self.report, prefix=self.prefix,
                               initial=self.initial())

    def initial(self) -> dict:
        return {}

    def perform(self, form):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def success_message(self, result) -> str:
        return "Saved."

    def success_url(self, result) -> str:
        return report_url(self.report)

    def extra_context(self) -> dict:
        return {}

    def refusal(self):
        """This action's policy (reporting/policies.py), which the service enforces too."""
        return report_policies.refusal(self.prefix, ReportState(
            self.report, self.membership, self.request.user))

    # -- HTTP --------------------------------------------------------------------------------
    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        return self.render(self.make_form())

    def post(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as exc:
                add_service_errors(form, exc, form.service_field_map())
            except DomainRefusal as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, self.success_message(result))
                return redirect(self.success_url(result))
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {
            "report": self.report, "form": form, "title": self.title, "intro": self.intro,
            "submit_label": self.submit_label, "report_url": report_url(self.report),
            "reporter": reporter_label(self.report, custodian=self.custodian),
            **self.extra_context()})


class AssignView(ReportActionView):
    form_class, prefix, title, submit_label = AssignForm, "assign", "Assign the report", "Assign"

    def perform(self, form):
        return report_assign(report=self.report, actor=self.request.user,
                             assignee=form.cleaned_data["assignee"])

    def success_message(self, result):
        who = result.assignee.full_name or result.assignee.email
        return f"{result.reference} is assigned to {who}."


class StatusView(ReportActionView):
    form_class, prefix, title = StatusForm, "status", "Change the status"
    submit_label = "Change the status"

    def perform(self, form):
        return report_set_status(report=self.report, actor=self.request.user,
                                 status=form.cleaned_data["status"])

    def success_message(self, result):
        return f"{result.reference} is now: {result.get_status_display().lower()}."


class TagsView(ReportActionView):
    form_class, prefix, title, submit_label = TagsForm, "tags", "Tags", "Save the tags"

    def perform(self, form):
        return report_set_tags(report=self.report, actor=self.request.user,
                               labels=form.labels_list())

    def success_message(self, result):
        return "Tags saved."


class AppointmentView(ReportActionView):
    form_class, prefix = AppointmentForm, "appointment"
    title, submit_label = "Record an appointment", "Record the appointment"
    intro = "The initial appointment, in person on campus or online. Offering one is the " \
            "first contact with the reporter."

    def perform(self, form):
        data = form.cleaned_data
        return appointment_record(report=self.report, actor=self.request.user,
                                  mode=data["mode"], date=data["date"], status=data["status"],
                                  notes=data.get("notes") or "")

    def success_message(self, result):
        return (f"Appointment recorded: {result.get_mode_display().lower()}, "
                f"{date_format(result.date, 'j F Y')}, {result.get_status_display().lower()}.")


class SupportActionView(ReportActionView):
    form_class, prefix = SupportActionForm, "support_action"
    title, submit_label = "Record a support action", "Record the support action"

    def perform(self, form):
        data = form.cleaned_data
        return support_action_record(report=self.report, actor=self.request.user,
                                     kind=data["kind"], detail=data.get("detail") or "",
                                     service_id=data.get("service"),
                                     done_on=data.get("done_on"))

    def success_message(self, result):
        return f"Support action recorded: {result.get_kind_display()}."


class MessageView(ReportActionView):
    form_class, prefix = MessageForm, "message"
    title, submit_label = "Send a message to the reporter", "Send the message"

    def perform(self, form):
        return message_send(report=self.report, actor=self.request.user,
                            body=form.cleaned_data.get("body") or "",
                            channel=form.cleaned_data.get("channel") or "")

    def success_message(self, result):
        if result.channel == ReportMessage.Channel.RECEIPT_PAGE:
            return "Message posted: the reporter reads it on their follow-up page."
        if result.channel == ReportMessage.Channel.EMAIL:
            return "Message sent to the reporter by email."
        return f"Message recorded ({result.get_channel_display().lower()})."


class NoteView(ReportActionView):
    form_class, prefix = NoteForm, "note"
    title, submit_label = "Add an internal note", "Add the note"
    intro = "Internal notes are for staff only and are never shown to the reporter."

    def perform(self, form):
        return note_add(report=self.report, actor=self.request.user,
                        body=form.cleaned_data.get("body") or "")

    def success_message(self, result):
        return "Internal note added."


class ReferHRView(ReportActionView):
    form_class, prefix = ReferHRForm, "refer_hr"
    title, submit_label = "Refer to HR", "Record the referral to HR"
    intro = "A report about a member of staff goes to HR, not to the student disciplinary " \
            "procedure (§5). The referral is recorded and the report is closed."

    def perform(self, form):
        return report_refer_hr(report=self.report, actor=self.request.user,
                               note=form.cleaned_data.get("note") or "")

    def success_message(self, result):
        return f"Referral to HR recorded; {result.reference} is closed."


class ReferRiskView(ReportActionView):
    form_class, prefix = ReferRiskForm, "refer_risk"
    title = "Refer to the Harassment Management Group"
    submit_label = "Request a risk assessment"
    intro = "For a higher-risk disclosure: the group carries out a risk assessment."

    def perform(self, form):
        return report_refer_risk(report=self.report, actor=self.request.user,
                                 reason=form.cleaned_data.get("reason") or "")

    def success_message(self, result):
        return "Risk assessment requested from the Harassment Management Group."


class CloseView(ReportActionView):
    form_class, prefix = CloseForm, "close"
    title, submit_label = "Close the report", "Close the report"

    def perform(self, form):
        return report_close(report=self.report, actor=self.request.user,
                            reason=form.cleaned_data.get("reason") or "")

    def success_message(self, result):
        return f"{result.reference} is closed."


class EscalateView(ReportActionView):
    """Escalation to a formal report: the Alleged Misconduct Form / INAM report. Opens a
    disciplinary case through the cases app."""

    form_class, prefix = EscalateForm, "escalate"
    title = "Make a formal report"
    submit_label = "Make the formal report"
    template_name = "reporting/staff/escalate.html"

    def students(self) -> list[InvolvedPerson]:
        if not self.custodian:
            return []  # names and IDs of people involved are for custodians only
        return [p for p in self.report.involved.all()
                if p.role == InvolvedPerson.Role.STUDENT or p.student_id]

    def chosen_student(self) -> InvolvedPerson | None:
        students = self.students()
        wanted = self.request.GET.get("person")
        for person in students:
            if wanted and str(person.pk) == wanted:
                return person
        with_id = [p for p in students if p.student_id]
        return (with_id or students or [None])[0]

    def initial(self) -> dict:
        initial = {"summary": self.report.narrative}
        pairs: list[tuple[str, str]] = []
        for category in self.report.categories.all():
            pair = (category.misconduct_type, category.category)
            if pair not in pairs:
                pairs.append(pair)
        for row, (misconduct_type, category) in enumerate(pairs[:ALLEGATION_ROWS]):
            initial[f"allegation_{row}_misconduct_type"] = misconduct_type
            initial[f"allegation_{row}_category"] = category
        person = self.chosen_student()
        if person is not None:
            given, _, family = person.name.strip().rpartition(" ")
            if not given:
                given, family = family, ""
            initial |= {"student_id": person.student_id, "given_name": given,
                        "family_name": family, "email": person.email}
        return initial

    def perform(self, form):
        return report_escalate(report=self.report, actor=self.request.user,
                               **form.service_kwargs())

    def success_message(self, result):
        return (f"Formal report made: disciplinary case {result.reference} is open and "
                f"{self.report.reference} is escalated.")

    def extra_context(self):
        students = self.students()
        chosen = self.chosen_student()
        refused = self.refusal()
        refusal = refused.message if refused is not None else ""
        return {
            "refusal": refusal,
            "students": [{"person": p, "label": person_label(p, custodian=True),
                          "chosen": chosen is not None and p.pk == chosen.pk}
                         for p in students],
            "categories": list(self.report.categories.all()),
            "case_url": case_url(self.report.institution, self.report.case_id)
            if self.report.case_id else "",
        }
