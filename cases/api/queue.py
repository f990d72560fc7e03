"""The queue, opening a case, and the case file."""

from __future__ import annotations

import inspect

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status
from rest_framework.response import Response

from accounts.roles import Role
from core.exports import export_format
from web.api import (
    EXPORT_PARAMETER,
    ErrorSerializer,
    QueuePagination,
    queue_responses,
)

from .. import serializers as s
from ..casefile import case_file, case_file_alumni_not_told, case_file_delay, case_file_state
from ..exports import case_queue_export
from ..selectors import QueueFilters, case_queue
from ..services import intake
from ..transitions import offers
from .base import (
    ERRORS,
    TAGS,
    CaseAPIView,
    with_deadline_status,
)


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
            EXPORT_PARAMETER,
        ],
        responses=queue_responses(s.CaseQueuePageSerializer))
    def get(self, request, institution_slug: str):
        params = s.CaseQueueFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = QueueFilters(**params.validated_data)
        cases = case_queue(membership=self.membership, filters=filters)
        if fmt := export_format(request):
            return case_queue_export(membership=self.membership, actor=request.user,
                                     cases=cases, filters=filters, fmt=fmt,
                                     today=timezone.localdate())
        paginator = QueuePagination()
        page = paginator.paginate_queryset(cases, request, view=self)
        rows = with_deadline_status(page, self.institution)
        return paginator.get_paginated_response(s.CaseSummarySerializer(
            rows, many=True, context={"institution": self.institution}).data)

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
        file = case_file(case=row, membership=self.membership,
                         with_previous=self.membership.has_role(Role.DECISION_MAKER))
        row.active_assignments = [a for a in file.assignments if a.ended_at is None]
        row.deadline_list = file.deadlines
        row.outcome_list = file.outcomes
        row.appeal_list = file.appeals
        row.previous_misconduct = file.previous
        row.history_list = file.history
        row.delay_status = case_file_delay(file)
        row.alumni_not_told = case_file_alumni_not_told(file)
        row.available_actions = offers(case_file_state(file, self.membership, request.user))
        return Response(s.CaseDetailSerializer(row, context=self.context(row)).data)
