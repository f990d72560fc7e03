"""Delays told (§44): the delay letter, and who was told of a pause."""

from __future__ import annotations

from rest_framework import exceptions

from .. import serializers as s
from ..models import CasePause
from ..services import delays
from .base import CaseActionView, action


@action("cases_delay_letter", s.DelayNotifyInputSerializer, s.CaseDelayResponseSerializer,
        code=201, service=delays.case_delay_notify,
        summary="Send the parties a delay letter with the reason and the new expected date "
                "(§44)")
class DelayNotifyView(CaseActionView):
    transition = "delay_notify"
    body = s.DelayNotifyInputSerializer
    result_key, result_serializer, created = "delay", s.CaseDelaySerializer, True

    def perform(self, case, actor, data):
        return delays.case_delay_notify(case=case, actor=actor, **data)


@action("cases_pause_told", s.PauseToldInputSerializer, s.CasePauseToldResponseSerializer,
        service=delays.case_pause_told,
        summary="Record when the student and the reporting parties were told of a pause")
class PauseToldView(CaseActionView):
    transition = "pause_told"
    body = s.PauseToldInputSerializer
    result_key, result_serializer = "pause", s.CasePauseSerializer

    def get_target(self, case):
        pause = CasePause.objects.for_institution(self.institution).filter(
            case=case, pk=self.kwargs["pause_id"]).first()
        if pause is None:
            raise exceptions.NotFound()
        return pause

    def perform(self, case, actor, data):
        return delays.case_pause_told(case=case, actor=actor, pause=self.target,
                                      **s.PauseToldInputSerializer().to_service(dict(data)))
