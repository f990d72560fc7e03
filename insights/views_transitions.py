"""One view for every action on an insight report: GET shows the form (or why it cannot be done
now), POST calls the one service and goes back to the report with a message. The service's
ValidationError is shown against the fields, its refusal in the error summary, its
PermissionDenied as a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View

from core.errors import DomainRefusal

from . import forms as f
from .actions import ACTIONS
from .policies import policies, state_for
from .selectors import access_report
from .services import reports as services
from .views import publisher_view, report_url


@method_decorator(publisher_view, name="dispatch")
class ReportActionView(View):
    """Subclasses set ``action`` (a policy key), ``form_class``, ``intro`` and ``perform``."""

    action = ""
    form_class: type = f.ConfirmForm
    intro = ""
    submit_label = "Save"
    success_message = "Saved."

    def dispatch(self, request, *args, institution_slug: str, report_id, **kwargs):
        self.report, self.membership = access_report(
            user=request.user, institution=request.institution, report_id=report_id,
            membership=request.membership)
        self.state = state_for(institution=request.institution, actor=request.user,
                               report=self.report, membership=self.membership)
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict:
        return {}

    def perform(self, form):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def refusal(self):
        refusal = policies.refusal(self.action, self.state)
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        return refusal

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        form = None if refusal else self.form_class(initial=self.initial())
        return self.render(form, refusal)

    def post(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal is not None:
            return self.render(None, refusal, status=409)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as exc:
                f.add_service_errors(form, exc)
            except DomainRefusal as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, self.success_message)
                return redirect(report_url(result or self.report))
        return self.render(form, None)

    def render(self, form, refusal, status: int = 200):
        return render(self.request, "insights/transition.html", status=status, context={
            "report": self.report, "form": form, "refusal": refusal,
            "title": ACTIONS[self.action].label, "intro": self.intro,
            "submit_label": self.submit_label, "report_url": report_url(self.report)})


class EditView(ReportActionView):
    action = "edit"
    form_class = f.SummaryForm
    intro = ("The summary is published above the figures once the report is approved. Writing "
             "it makes you one of the people who prepared this version: someone else approves "
             "it.")
    submit_label = "Save the summary"
    success_message = "The summary is saved."

    def initial(self) -> dict:
        return {"summary": self.report.summary}

    def perform(self, form):
        return services.report_edit(report=self.report, actor=self.request.user,
                                    summary=form.cleaned_data["summary"])


class RegenerateView(ReportActionView):
    action = "regenerate"
    intro = ("The figures are counted again from the records and the external imports as they "
             "are now, and suppressed with the institution's threshold as it is now.")
    submit_label = "Generate the figures again"
    success_message = "The figures are generated again."

    def perform(self, form):
        return services.report_regenerate(report=self.report, actor=self.request.user)


class ApproveView(ReportActionView):
    action = "approve"
    intro = ("Read the figures, the summary and the PDF first. Check that nothing could "
             "identify anyone. You are named as the approver.")
    submit_label = "Approve"
    success_message = "Approved: it can now be published."

    def perform(self, form):
        return services.report_approve(report=self.report, actor=self.request.user)


class SendBackView(ReportActionView):
    action = "send_back"
    form_class = f.ReasonForm
    intro = "The version goes back to draft and must be approved again."
    submit_label = "Send back to draft"
    success_message = "Sent back to draft."

    def perform(self, form):
        return services.report_send_back(report=self.report, actor=self.request.user,
                                         reason=form.cleaned_data["reason"])


class PublishView(ReportActionView):
    action = "publish"
    intro = ("The report goes on the public Information & Insights page with its PDF and CSV. "
             "A published report never changes: a mistake is put right by a correction, a new "
             "version that says what changed.")
    submit_label = "Publish"
    success_message = "Published on the Information & Insights page."

    def perform(self, form):
        return services.report_publish(report=self.report, actor=self.request.user)


class CorrectView(ReportActionView):
    action = "correct"
    form_class = f.CorrectionForm
    intro = ("A correction is a new version of this report, generated again from the records "
             "and imports as they are now. It is approved and published like any report; "
             "until then this version stays on the public page. Once published, it replaces "
             "this one, which stays listed with the note.")
    submit_label = "Start the correction"
    success_message = "The correction is a new draft version: check it, then ask another " \
                      "publisher to approve it."

    def perform(self, form):
        return services.report_correct(report=self.report, actor=self.request.user,
                                       change_note=form.cleaned_data["change_note"])


class DiscardView(ReportActionView):
    action = "discard"
    form_class = f.ReasonForm
    intro = ("The version is kept in the list as discarded and is never published. The daily "
             "task does not generate this period again; you may.")
    submit_label = "Discard"
    success_message = "Discarded."

    def perform(self, form):
        return services.report_discard(report=self.report, actor=self.request.user,
                                       reason=form.cleaned_data["reason"])


#: The page of each action, by policy key; insights/urls.py routes them.
PAGES: dict[str, type[ReportActionView]] = {v.action: v for v in (
    EditView, RegenerateView, ApproveView, SendBackView, PublishView, CorrectView,
    DiscardView)}
