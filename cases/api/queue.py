"""The queue, opening a case, and the case file."""

from __future__ import annotations

import inspect

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from accounts.roles import Role
from institutions.selectors import deadlines_for
from web.api import ErrorSerializer

from .. import serializers as s
from ..policies import CaseState
from ..selectors import (
    QueueFilters,
    case_assignments,
    case_history,
    case_queue,
    previous_proven_misconduct,
)
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
