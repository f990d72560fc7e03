"""The investigation file of a case (002 §28, §39-44; 004), under
/api/v1/<institution_slug>/cases/<id>/investigation/. The case is loaded through
``access_case`` (the same 404 for another institution's case and for one the caller is not
appointed to); statements, notes and the report's text only for those who may read them;
each write calls one service (cases/services/investigation.py)."""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.response import Response

from web.api import ErrorSerializer

from ..models import EvidenceRequest, Statement
from ..policies import CaseState
from ..serializers import investigation as s
from ..services import investigation as inv
from .base import ERRORS, TAGS, CaseActionView, CaseAPIView

WHAT = "investigation file"


class _InvestigationAction(CaseActionView):
    access_what = WHAT
    created = True
    target_model: type | None = None
    target_kwarg = ""

    def get_target(self, case):
        if self.target_model is None:
            return None
        found = self.target_model.objects.for_institution(self.institution).filter(
            case=case, pk=self.kwargs[self.target_kwarg]).select_related("case").first()
        if found is None:
            raise exceptions.NotFound()
        return found

    def context(self, case):
        # Whoever just wrote it reads it back.
        return {**super().context(case), "may_read": True}


def _action(operation_id, body, response, service, summary):
    return extend_schema_view(post=extend_schema(
        operation_id=operation_id, tags=TAGS, summary=summary, request=body,
        description=inspect.getdoc(service) or summary, responses={201: response, **ERRORS}))


class InvestigationFileView(CaseAPIView):
    """The investigation file: meetings, statements, requests for evidence, the investigator's
    reports (newest first) and the notices of the allegation sent."""

    access_what = WHAT

    @extend_schema(operation_id="cases_investigation_file", tags=TAGS,
                   responses={200: s.InvestigationFileSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        state = CaseState(case, self.membership, request.user)
        file = inv.investigation_file(case, state)
        return Response(s.InvestigationFileSerializer(
            file, context={**self.context(case), "may_read": file.may_read}).data)


@_action("cases_investigation_meeting_record", s.InvestigationMeetingInputSerializer,
         s.InvestigationMeetingResponseSerializer, inv.investigation_meeting_record,
         "Record a meeting of the investigation (§41-42)")
class MeetingRecordView(_InvestigationAction):
    body = s.InvestigationMeetingInputSerializer
    result_key, result_serializer = "meeting", s.InvestigationMeetingSerializer

    def perform(self, case, actor, data):
        return inv.investigation_meeting_record(case=case, actor=actor, **data)


@_action("cases_investigation_statement_record", s.InvestigationStatementInputSerializer,
         s.InvestigationStatementResponseSerializer, inv.statement_record,
         "Record a statement (used only once the person agrees it)")
class StatementRecordView(_InvestigationAction):
    body = s.InvestigationStatementInputSerializer
    result_key, result_serializer = "statement", s.InvestigationStatementSerializer

    def perform(self, case, actor, data):
        return inv.statement_record(case=case, actor=actor, **data)


@_action("cases_investigation_statement_agreement", s.StatementAgreementInputSerializer,
         s.InvestigationStatementResponseSerializer, inv.statement_agreement_record,
         "Record whether the person agreed their statement")
class StatementAgreementView(_InvestigationAction):
    body = s.StatementAgreementInputSerializer
    result_key, result_serializer = "statement", s.InvestigationStatementSerializer
    target_model, target_kwarg = Statement, "statement_id"
    created = False

    def perform(self, case, actor, data):
        return inv.statement_agreement_record(statement=self.target, actor=actor, **data)


@_action("cases_investigation_evidence_request", s.EvidenceRequestInputSerializer,
         s.InvestigationEvidenceRequestResponseSerializer, inv.evidence_request_create,
         "Ask someone for evidence (§43)")
class EvidenceRequestView(_InvestigationAction):
    body = s.EvidenceRequestInputSerializer
    result_key = "evidence_request"
    result_serializer = s.InvestigationEvidenceRequestSerializer

    def perform(self, case, actor, data):
        return inv.evidence_request_create(case=case, actor=actor, **data)


@_action("cases_investigation_evidence_request_answer", s.EvidenceRequestAnswerInputSerializer,
         s.InvestigationEvidenceRequestResponseSerializer, inv.evidence_request_answer,
         "Record the reply to a request for evidence")
class EvidenceRequestAnswerView(_InvestigationAction):
    body = s.EvidenceRequestAnswerInputSerializer
    result_key = "evidence_request"
    result_serializer = s.InvestigationEvidenceRequestSerializer
    target_model, target_kwarg = EvidenceRequest, "request_id"
    created = False

    def perform(self, case, actor, data):
        return inv.evidence_request_answer(request=self.target, actor=actor, **data)


@_action("cases_investigator_report_submit", s.InvestigatorReportInputSerializer,
         s.InvestigatorReportResponseSerializer, inv.investigator_report_submit,
         "Submit the investigator's report to the decision maker (§39)")
class ReportSubmitView(_InvestigationAction):
    body = s.InvestigatorReportInputSerializer
    result_key, result_serializer = "report", s.InvestigatorReportSerializer

    def perform(self, case, actor, data):
        return inv.investigator_report_submit(case=case, actor=actor, **data)


@_action("cases_allegation_notice_issue", s.AllegationNoticeInputSerializer,
         s.AllegationNoticeResponseSerializer, inv.allegation_notice_issue,
         "Send the student the notice of the allegation and invitation to respond (§28, §41)")
class AllegationNoticeView(_InvestigationAction):
    body = s.AllegationNoticeInputSerializer
    result_key, result_serializer = "letters", s.CaseLetterSerializer

    def perform(self, case, actor, data):
        return inv.allegation_notice_issue(case=case, actor=actor, **data)
