"""One view for every transition of a Safe Contact record: GET shows the form, POST calls the
one service and goes back to the record with a message. The service's ValidationError is shown
against the fields, its refusal in the error summary, its PermissionDenied as a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View

from accounts.decorators import staff_view
from core.errors import DomainRefusal

from .. import forms as f
from ..actions import ACTIONS
from ..policies import policies, state_for
from ..selectors import access_safe_contact
from ..services import pipeline
from .records import record_url


@method_decorator(staff_view(), name="dispatch")
class RecordTransitionView(View):
    """Subclasses set ``action`` (a policy key), ``form_class``, ``intro`` and ``perform``."""

    action = ""
    form_class: type = f.ConfirmForm
    intro = ""
    submit_label = "Save"
    success_message = "Saved."

    def dispatch(self, request, *args, institution_slug: str, record_id, **kwargs):
        self.record, self.membership = access_safe_contact(
            user=request.user, institution=request.institution, record_id=record_id,
            membership=request.membership)
        self.state = state_for(record=self.record, actor=request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self) -> dict:
        return {}

    def initial(self) -> dict:
        return {}

    def perform(self, form):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def get(self, request, *args, **kwargs):
        refusal = policies.refusal(self.action, self.state)
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        form = None if refusal else self.form_class(initial=self.initial(),
                                                    **self.form_kwargs())
        return self.render(form, refusal)

    def post(self, request, *args, **kwargs):
        refusal = policies.refusal(self.action, self.state)
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        form = self.form_class(request.POST, **self.form_kwargs())
        if form.is_valid():
            try:
                self.perform(form)
            except ValidationError as exc:
                f.add_service_errors(form, exc)
            except DomainRefusal as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, self.success_message)
                return redirect(record_url(self.record))
        return self.render(form, None)

    def render(self, form, refusal):
        return render(self.request, "safecontacts/transition.html", {
            "record": self.record, "form": form, "refusal": refusal,
            "title": ACTIONS[self.action].label, "intro": self.intro,
            "submit_label": self.submit_label, "record_url": record_url(self.record)})


class ChatView(RecordTransitionView):
    action = "chat_record"
    form_class = f.ChatForm
    intro = ("The informal chat is held by two members of staff: a chance to get to know the "
             "applicant and for them to ask questions (001).")
    submit_label = "Record the chat"
    success_message = "The informal chat is recorded. Next: the induction training."

    def form_kwargs(self) -> dict:
        return {"institution": self.record.institution}

    def perform(self, form):
        d = form.cleaned_data
        return pipeline.chat_record(record=self.record, actor=self.request.user,
                                    held_on=d["held_on"], staff=form.staff(),
                                    notes=d.get("notes") or "")


class InductionView(RecordTransitionView):
    action = "induction_confirm"
    intro = ("The training records show the Safe Contact induction. Confirming it asks the "
             "new Safe Contact for their biography.")
    submit_label = "Confirm the induction"
    success_message = "Induction confirmed. Next: the biography."

    def perform(self, form):
        return pipeline.induction_confirm(record=self.record, actor=self.request.user)


class BiographyView(RecordTransitionView):
    action = "biography_write"
    form_class = f.BiographyForm
    intro = ("The biography and the email address are shown on the public Safe Contacts page "
             "once an EDI administrator approves them.")
    submit_label = "Save the biography"
    success_message = "The biography is saved."

    def initial(self) -> dict:
        return {"biography": self.record.biography,
                "contact_email": self.record.contact_email or self.record.email}

    def perform(self, form):
        d = form.cleaned_data
        return pipeline.biography_write(record=self.record, actor=self.request.user,
                                        biography=d["biography"],
                                        contact_email=d["contact_email"])


class PublishView(RecordTransitionView):
    action = "publish"
    intro = ("Approving publishes the biography on the Safe Contacts page and gives the "
             "person the Safe Contact role (their contact log).")
    submit_label = "Approve and publish"
    success_message = "Published: the Safe Contact is on the directory."

    def perform(self, form):
        return pipeline.safe_contact_publish(record=self.record, actor=self.request.user)


class PauseView(RecordTransitionView):
    action = "pause"
    form_class = f.ReasonForm
    intro = "A paused Safe Contact is off the directory until resumed (e.g. on leave)."
    submit_label = "Pause"
    success_message = "Paused: off the directory until resumed."

    def perform(self, form):
        return pipeline.safe_contact_pause(record=self.record, actor=self.request.user,
                                           reason=form.cleaned_data["reason"])


class ResumeView(RecordTransitionView):
    action = "resume"
    intro = "The Safe Contact is shown on the directory again."
    submit_label = "Resume"
    success_message = "Resumed: back on the directory."

    def perform(self, form):
        return pipeline.safe_contact_resume(record=self.record, actor=self.request.user)


class RetireView(RecordTransitionView):
    action = "retire"
    form_class = f.ReasonForm
    intro = "A retired Safe Contact leaves the directory and the Safe Contact role."
    submit_label = "Retire"
    success_message = "Retired from the scheme."

    def perform(self, form):
        return pipeline.safe_contact_retire(record=self.record, actor=self.request.user,
                                            reason=form.cleaned_data["reason"])


class DeclineView(RecordTransitionView):
    action = "decline"
    form_class = f.ReasonForm
    intro = "The application goes no further. The reason is recorded; the applicant is told."
    submit_label = "Decline"
    success_message = "The application is declined."

    def perform(self, form):
        return pipeline.application_decline(record=self.record, actor=self.request.user,
                                            reason=form.cleaned_data["reason"])


#: The page of each transition, by policy key; safecontacts/urls.py routes them.
PAGES: dict[str, type[RecordTransitionView]] = {v.action: v for v in (
    ChatView, InductionView, BiographyView, PublishView, PauseView, ResumeView, RetireView,
    DeclineView)}
