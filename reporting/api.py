"""The staff Report + Support API, under /api/v1/<institution_slug>/reports/ (the public,
no-account endpoints are in reporting/api_public.py).

Every endpoint that names a report loads it through ``reporting.permissions.access_report``
first, so a report the caller may not see (no need-to-know, or another institution) answers
the same 404 as one that does not exist, before any body is read; the read is audited. The
queue and the report show a named reporter's identity only to identity custodians; everyone
else sees the pseudonym. Each action calls exactly one service, whose refusals map as in the
cases API (for the public endpoints too):

* ``ValidationError`` -> 400 ``invalid`` with field errors (web/api.py);
* ``PermissionDenied`` -> 403 with the service's message;
* any ``DomainRefusal`` (``ReportError``, a case's ``TransitionError``) -> **409
  ``transition_refused``**: the request is well formed and the caller may act, but the report
  refuses the change in its present state (closed, anonymous, nobody named is staff ...);
* ``core.ratelimit.RateLimited`` -> 429 ``rate_limited`` with ``Retry-After``.

An action that changes the report answers its queue row (200); one that creates something
answers that thing (201); escalation answers the new case and the row (201).
"""

from __future__ import annotations

import inspect

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import ratelimit
from core.downloads import attachment
from core.errors import DomainRefusal
from core.exports import export_format
from web.api import (
    EXPORT_PARAMETER,
    AvailableActionSerializer,
    ErrorSerializer,
    InstitutionScopedMixin,
    QueuePagination,
    queue_responses,
)

from . import serializers as s
from .exports import report_queue_export
from .models import Report, ReportEvidence
from .permissions import access_report, can_see_identity
from .policies import ReportState, report_offers
from .reportfile import report_file
from .selectors import ReportFilters, report_queue
from .services import casework, escalation, submission
from .services.evidence import evidence_download_name, report_evidence_open

STAFF = ["reports"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}


class ChangeRefused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "transition_refused"
    default_detail = "The report cannot make this change now."


