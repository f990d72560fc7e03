"""The Board of Discipline's transitions (§52-64)."""

from __future__ import annotations

from .. import serializers as s
from ..services import board
from .base import (
    CaseActionView,
    action,
)


@action("cases_board_notice", s.BoardNoticeInputSerializer, s.BoardNoticeResponseSerializer,
        code=201, service=board.board_send_notice,
        summary="The clerk's notice of the hearing (§58)")
class BoardNoticeView(CaseActionView):
    transition = "board_notice"
    body = s.BoardNoticeInputSerializer
    result_key, result_serializer, created = "board_notice", s.BoardNoticeSerializer, True

    def perform(self, case, actor, data):
        return board.board_send_notice(case=case, actor=actor, **data)


@action("cases_board_objection", s.BoardObjectionInputSerializer,
        s.BoardObjectionResponseSerializer, code=201,
        service=board.board_record_objection,
        summary="Record the student's objection to a Board member (§58)")
class BoardObjectionView(CaseActionView):
    transition = "objection"
    body = s.BoardObjectionInputSerializer
    result_key, result_serializer, created = "objection", s.BoardObjectionSerializer, True

    def perform(self, case, actor, data):
        return board.board_record_objection(case=case, actor=actor,
                                            member_user=data.pop("member"), **data)


@action("cases_board_objection_decision", s.ObjectionDecisionSerializer,
        s.BoardObjectionResponseSerializer, service=board.board_decide_objection,
        summary="Decide an objection to a Board member (§58)")
class BoardObjectionDecisionView(CaseActionView):
    transition = "objection_decision"
    body = s.ObjectionDecisionSerializer
    result_key, result_serializer = "objection", s.BoardObjectionSerializer

    def perform(self, case, actor, data):
        return board.board_decide_objection(actor=actor, **data)


@action("cases_board_hearing", s.BoardHearingInputSerializer, s.BoardHearingResponseSerializer,
        service=board.board_record_hearing,
        summary="Record what became of the hearing (§59-60)")
class BoardHearingView(CaseActionView):
    transition = "hearing"
    body = s.BoardHearingInputSerializer
    result_key, result_serializer = "hearing", s.BoardHearingSerializer

    def perform(self, case, actor, data):
        return board.board_record_hearing(case=case, actor=actor, **data)


@action("cases_board_decision", s.BoardDecisionSerializer, s.CaseOutcomeResponseSerializer,
        code=201, service=board.board_decide,
        summary="Record the Board's votes and decision (§61-64)")
class BoardDecisionView(CaseActionView):
    transition = "board_decision"
    body = s.BoardDecisionSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return board.board_decide(case=case, actor=actor, **data)
