"""The case API, under /api/v1/<institution_slug>/cases/.

* Every endpoint that names a case loads it through ``cases.permissions.access_case``: a case
  the caller may not see answers the same 404 as one that does not exist, before any role
  check, and the read is audited.
* Every transition calls exactly one service, which decides who may act and whether the case
  may move. Its refusals keep one mapping:
  - ``ValidationError`` -> 400 ``invalid``, field errors under ``errors`` (core/api.py);
  - ``PermissionDenied`` -> 403 with the service's message, in the institution's own words;
  - ``TransitionError`` -> **409 ``transition_refused``**, the message as ``detail``. The
    request was well formed and the caller may act, but the procedure refuses the change in
    the case's present state (wrong stage, paused, window still open, beyond the decider's
    power): a conflict with the resource, which a client tells apart from a malformed body.
* A transition answers the case summary (200), or ``{"case": summary, "<thing>": ...}`` with
  the object the service created (201) or changed (200).
"""

from __future__ import annotations

import inspect

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Role
from core.api import ErrorSerializer, InstitutionScopedMixin
from institutions.calendar import WorkingCalendar
from institutions.selectors import deadlines_for

from . import serializers as s
from .models import Appeal, Case, EvidenceDocument, Letter
from .permissions import access_case
from .policies import CaseState
from .selectors import (
    QueueFilters,
    case_assignments,
    case_history,
    case_queue,
    deadline_status_of,
    previous_proven_misconduct,
)
from .services import appeals, assignments, board, evidence, intake, letters, outcomes, pauses
from .services.common import TransitionError
from .transitions import offers

TAGS = ["cases"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}


class TransitionRefused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "transition_refused"
    default_detail = "The case cannot make this change now."


# -- the case summary --------------------------------------------------------------------------
def with_deadline_status(cases, institution):
    """Set ``deadline_status`` on rows annotated by case_queue ("due soon": within two
    working days, as the queue's filter counts it)."""
    today = timezone.localdate()
    soon = WorkingCalendar(institution).add_working_days(today, 2).date
    for case in cases:
        case.deadline_status = deadline_status_of(case, today=today, soon=soon)
    return cases


#: The endpoint of each transition, by key (cases/transitions.py); cases/api_urls.py routes
#: them.
ENDPOINTS: dict[str, type] = {}


class CaseAPIView(InstitutionScopedMixin, APIView):
    """Base of every case endpoint. One that sets ``transition`` is that transition's."""

    access_what = "case file"
    transition = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.transition:
            ENDPOINTS[cls.transition] = cls

    def handle_exception(self, exc):
        if isinstance(exc, TransitionError):
            exc = TransitionRefused(str(exc))
        return super().handle_exception(exc)

    def get_case(self) -> Case:
        case, _ = access_case(user=self.request.user, institution=self.institution,
                              case_id=self.kwargs["case_id"], what=self.access_what)
        return case

    def summary_case(self, case_id: int) -> Case:
        """The case as it is now, with the queue's next-deadline annotations."""
        row = case_queue(membership=self.membership, filters=QueueFilters()).filter(
            pk=case_id).first()
        if row is None:  # the caller no longer sees it (their own appointment ended)
            row = Case.objects.for_institution(self.institution).select_related(
                "respondent").get(pk=case_id)
            row.next_due, row.next_purpose, row.is_overdue = None, None, False
        row.institution = self.institution
        return with_deadline_status([row], self.institution)[0]

    def summary(self, case_id: int) -> dict:
        return s.CaseSummarySerializer(self.summary_case(case_id)).data

    def context(self, case: Case) -> dict:
        return {"request": self.request, "case": case, "institution": self.institution}