class TooManyAttempts(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"
    default_detail = "Too many attempts; try again later."

    def __init__(self, detail: str, wait: int) -> None:
        super().__init__(detail)
        self.wait = wait  # DRF's handler turns this into Retry-After


def refusal(exc):
    """The project's service exceptions as API errors (see the module docstring)."""
    if isinstance(exc, DomainRefusal):
        return ChangeRefused(str(exc))
    if isinstance(exc, ratelimit.RateLimited):
        return TooManyAttempts(str(exc), exc.retry_after)
    return exc


# -- staff -------------------------------------------------------------------------------------
class ReportAPIView(InstitutionScopedMixin, APIView):
    """Base of every staff report endpoint."""

    access_what = "report"

    def handle_exception(self, exc):
        return super().handle_exception(refusal(exc))

    def get_report(self) -> Report:
        report, _ = access_report(user=self.request.user, institution=self.institution,
                                  report_id=self.kwargs["report_id"], what=self.access_what,
                                  membership=self.membership)
        return report

    def row_context(self) -> dict:
        return {"sees_identity": can_see_identity(membership=self.membership)}

    def row(self, report_id: int) -> dict:
        """The report as a queue row, as it is now."""
        report = (report_queue(membership=self.membership, filters=ReportFilters())
                  .filter(pk=report_id).prefetch_related("categories", "tags").first())
        if report is None:  # no longer visible to the caller
            report = Report.objects.for_institution(self.institution).select_related(
                "assignee").get(pk=report_id)
            report.next_due, report.next_purpose, report.is_overdue = None, None, False
        return s.ReportRowSerializer(report, context=self.row_context()).data

    def context(self) -> dict:
        return {"request": self.request, "institution": self.institution}


class ReportQueueView(ReportAPIView):
    @extend_schema(
        operation_id="reports_queue", tags=STAFF,
        summary="The triage queue: reports you may see, unanswered and soonest due first",
        description="Support caseworkers see every report of the institution; anyone else "
        "only the reports shared with them. The reporter's name is shown only to identity "
        "custodians; everyone else sees a pseudonym. 25 a page.",
        parameters=[s.ReportQueueFilterSerializer,
                    OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
                    EXPORT_PARAMETER],
        responses=queue_responses(s.ReportQueuePageSerializer))
    def get(self, request, institution_slug: str):
        params = s.ReportQueueFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = ReportFilters(**params.validated_data)
        reports = report_queue(membership=self.membership, filters=filters)
        reports = reports.prefetch_related("categories", "tags")
        if fmt := export_format(request):
            return report_queue_export(membership=self.membership, actor=request.user,
                                       reports=reports.select_related("assignee"),
                                       filters=filters, fmt=fmt, today=timezone.localdate())
        paginator = QueuePagination()
        page = paginator.paginate_queryset(reports, request, view=self)
        rows = s.ReportRowSerializer(page, many=True, context=self.row_context()).data
        return paginator.get_paginated_response(rows)


class ReportDetailView(ReportAPIView):
    @extend_schema(
        operation_id="reports_detail", tags=STAFF, summary="One report, with its casework",
        description="``available_actions``: what the caller can do now. Identity fields only "
        "for identity custodians. Repeat-respondent flags "
        "list only reports and cases the caller may also see. The read is audited.",
        responses={200: s.ReportDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int):
        report = self.get_report()
        return Response(self.detail(report))

    def detail(self, report: Report) -> dict:
        file = report_file(report=report, membership=self.membership)
        custodian = can_see_identity(membership=self.membership)
        sees = custodian and not report.is_anonymous
        context = {**self.context(), "sees_identity": custodian}
        return {
            "id": report.pk,
            "reference": report.reference,
            "reporter": report.contact_name if sees else report.pseudonym,
            "anonymous": report.is_anonymous,
            "identity": {
                "contact_name": report.contact_name, "contact_email": report.contact_email,
                "contact_phone": report.contact_phone,
                "contact_student_id": report.contact_student_id,
                "preferred_contact": report.preferred_contact,
            } if sees else None,
            "reporter_role": report.reporter_role,
            "perspective": report.perspective,
            "categories": s.PublicCategorySerializer(report.categories.all(), many=True).data,
            "when": report.when,
            "incident_date": report.incident_date,
            "location": report.location,
            "location_detail": report.location_detail,
            "narrative": report.narrative,
            "wants": [w for w in submission.WANTS if getattr(report, f"wants_{w}")],
            "status": report.status,
            "status_label": report.get_status_display(),
            "submitted_on": report.submitted_on,
            "assignee": s.person(report.assignee),
            "tags": [t.label for t in report.tags.all()],
            "awaiting_staff": report.awaiting_staff,
            "first_contact_on": report.first_contact_on,
            "formal_consent_on": report.formal_consent_on,
            "hr_referred_on": report.hr_referred_on,
            "closed_on": report.closed_on,
            "closure_reason": report.closure_reason,
            "case": {"id": report.case.pk, "reference": report.case.reference}
            if report.case_id else None,
            "involved": s.InvolvedPersonSerializer(file.involved, many=True).data,
            "repeat_respondent_flags": s.RepeatFlagSerializer(file.flags, many=True).data,
            "deadlines": s.ReportDeadlineSerializer(file.deadlines, many=True).data,
            "messages": s.StaffMessageSerializer(file.messages, many=True).data,
            "notes": s.NoteSerializer(file.notes, many=True).data,
            "appointments": s.AppointmentSerializer(file.appointments, many=True).data,
            "support_actions": s.SupportActionSerializer(file.support_actions, many=True).data,
            "risk_assessment_requests": s.ReportRiskRequestSerializer(
                file.risk_requests, many=True).data,
            "evidence": s.ReportEvidenceSerializer(file.evidence, many=True,
                                                   context=context).data,
            "available_actions": AvailableActionSerializer(report_offers(ReportState(
                report, self.membership, self.request.user)), many=True).data,
        }


# -- staff: one endpoint per service -----------------------------------------------------------
def action_schema(operation_id: str, service, request, created=None, **extra):
    response = {201: created} if created is not None else {200: s.ReportRowSerializer}
    return extend_schema(operation_id=operation_id, tags=STAFF, request=request,
                         description=inspect.getdoc(service),
                         responses={**response, **ERRORS}, **extra)


class ReportActionView(ReportAPIView):
    """POST one casework action: check the body's shape (``body``), call one service
    (``perform``), answer the report as a queue row, or with ``result`` the object the service
    created (201). The service enforces the action's policy (reporting/policies.py)."""

    body: type
    result: type | None = None

    def post(self, request, institution_slug: str, report_id: int):
        report = self.get_report()
        body = self.body(data=request.data, context=self.context())
        body.is_valid(raise_exception=True)
        made = self.perform(report, request.user, dict(body.validated_data))
        if self.result is None:
            return Response(self.answer(report, made))
        return Response(self.result(made).data, status=status.HTTP_201_CREATED)

    def perform(self, report: Report, actor, data: dict):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def answer(self, report: Report, made) -> dict:
        return self.row(report.pk)


def action(operation_id: str, service, body, *, created=None, summary: str):
    return extend_schema_view(post=action_schema(operation_id, service, body, created=created,
                                                 summary=summary))


@action("reports_assign", casework.report_assign, s.ReportAssignSerializer,
        summary="Assign a support caseworker (shares the report with them)")
class ReportAssignView(ReportActionView):
    body = s.ReportAssignSerializer

    def perform(self, report, actor, data):
        return casework.report_assign(report=report, actor=actor, assignee=data["assignee"])


@action("reports_set_status", casework.report_set_status, s.StatusSerializer,
        summary="Move the report between the working states")
class ReportStatusView(ReportActionView):
    body = s.StatusSerializer

    def perform(self, report, actor, data):
        return casework.report_set_status(report=report, actor=actor,
                                          status=data.get("status", ""))


@action("reports_set_tags", casework.report_set_tags, s.TagsSerializer,
        summary="Replace the report's tags")
class ReportTagsView(ReportActionView):
    body = s.TagsSerializer

    def perform(self, report, actor, data):
        return casework.report_set_tags(report=report, actor=actor, labels=data["labels"])


@action("reports_appointment_record", casework.appointment_record,
        s.AppointmentInputSerializer, created=s.AppointmentSerializer,
        summary="Record the initial appointment (offered, held, declined ...)")
class ReportAppointmentView(ReportActionView):
    body, result = s.AppointmentInputSerializer, s.AppointmentSerializer

    def perform(self, report, actor, data):
        return casework.appointment_record(report=report, actor=actor, **data)


@action("reports_support_action_record", casework.support_action_record,
        s.SupportActionInputSerializer, created=s.SupportActionSerializer,
        summary="Record a support action")
class ReportSupportActionView(ReportActionView):
    body, result = s.SupportActionInputSerializer, s.SupportActionSerializer

    def perform(self, report, actor, data):
        return casework.support_action_record(
            report=report, actor=actor, kind=data.get("kind", ""), detail=data["detail"],
            service_id=data.get("service"), done_on=data.get("done_on"))


@action("reports_message_send", casework.message_send, s.MessageInputSerializer,
        created=s.StaffMessageSerializer, summary="Send a message to the reporter")
class ReportMessageView(ReportActionView):
    body, result = s.MessageInputSerializer, s.StaffMessageSerializer

    def perform(self, report, actor, data):
        return casework.message_send(report=report, actor=actor, body=data["body"],
                                     channel=data.get("channel", ""))


@action("reports_note_add", casework.note_add, s.NoteInputSerializer,
        created=s.NoteSerializer, summary="Add an internal note (staff only)")
class ReportNoteView(ReportActionView):
    body, result = s.NoteInputSerializer, s.NoteSerializer

    def perform(self, report, actor, data):
        return casework.note_add(report=report, actor=actor, body=data["body"])


@action("reports_refer_hr", casework.report_refer_hr, s.ReferHRSerializer,
        summary="Record a referral to HR (a report about a member of staff, §5)")
class ReportReferHRView(ReportActionView):
    body = s.ReferHRSerializer

    def perform(self, report, actor, data):
        return casework.report_refer_hr(report=report, actor=actor, note=data["note"])


@action("reports_refer_risk", casework.report_refer_risk, s.ReferRiskSerializer,
        created=s.ReportRiskRequestSerializer,
        summary="Ask the Harassment Management Group for a risk assessment")
class ReportReferRiskView(ReportActionView):
    body, result = s.ReferRiskSerializer, s.ReportRiskRequestSerializer

    def perform(self, report, actor, data):
        return casework.report_refer_risk(report=report, actor=actor, reason=data["reason"])


@action("reports_escalate", escalation.report_escalate, s.EscalateSerializer,
        created=s.EscalatedSerializer,
        summary="Escalate to a formal report: opens the disciplinary case")
class ReportEscalateView(ReportActionView):
    body = s.EscalateSerializer

    def perform(self, report, actor, data):
        return escalation.report_escalate(
            report=report, actor=actor, consent_given_on=data["consent_given_on"],
            respondent=dict(data["respondent"]),
            allegations=[dict(item) for item in data["allegations"]], summary=data["summary"],
            impact=data["impact"], outcome_sought=data["outcome_sought"],
            allegation_raised_on=data["allegation_raised_on"])

    def post(self, request, institution_slug: str, report_id: int):
        response = super().post(request, institution_slug, report_id)
        response.status_code = status.HTTP_201_CREATED
        return response

    def answer(self, report, case) -> dict:
        return {"case": {"id": case.pk, "reference": case.reference},
                "report": self.row(report.pk)}


@action("reports_close", casework.report_close, s.CloseSerializer, summary="Close the report")
class ReportCloseView(ReportActionView):
    body = s.CloseSerializer

    def perform(self, report, actor, data):
        return casework.report_close(report=report, actor=actor, reason=data["reason"])


# -- staff: evidence ---------------------------------------------------------------------------
class ReportEvidenceDownloadView(ReportAPIView):
    access_what = "report evidence"

    @extend_schema(operation_id="reports_evidence_download", tags=STAFF,
                   summary="Download a file the reporter gave (decrypted; audited)",
                   responses={(200, "application/octet-stream"): OpenApiResponse(
                       OpenApiTypes.BINARY, description="The file as uploaded."),
                       404: ErrorSerializer})
    def get(self, request, institution_slug: str, report_id: int, evidence_id: int):
        report = self.get_report()
        evidence = ReportEvidence.objects.for_institution(self.institution).filter(
            report=report, pk=evidence_id).first()
        if evidence is None:
            raise exceptions.NotFound()
        data = report_evidence_open(evidence=evidence, actor=request.user)
        name = evidence_download_name(
            evidence, custodian=can_see_identity(membership=self.membership))
        return attachment(data, evidence.content_type, name)
