"""The investigation file's pages (002 §28, §39-44; 004), under
/<institution_slug>/staff/cases/<id>/investigation/. The case is loaded through
``access_case`` (need-to-know, audited); statements, notes and the report's text are shown
only to those who may read them (``cases.policies.may_read_investigation``). Each form page
calls one service, as the transitions' pages do (views/base.py)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from accounts.decorators import staff_view
from accounts.roles import Role

from ..forms import investigation as f
from ..models import EvidenceRequest, Statement
from ..permissions import access_case
from ..policies import CaseState, refusal_for
from ..procedure_text import procedure_words
from ..services import investigation as inv
from .base import TransitionView, case_url, get_on_case

WHAT = "investigation file"

#: How the case's timeline names the investigation file's events (views/history.py).
TIMELINE = {
    "case.allegation_notice_issued": "Notice of the allegation sent (§28, §41)",
    "investigation.meeting_recorded": "Investigation meeting recorded",
    "investigation.statement_recorded": "Statement recorded",
    "investigation.statement_agreement": "Statement agreed or declined",
    "investigation.evidence_requested": "Evidence requested",
    "investigation.evidence_request_answered": "Reply to a request for evidence",
    "investigation.report_submitted": "Investigator's report submitted",
}
#: Row ids, not worth showing in the timeline.
TIMELINE_HIDDEN = {"meeting", "statement", "request", "report", "statements"}


def investigation_url(case) -> str:
    return reverse("staff:cases:investigation", kwargs={
        "institution_slug": case.institution.slug, "case_id": case.pk})


@staff_view()
def investigation_file(request, institution_slug: str, case_id: int):
    case, membership = access_case(user=request.user, institution=request.institution,
                                   case_id=case_id, what=WHAT, membership=request.membership)
    state = CaseState(case, membership, request.user)
    file = inv.investigation_file(case, state)
    may = {key: refusal_for(key, state) for key in
           ("investigation_record", "investigation_report", "allegation_notice")}
    return render(request, "cases/investigation/file.html", {
        "case": case, "file": file, "case_url": case_url(case),
        "may_record": may["investigation_record"] is None,
        "may_report": may["investigation_report"] is None,
        "may_notice": may["allegation_notice"] is None,
        "refusal": next((r for r in may.values() if r is not None and r.shown), None),
        "dm_label": case.institution.role_label(Role.DECISION_MAKER),
        "caseworker_label": case.institution.role_label(Role.SUPPORT_CASEWORKER),
    })


@method_decorator(staff_view(), name="dispatch")
class _InvestigationPage(TransitionView):
    """A form of the investigation file: ``policy`` names the action's policy. (Not a
    transition of cases/transitions.py: these pages are reached from the investigation
    file, not offered on the case page.)"""

    policy = ""

    def dispatch(self, request, *args, institution_slug: str, case_id, **kwargs):
        self.case, self.membership = access_case(
            user=request.user, institution=request.institution, case_id=case_id, what=WHAT,
            membership=request.membership)
        self.state = CaseState(self.case, self.membership, request.user)
        self.object = None
        if self.object_kwarg:
            self.object = get_on_case(self.object_model, self.case, kwargs[self.object_kwarg])
        return View.dispatch(self, request, *args, **kwargs)

    def refusal(self):
        return refusal_for(self.policy, self.state, self.object)

    def get_success_url(self, result) -> str:
        return investigation_url(self.case)

    def extra_context(self) -> dict:
        return {"case_url": investigation_url(self.case)}


class MeetingView(_InvestigationPage):
    policy = "investigation_record"
    form_class = f.MeetingForm
    title = "Record a meeting of the investigation"
    intro = ("The reported student must be told beforehand of their right to be accompanied. "
             "A companion observes silently (§42).")
    submit_label = "Record the meeting"
    success_message = "Meeting recorded."

    def perform(self, form):
        return inv.investigation_meeting_record(case=self.case, actor=self.request.user,
                                                **form.cleaned_data)


class StatementView(_InvestigationPage):
    policy = "investigation_record"
    form_class = f.StatementForm
    title = "Record a statement"
    intro = "The statement is used only once the person agrees it."
    submit_label = "Record the statement"
    success_message = "Statement recorded. Record the person's agreement when you have it."

    def perform(self, form):
        data = dict(form.cleaned_data)
        data["given_by"] = data.get("given_by") or ""
        return inv.statement_record(case=self.case, actor=self.request.user, **data)


class StatementAgreementView(_InvestigationPage):
    policy = "investigation_record"
    form_class = f.StatementAgreementForm
    title = "Record the person's answer on their statement"
    submit_label = "Save"
    success_message = "The answer is recorded."
    object_kwarg, object_model = "statement_id", Statement

    def perform(self, form):
        return inv.statement_agreement_record(statement=self.object, actor=self.request.user,
                                              **form.cleaned_data)


class EvidenceRequestView(_InvestigationPage):
    policy = "investigation_record"
    form_class = f.EvidenceRequestForm
    title = "Ask for evidence"
    submit_label = "Record the request"
    success_message = "Request recorded."

    def perform(self, form):
        return inv.evidence_request_create(case=self.case, actor=self.request.user,
                                           **form.cleaned_data)


class EvidenceRequestAnswerView(_InvestigationPage):
    policy = "investigation_record"
    form_class = f.EvidenceRequestAnswerForm
    title = "Record the reply to a request for evidence"
    submit_label = "Save"
    success_message = "Reply recorded."
    object_kwarg, object_model = "request_id", EvidenceRequest

    def perform(self, form):
        return inv.evidence_request_answer(request=self.object, actor=self.request.user,
                                           **form.cleaned_data)


class ReportView(_InvestigationPage):
    policy = "investigation_report"
    form_class = f.ReportForm
    title = "Submit the investigator's report"
    submit_label = "Submit to the decision maker"
    success_message = "Report submitted. It can no longer be changed; a revision is a new " \
                      "version."

    def extra_context(self) -> dict:
        dm = self.case.institution.role_label(Role.DECISION_MAKER)
        return {**super().extra_context(),
                "intro": procedure_words(self.case.institution).say(
                    f"The report goes to the {dm}, who decides on their consideration of its "
                    "findings (§39). Once submitted it cannot be changed.")}

    def perform(self, form):
        return inv.investigator_report_submit(case=self.case, actor=self.request.user,
                                              **form.cleaned_data)


class AllegationNoticeView(_InvestigationPage):
    policy = "allegation_notice"
    form_class = f.AllegationNoticeForm
    title = "Send the notice of the allegation"
    intro = ("The student is told of the allegation, how their behaviour is said to breach the "
             "expected standards, and invited to respond (§28, §41), with their right to be "
             "accompanied (§42) and to ask for reasonable adjustments (§11).")
    submit_label = "Issue the letter"
    success_message = "The notice of the allegation is being generated."

    def perform(self, form):
        return inv.allegation_notice_issue(case=self.case, actor=self.request.user,
                                           **form.cleaned_data)
