"""The pages of delays told (§44): the delay letter, and who was told of a pause."""

from __future__ import annotations

from .. import forms as f
from ..models import CasePause
from ..services import delays
from .base import TransitionView


class DelayNotifyView(TransitionView):
    action = "delay_notify"
    form_class = f.DelayNotifyForm
    title = "Send a delay letter"
    intro = ("The aim to complete the case will be missed. The student and the reporting "
             "parties are sent a letter with the reason for the delay and when the case is "
             "now likely to conclude (§44).")
    submit_label = "Issue the delay letter"

    def perform(self, form):
        return delays.case_delay_notify(case=self.case, actor=self.request.user,
                                        **form.cleaned_data)

    def get_success_message(self, result) -> str:
        return (f"The delay letter is issued: the case is now expected to conclude by "
                f"{result.new_date.day} {result.new_date:%B %Y}.")


class PauseToldView(TransitionView):
    action = "pause_told"
    form_class = f.PauseToldForm
    object_kwarg = "pause_id"
    object_model = CasePause
    title = "Record who was told of the pause"
    submit_label = "Save"
    success_message = "Recorded."

    def make_form(self, data=None, files=None):
        return self.form_class(data, files, pause=self.object, **self.form_kwargs())

    def perform(self, form):
        return delays.case_pause_told(case=self.case, actor=self.request.user,
                                      pause=self.object, **form.service_kwargs())
