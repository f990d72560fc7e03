"""The queue, opening a matter, the matter itself, and security's list of measures in force.

Opening a matter with no case finds or records the student through the cases app's own
service, which cases registers with precautionary (precautionary/services/students.py)."""

from __future__ import annotations

import inspect

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.roles import Role
from core.exports import export_format
from institutions.selectors import deadlines_for
from web.api import (
    EXPORT_PARAMETER,
    ErrorSerializer,
    QueuePagination,
    queue_responses,
)

from ..exports import matter_queue_export
from ..models import (
    Appeal,
    Breach,
    Decision,
    Matter,
    MatterMember,
    Measure,
    ProtectedPerson,
    Review,
    RiskAssessment,
    RiskAssessmentRequest,
    Share,
)
from ..policies import state_for
from ..roles import SECURITY
from ..selectors import (
    MatterFilters,
    matter_letters,
    matter_queue,
    measures_for_security,
    security_row,
)
from ..serializers import inputs as i
from ..serializers import outputs as o
from ..services.letters import NOT_A_FINDING
from ..services.matters import matter_open, matter_open_from_request
from ..services.students import matter_student_find_or_record
from .base import ERRORS, TAGS, MatterAPIView, sees_reasons
from .offers import offers

#: ``cases.Case``, reached through the matter (precautionary sits below cases).
Case = Matter._meta.get_field("case").related_model


def queue_filters(data: dict) -> MatterFilters:
    """The API's query parameters (``due_for_review``) as the shared queue's filters."""
    data = dict(data)
    data["review_due"] = data.pop("due_for_review", False)
    return MatterFilters(**data)

class MatterListView(MatterAPIView):
    """The queue (the matters the caller may see) and opening a matter."""

    @extend_schema(
        operation_id="precautionary_queue", tags=TAGS,
        summary="The queue: the matters you may see, soonest deadline first",
        description="The convener sees every matter of the institution; anyone else only the "
        "matters they are convened on. Filter by stage, due for review, appeal pending, a "
        "type of measure in force, or search by reference or student ID. 25 a page.",
        parameters=[i.MatterQueueFilterSerializer,
                    OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
                    EXPORT_PARAMETER],
        responses=queue_responses(o.MatterQueuePageSerializer))
    def get(self, request, institution_slug: str):
        params = i.MatterQueueFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = queue_filters(params.validated_data)
        matters = matter_queue(membership=self.membership, filters=filters)
        if fmt := export_format(request):
            return matter_queue_export(membership=self.membership, actor=request.user,
                                       matters=matters, filters=filters, fmt=fmt,
                                       today=timezone.localdate())
        paginator = QueuePagination()
        page = paginator.paginate_queryset(matters, request, view=self)
        return paginator.get_paginated_response(
            o.MatterSummarySerializer(page, many=True).data)

    @extend_schema(operation_id="precautionary_open", tags=TAGS, request=i.MatterOpenSerializer,
                   summary="Open a precautionary matter (§19: at any stage)",
                   description=inspect.getdoc(matter_open) + "\n\n"
                   + (inspect.getdoc(matter_open_from_request) or ""),
                   responses={201: o.MatterSummarySerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        body = i.MatterOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with transaction.atomic():  # a student recorded for a refused matter is not kept
            matter = self._open(request.user, data)
        return Response(self.summary(matter.pk), status=status.HTTP_201_CREATED)

    def _open(self, actor, data) -> Matter:
        case = request = None
        if data.get("case_id"):
            case = Case.objects.for_institution(self.institution).select_related(
                "respondent").filter(pk=data["case_id"]).first()
            if case is None:
                raise ValidationError({"case_id": "Choose a case of this institution."})
        if data.get("request_id"):
            request = RiskAssessmentRequest.objects.for_institution(self.institution) \
                .select_related("case__respondent").filter(pk=data["request_id"]).first()
            if request is None:
                raise ValidationError({"request_id": "Choose a request for a risk assessment "
                                                     "of this institution."})
        student = self._student(actor, data.get("student"),
                                case or (request.case if request else None))
        grounds = data.get("grounds") or []
        if request is not None:
            return matter_open_from_request(request=request, actor=actor, student=student,
                                            grounds=grounds)
        return matter_open(institution=self.institution, actor=actor, student=student,
                           reason=data.get("reason", ""), grounds=grounds, case=case)

    def _student(self, actor, given, case):
        if not given:
            if case is not None:
                return case.respondent
            raise ValidationError({"student": "Name the student the matter concerns."})
        try:
            student = matter_student_find_or_record(institution=self.institution, actor=actor,
                                                    **given)
        except ValidationError as error:
            raise ValidationError({f"student.{k}": v for k, v in error.message_dict.items()}
                                  ) from None
        if case is not None and case.respondent_id != student.pk:
            raise ValidationError({"student": "The case concerns another student."})
        return student


class MatterDetailView(MatterAPIView):
    @extend_schema(
        operation_id="precautionary_retrieve", tags=TAGS, summary="The matter",
        description="The risk assessment, the reasons of decisions and reviews and the "
        "referral's reason are shown to the group's chair and members and to the appeal "
        "reviewer only. ``available_actions`` lists what the caller can do now, and what is "
        "theirs but refused for now, with the reason.",
        responses={200: o.MatterDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, matter_id: int):
        matter = self.get_matter()
        row = self.summary_matter(matter.pk)
        inst = self.institution
        rows = {"matter": matter}
        row.member_list = list(MatterMember.objects.for_institution(inst).filter(**rows)
                               .select_related("user"))
        row.protected_list = list(ProtectedPerson.objects.for_institution(inst).filter(**rows))
        context = self.context(matter)
        row.assessment_list = list(RiskAssessment.objects.for_institution(inst).filter(**rows)) \
            if context["sees_reasons"] else []
        row.decision_list = list(Decision.objects.for_institution(inst).filter(**rows))
        row.measure_list = list(Measure.objects.for_institution(inst).filter(**rows)
                                .select_related("measure_type").prefetch_related("protected"))
        row.appeal_list = list(Appeal.objects.for_institution(inst).filter(**rows))
        row.review_list = list(Review.objects.for_institution(inst).filter(**rows))
        row.share_list = list(Share.objects.for_institution(inst).filter(**rows))
        row.breach_list = list(Breach.objects.for_institution(inst).filter(**rows))
        row.deadline_list = deadlines_for(institution=inst, subject=matter)
        row.letter_list = list(matter_letters(matter))
        row.not_a_finding = NOT_A_FINDING
        row.sees_reasons = context["sees_reasons"]
        row.available_actions = offers(state_for(matter=matter, actor=request.user))
        return Response(o.MatterDetailSerializer(row, context=context).data)


class SecurityMeasuresView(MatterAPIView):
    """Security's enforcement list (§22 need-to-know)."""

    required_roles = (SECURITY, Role.DECISION_MAKER)

    @extend_schema(
        operation_id="precautionary_active_measures", tags=TAGS,
        summary="Measures in force shared with security (for enforcement)",
        description="For security staff: the student's name and ID, the measure, its scope "
        "and until when, for each measure in force that was shared with security. No "
        "reasons, no allegation, no risk assessment, no photograph.",
        responses={200: o.SecurityMeasureSerializer(many=True), 403: ErrorSerializer,
                   404: ErrorSerializer})
    def get(self, request, institution_slug: str):
        rows = [security_row(m) for m in measures_for_security(self.institution)]
        return Response(o.SecurityMeasureSerializer(rows, many=True).data)


__all__ = ["MatterDetailView", "MatterListView", "SecurityMeasuresView", "sees_reasons"]