# -- the queue and opening a case --------------------------------------------------------------
class CaseListView(CaseAPIView):
    """The caseworker queue (cases the caller may see) and opening a case."""

    @extend_schema(
        operation_id="cases_queue", tags=TAGS,
        summary="The queue: the cases you may see, soonest deadline first",
        description="Filter by stage, assignee (user id), cohort, deadline status, or search "
        "by case reference or student ID. 25 cases a page.", parameters=[
            s.CaseQueueFilterSerializer,
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number (25 a page)."),
        ],
        responses={200: s.CaseQueuePageSerializer, 400: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str):
        params = s.CaseQueueFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = QueueFilters(**params.validated_data)
        cases = case_queue(membership=self.membership, filters=filters)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(cases, request, view=self)
        rows = with_deadline_status(page, self.institution)
        return paginator.get_paginated_response(s.CaseSummarySerializer(rows, many=True).data)

    @extend_schema(operation_id="cases_open", tags=TAGS, request=s.CaseOpenSerializer,
                   summary="Open a case (Alleged Misconduct Form, Appendix A)",
                   description=inspect.getdoc(intake.case_open),
                   responses={201: s.CaseSummarySerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        body = s.CaseOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = intake.case_open(institution=self.institution, actor=request.user,
                                **body.validated_data)
        return Response(self.summary(case.pk), status=status.HTTP_201_CREATED)


class CaseDetailView(CaseAPIView):
    """The case file: parties, allegations, appointments, deadlines, decisions, appeals, the
    Board, letters, pauses and the case's history."""

    @extend_schema(operation_id="cases_retrieve", tags=TAGS, summary="The case file",
                   description="Previous proven misconduct (§47-48) is shown to decision "
                   "makers only. ``available_actions`` lists what the caller can do now, and "
                   "what is theirs but refused for now, with the reason.",
                   responses={200: s.CaseDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        row = self.summary_case(case.pk)
        row.active_assignments = case_assignments(row)
        row.deadline_list = deadlines_for(institution=self.institution, subject=row)
        row.outcome_list = list(row.outcomes.select_related("decided_by")
                                .prefetch_related("penalties__penalty_type"))
        row.appeal_list = list(row.appeals.prefetch_related("grounds"))
        row.previous_misconduct = (previous_proven_misconduct(row)
                                   if self.membership.has_role(Role.DECISION_MAKER) else None)
        row.history_list = list(case_history(row))
        row.available_actions = offers(CaseState(case, self.membership, request.user))
        return Response(s.CaseDetailSerializer(row, context=self.context(row)).data)


# -- transitions -------------------------------------------------------------------------------
class CaseActionView(CaseAPIView):
    """POST one transition: check the body's shape, call one service (``perform``), answer.

    ``result_key`` names the object ``perform`` returns in the answer; without it the answer
    is the case summary alone."""

    body: type | None = None
    result_key = ""
    result_serializer: type | None = None
    created = False

    def post(self, request, institution_slug: str, case_id: int, **kwargs):
        case = self.get_case()
        self.target = self.get_target(case)  # an appeal or letter in the URL: 404 first
        data = {}
        if self.body is not None:
            body = self.body(data=request.data, context=self.context(case))
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        result = self.perform(case, request.user, data)
        answer = self.summary(case.pk)
        if self.result_key:
            many = isinstance(result, list)
            answer = {"case": answer, self.result_key: self.result_serializer(
                result, many=many, context=self.context(case)).data}
        return Response(answer, status=status.HTTP_201_CREATED if self.created
                        else status.HTTP_200_OK)

    def perform(self, case: Case, actor, data: dict):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def get_target(self, case: Case):
        return None


class AppealActionView(CaseActionView):
    def get_target(self, case: Case) -> Appeal:
        appeal = Appeal.objects.for_institution(self.institution).filter(
            case=case, pk=self.kwargs["appeal_id"]).select_related("case").first()
        if appeal is None:
            raise exceptions.NotFound()
        return appeal


def action(operation_id: str, body, response, *, service, code: int = 200, summary: str = ""):
    """The OpenAPI description of a transition endpoint; the service's docstring, which
    states the rules it enforces, is the operation's description."""
    return extend_schema_view(post=extend_schema(
        operation_id=operation_id, tags=TAGS, summary=summary, request=body,
        description=inspect.getdoc(service) or summary, responses={code: response, **ERRORS}))


@action("cases_intake_decision", s.IntakeDecisionSerializer, s.CaseSummarySerializer,
        service=intake.case_decide_intake,
        summary="Decide whether and how to proceed (§27, §37)")
class IntakeDecisionView(CaseActionView):
    transition = "intake"
    body = s.IntakeDecisionSerializer

    def perform(self, case, actor, data):
        return intake.case_decide_intake(case=case, actor=actor, **data)


@action("cases_assign", s.CaseAssignSerializer, s.CaseAssignmentResponseSerializer, code=201,
        service=assignments.case_assign,
        summary="Appoint a member of staff to a role on the case (§39, §53, §55)")
class AssignView(CaseActionView):
    transition = "assign"
    body = s.CaseAssignSerializer
    result_key, result_serializer, created = "assignment", s.CaseAssignmentSerializer, True

    def perform(self, case, actor, data):
        return assignments.case_assign(case=case, actor=actor, **data)


@action("cases_unassign", s.CaseUnassignSerializer, s.CaseSummarySerializer,
        service=assignments.case_unassign,
        summary="End an appointment")
class UnassignView(CaseActionView):
    transition = "unassign"
    body = s.CaseUnassignSerializer

    def perform(self, case, actor, data):
        return assignments.case_unassign(actor=actor, **data)


@action("cases_informal_outcome", s.InformalOutcomeSerializer, s.CaseOutcomeResponseSerializer,
        code=201, service=outcomes.informal_outcome,
        summary="Record the informal outcome (§30-33)")
class InformalOutcomeView(CaseActionView):
    transition = "informal_outcome"
    body = s.InformalOutcomeSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return outcomes.informal_outcome(case=case, actor=actor, **data)


@action("cases_refer_to_formal", s.CaseReasonSerializer, s.CaseSummarySerializer,
        service=outcomes.informal_refer_to_formal,
        summary="Refer an informal case to the formal stage (§27, §32)")
class ReferToFormalView(CaseActionView):
    transition = "refer_to_formal"
    body = s.CaseReasonSerializer

    def perform(self, case, actor, data):
        return outcomes.informal_refer_to_formal(case=case, actor=actor, **data)


@action("cases_formal_decision", s.FormalDecisionSerializer, s.CaseOutcomeResponseSerializer,
        code=201, service=outcomes.formal_decide,
        summary="The decision maker's formal decision (§45-51)")
class FormalDecisionView(CaseActionView):
    transition = "formal_decision"
    body = s.FormalDecisionSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return outcomes.formal_decide(case=case, actor=actor, **data)


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


@action("cases_appeal_lodge", s.AppealLodgeSerializer, s.CaseAppealResponseSerializer, code=201,
        service=appeals.appeal_lodge,
        summary="Record an appeal received from the student (§33, §66; Appendix B)")
class AppealLodgeView(CaseActionView):
    transition = "appeal_lodge"
    body = s.AppealLodgeSerializer
    result_key, result_serializer, created = "appeal", s.CaseAppealSerializer, True

    def perform(self, case, actor, data):
        return appeals.appeal_lodge(case=case, actor=actor, **data)


@action("cases_appeal_late_decision", s.LateDecisionSerializer, s.CaseAppealResponseSerializer,
        service=appeals.appeal_decide_late,
        summary="Decide whether a late appeal's reason is good (§35, §66)")
class AppealLateDecisionView(AppealActionView):
    transition = "late_appeal"
    body = s.LateDecisionSerializer
    result_key, result_serializer = "appeal", s.CaseAppealSerializer

    def perform(self, case, actor, data):
        return appeals.appeal_decide_late(appeal=self.target, actor=actor, **data)


@action("cases_appeal_decision", s.AppealDecisionSerializer, s.CaseOutcomeResponseSerializer,
        code=201, service=appeals.appeal_decide,
        summary="Decide the appeal on paper (§35, §69)")
class AppealDecisionView(AppealActionView):
    transition = "appeal_decision"
    body = s.AppealDecisionSerializer
    result_key, result_serializer, created = "outcome", s.CaseOutcomeSerializer, True

    def perform(self, case, actor, data):
        return appeals.appeal_decide(appeal=self.target, actor=actor, **data)


@action("cases_close_no_appeal", None, s.CaseSummarySerializer,
        service=appeals.case_close_no_appeal,
        summary="Close the case: the appeal window passed with no appeal (§66)")
class CloseNoAppealView(CaseActionView):
    transition = "close_no_appeal"
    def perform(self, case, actor, data):
        return appeals.case_close_no_appeal(case=case, actor=actor)


@action("cases_completion_letter", None, s.CaseLettersResponseSerializer, code=201,
        service=appeals.case_issue_completion_letter,
        summary="Issue a Completion of Procedures letter on request (§66, §71)")
class CompletionLetterView(CaseActionView):
    transition = "completion_letter"
    result_key, result_serializer, created = "letters", s.CaseLetterSerializer, True

    def perform(self, case, actor, data):
        # The service returns nothing: the letters it issued are those newer than any before.
        before = Letter.objects.for_institution(self.institution).filter(case=case) \
            .order_by("-pk").values_list("pk", flat=True).first() or 0
        appeals.case_issue_completion_letter(case=case, actor=actor)
        return list(Letter.objects.for_institution(self.institution).filter(
            case=case, pk__gt=before).order_by("pk"))


@action("cases_pause", s.PauseInputSerializer, s.CasePauseResponseSerializer, code=201,
        service=pauses.case_pause,
        summary="Pause the case: every clock stops (§12, §16, §44)")
class PauseView(CaseActionView):
    transition = "pause"
    body = s.PauseInputSerializer
    result_key, result_serializer, created = "pause", s.CasePauseSerializer, True

    def perform(self, case, actor, data):
        return pauses.case_pause(case=case, actor=actor, **data)


@action("cases_resume", s.CaseResumeSerializer, s.CaseSummarySerializer,
        service=pauses.case_resume,
        summary="Resume a paused case: due dates move by the time paused")
class ResumeView(CaseActionView):
    transition = "resume"
    body = s.CaseResumeSerializer

    def perform(self, case, actor, data):
        return pauses.case_resume(case=case, actor=actor, **data)


@action("cases_extend_deadline", s.CaseExtendDeadlineSerializer, s.CaseDeadlineResponseSerializer,
        service=pauses.case_extend_deadline,
        summary="Extend one of the case's deadlines, recording when the student was told (§44)")
class ExtendDeadlineView(CaseActionView):
    transition = "extend_deadline"
    body = s.CaseExtendDeadlineSerializer
    result_key, result_serializer = "deadline", s.CaseDeadlineSerializer

    def perform(self, case, actor, data):
        return pauses.case_extend_deadline(case=case, actor=actor,
                                           deadline_id=data.pop("deadline"), **data)


@extend_schema_view(post=extend_schema(
    operation_id="cases_letter_correct", tags=TAGS, request=s.CaseReasonSerializer,
    description=inspect.getdoc(letters.letter_correct),
    summary="Issue a corrected version of a letter (the original stays as it was)",
    responses={201: s.CaseLettersResponseSerializer, **ERRORS}))
class LetterCorrectView(CaseActionView):
    body = s.CaseReasonSerializer
    result_key, result_serializer, created = "letters", s.CaseLetterSerializer, True

    def get_target(self, case):
        return _letter(case, self.kwargs["letter_id"])

    def perform(self, case, actor, data):
        return letters.letter_correct(letter=self.target, actor=actor, **data)


# -- evidence and letters (files) --------------------------------------------------------------
class FileRenderer(BaseRenderer):
    """Lets a download answer whatever the client accepts; the view returns the file itself,
    and errors are rendered as JSON (DownloadView.finalize_response)."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DownloadView(CaseAPIView):
    """A file of the case, decrypted, as an attachment; every download is audited."""

    renderer_classes = [JSONRenderer, FileRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @staticmethod
    def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Cache-Control"] = "no-store"
        return response


class EvidenceView(CaseAPIView):
    """The documents on the case file, and adding one. The type is decided by the file's
    content, not its name (PDF, images, Word/OpenDocument, plain text, MP3/MP4)."""

    transition = "evidence"
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="cases_evidence_list", tags=TAGS,
                   responses={200: s.CaseEvidenceSerializer(many=True), 404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        documents = case.documents.select_related("uploaded_by", "case__institution")
        return Response(s.CaseEvidenceSerializer(documents, many=True).data)

    @extend_schema(operation_id="cases_evidence_add", tags=TAGS,
                   request={"multipart/form-data": s.CaseEvidenceUploadSerializer},
                   responses={201: s.CaseEvidenceSerializer, **ERRORS})
    def post(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        body = s.CaseEvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = evidence.evidence_add(case=case, actor=request.user,
                                         title=body.validated_data["title"],
                                         uploaded_file=body.validated_data["file"])
        return Response(s.CaseEvidenceSerializer(document).data, status=status.HTTP_201_CREATED)


class EvidenceDownloadView(DownloadView):
    @extend_schema(operation_id="cases_evidence_download", tags=TAGS, responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The file as uploaded (audited)."),
        404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int, doc_id: int):
        case = self.get_case()
        document = EvidenceDocument.objects.for_institution(self.institution).filter(
            case=case, pk=doc_id).select_related("case__institution").first()
        if document is None:
            raise exceptions.NotFound()
        data = evidence.evidence_open(document=document, actor=request.user)
        return self.attachment(data, document.content_type, document.original_name)


class LetterListView(CaseAPIView):
    """Every letter of the case and each version of it (a correction is a new version)."""

    @extend_schema(operation_id="cases_letters_list", tags=TAGS,
                   responses={200: s.CaseLetterSerializer(many=True), 404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        return Response(s.CaseLetterSerializer(case.letters.all(), many=True).data)


def _letter(case: Case, letter_id) -> Letter:
    letter = Letter.objects.for_institution(case.institution_id).filter(
        case=case, pk=letter_id).select_related("case__institution").first()
    if letter is None:
        raise exceptions.NotFound()
    return letter


class LetterDownloadView(DownloadView):
    @extend_schema(operation_id="cases_letter_download", tags=TAGS, responses={
        (200, "application/pdf"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The issued letter (audited)."),
        404: OpenApiResponse(ErrorSerializer, description="No such letter, or not issued yet.")})
    def get(self, request, institution_slug: str, case_id: int, letter_id: int):
        case = self.get_case()
        letter = _letter(case, letter_id)
        pdf = letters.letter_open(letter=letter, actor=request.user)
        if pdf is None:
            raise exceptions.NotFound("This letter has not been issued yet.")
        name = f"{case.reference}-{letter.kind}-{letter.recipient_key}-v{letter.version}.pdf"
        return self.attachment(pdf, "application/pdf", name)
