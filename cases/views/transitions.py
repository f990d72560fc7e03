"""A page per transition (intake, appointments, informal and formal decisions, pauses,
extensions, evidence). Each is a TransitionView naming its form and its one service call;
the Board and appeals are in board_appeals.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.selectors import members_with_role
from core.policies import stage_refusal
from letters.services.deliveries import letter_delivery_record

from .. import forms as f
from ..conflicts import appointment_conflicts
from ..models import CaseAssignment, CaseRole, Letter
from ..selectors import previous_proven_misconduct
from ..services import allegations, assignments, evidence, intake, outcomes, pauses
from ..services.common import CASE_ROLE_NEEDS, case_role_label
from .base import TransitionView


class IntakeDecisionView(TransitionView):
    action = "intake"
    form_class = f.IntakeDecisionForm
    title = "Decide whether to proceed"
    intro = ("Informal resolution is for minor misconduct (§25); major misconduct goes to a "
             "formal investigation (§37). Consider whether to alert the police.")
    submit_label = "Record the decision"
    success_message = "The decision whether to proceed is recorded."

    def perform(self, form):
        d = form.cleaned_data
        return intake.case_decide_intake(
            case=self.case, actor=self.request.user, route=d["route"],
            reasons=d.get("reasons") or "", police_alerted=bool(d.get("police_alerted")),
            referred_to=d.get("referred_to") or "")


class AllegationFromBreachView(TransitionView):
    """A breach of a measure or victimisation recorded on a linked precautionary matter
    becomes a new allegation on the case (§23). Offered once per breach not yet referred;
    ``?breach=`` chooses it."""

    action = "allegation_add"
    title = "Refer a breach as a new allegation"
    intro = ("A breach of a precautionary measure, or victimisation of anyone involved, may "
             "itself be misconduct (§23). The allegation is added to this case; the breach is "
             "marked as referred on its matter.")
    submit_label = "Add the allegation"
    success_message = "The allegation is added to the case; the breach is marked as referred."

    def refusal(self):
        refusal = super().refusal()
        if refusal is None and not self.state.breaches_to_refer:
            return stage_refusal(f"No breach or victimisation recorded on a precautionary "
                                 f"matter linked to {self.case.reference} is waiting to be "
                                 "referred.")
        return refusal

    def make_form(self, data=None, files=None):
        form = f.AllegationFromBreachForm(data, files, breaches=self.state.breaches_to_refer,
                                          **self.form_kwargs())
        chosen = self.request.GET.get("breach", "")
        if data is None and chosen.isdigit():
            form.fields["breach"].initial = int(chosen)
        return form

    def perform(self, form):
        d = form.cleaned_data
        return allegations.case_allegation_from_breach(
            breach=form.chosen_breach(), actor=self.request.user,
            misconduct_type=d["misconduct_type"], category=d["category"],
            severity=d["severity"], description=d.get("description") or "")


class AssignView(TransitionView):
    """Two steps that work without JavaScript: choose the place on the case (a GET form),
    then the person among those who may take it."""

    action = "assign"
    title = "Appoint someone to the case"
    submit_label = "Appoint"
    template_name = "cases/assign.html"

    def chosen_role(self) -> str | None:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        role = source.get("role", "")
        allowed = f.assignable_roles(self.case, self.membership)
        return role if role in allowed else None

    def candidates(self, role: str):
        needed = CASE_ROLE_NEEDS[CaseRole(role)]
        taken = {a.user_id for a in self.state.assignments
                 if a.role == role and a.ended_at is None}
        eligible, unavailable = [], []
        for membership in members_with_role(institution=self.case.institution, role=needed):
            user = membership.user
            if user.pk in taken:
                continue
            reasons = appointment_conflicts(user=user, case=self.case, role=role)
            if reasons:
                unavailable.append((user, reasons))
            else:
                eligible.append(user)
        return eligible, unavailable

    def make_form(self, data=None, files=None):
        role = self.chosen_role()
        if role is None:
            self.role, self.unavailable = None, []
            return f.AssignRoleForm(self.request.GET or None, **self.form_kwargs())
        self.role = role
        eligible, self.unavailable = self.candidates(role)
        return f.AssignForm(data, files, role=role, candidates=eligible, **self.form_kwargs())

    def post(self, request, *args, **kwargs):
        if self.chosen_role() is None:  # no role, or one this person may not appoint
            refusal = self.refusal()
            if refusal is not None and refusal.forbidden:
                raise PermissionDenied(refusal.message)
            self.role, self.unavailable = None, []
            form = f.AssignRoleForm(request.POST, **self.form_kwargs())
            form.is_valid()
            return self.render(form, None)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return assignments.case_assign(case=self.case, actor=self.request.user,
                                       user=form.chosen_user(), role=self.role)

    def get_success_message(self, result) -> str:
        return f"{result.user} is now {case_role_label(self.case, result.role)}."

    def extra_context(self) -> dict:
        role = getattr(self, "role", None)
        current = [a for a in self.state.assignments if a.ended_at is None]
        return {"role": role, "role_label": case_role_label(self.case, role) if role else "",
                "unavailable": getattr(self, "unavailable", []),
                "current": [(a, case_role_label(self.case, a.role)) for a in current]}


class UnassignView(TransitionView):
    action = "unassign"
    form_class = f.UnassignForm
    object_kwarg = "assignment_id"
    object_model = CaseAssignment
    title = "End an appointment"
    submit_label = "End the appointment"

    def extra_context(self) -> dict:
        return {"object_label": f"{self.object.user}, "
                                f"{case_role_label(self.case, self.object.role)}"}

    def perform(self, form):
        assignments.case_unassign(assignment=self.object, actor=self.request.user,
                                  reason=form.cleaned_data.get("reason") or "")
        return self.object

    def get_success_message(self, result) -> str:
        return f"{result.user} is no longer {case_role_label(self.case, result.role)}."


class InformalOutcomeView(TransitionView):
    action = "informal_outcome"
    form_class = f.InformalOutcomeForm
    title = "Record the informal outcome"
    intro = ("The outcome report goes to the student and the reporting party (§30). It is not "
             "recorded on the student's file (§31).")
    submit_label = "Record the outcome and issue the letters"

    def perform(self, form):
        return outcomes.informal_outcome(
            case=self.case, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result) -> str:
        return f"Informal outcome recorded: {result.get_result_display()}. Letters are being " \
               "prepared."


class ReferToFormalView(TransitionView):
    action = "refer_to_formal"
    form_class = f.ReferToFormalForm
    title = "Refer the case to the formal stage"
    submit_label = "Refer to the formal stage"
    success_message = "The case is referred to the formal stage."

    def perform(self, form):
        return outcomes.informal_refer_to_formal(case=self.case, actor=self.request.user,
                                                 reason=form.cleaned_data.get("reason") or "")


class FormalDecisionView(TransitionView):
    action = "formal_decision"
    form_class = f.FormalDecisionForm
    submit_label = "Record the decision"
    template_name = "cases/formal_decision.html"

    @property
    def title(self):
        return f"Decision of the {self.case.institution.role_label('decision_maker')}"

    def extra_context(self) -> dict:
        return {"previous": previous_proven_misconduct(self.case),
                "allegations": list(self.case.allegations.all())}

    def perform(self, form):
        return outcomes.formal_decide(
            case=self.case, actor=self.request.user, **form.service_kwargs())

    def get_success_message(self, result) -> str:
        return f"Decision recorded: {result.get_result_display()}."


class PauseView(TransitionView):
    action = "pause"
    form_class = f.PauseForm
    title = "Pause the case"
    intro = "A pause stops every running clock of the case until it is resumed."
    submit_label = "Pause the case"
    success_message = "The case is paused."

    def perform(self, form):
        return pauses.case_pause(case=self.case, actor=self.request.user, **form.cleaned_data)


class ResumeView(TransitionView):
    action = "resume"
    form_class = f.ResumeForm
    title = "Resume the case"
    submit_label = "Resume the case"
    success_message = "The case is resumed and its deadlines moved on."

    def perform(self, form):
        return pauses.case_resume(case=self.case, actor=self.request.user,
                                  on=form.cleaned_data["on"])


class ExtendDeadlineView(TransitionView):
    action = "extend_deadline"
    form_class = f.ExtendDeadlineForm
    title = "Extend a deadline"
    intro = "Delays and new dates must be explained to the student (§44)."
    submit_label = "Extend the deadline"

    def make_form(self, data=None, files=None):
        form = f.ExtendDeadlineForm(data, files, deadlines=self.state.open_deadlines,
                                    **self.form_kwargs())
        chosen = self.request.GET.get("deadline", "")
        if data is None and chosen.isdigit():
            form.fields["deadline"].initial = int(chosen)
        return form

    def perform(self, form):
        d = form.cleaned_data
        return pauses.case_extend_deadline(
            case=self.case, actor=self.request.user, deadline_id=d["deadline"],
            new_due=d["new_due"], reason=d.get("reason") or "",
            student_told_on=d.get("student_told_on"))

    def get_success_message(self, result) -> str:
        return f"{result.purpose}: now due {result.due_date:%A} {result.due_date.day} " \
               f"{result.due_date:%B %Y}."


class EvidenceAddView(TransitionView):
    action = "evidence"
    form_class = f.EvidenceForm
    title = "Add evidence"
    intro = "Files are stored encrypted; every download is recorded."
    submit_label = "Upload"

    def perform(self, form):
        d = form.cleaned_data
        return evidence.evidence_add(case=self.case, actor=self.request.user,
                                     title=d.get("title") or "", uploaded_file=d["file"])

    def get_success_message(self, result) -> str:
        return f"'{result.title}' is added to the case file."


class LetterDeliveryView(TransitionView):
    """Record how and when an issued letter was sent (§51, §66: the student is told in
    writing)."""

    action = "letter_delivery"
    form_class = f.LetterDeliveryForm
    object_kwarg = "letter_id"
    object_model = Letter
    title = "Record that a letter was sent"
    submit_label = "Record the sending"

    @property
    def intro(self) -> str:
        letter = self.object
        return (f"{letter.get_kind_display()} to {letter.recipient.get('name', '')}, version "
                f"{letter.version}, issued {letter.issued_on:%d %B %Y}. Record each sending: "
                "by email, by post, by hand or through the student portal.")

    def perform(self, form):
        d = form.cleaned_data
        return letter_delivery_record(letter=self.object, actor=self.request.user,
                                      channel=d["channel"], sent_on=d["sent_on"],
                                      to=d.get("to") or "")

    def get_success_message(self, result) -> str:
        return f"Recorded: sent by {result.get_channel_display().lower()} on " \
               f"{result.sent_on.day} {result.sent_on:%B %Y}."
