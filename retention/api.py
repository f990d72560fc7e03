"""The retention API, under /api/v1/<institution_slug>/retention/ (issue 14 item 5): the
records due for deletion soon, and legal holds (list, place, release). For the data protection
officers and the institution admin; anyone else: 403, another institution: 404."""

from __future__ import annotations

import inspect

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin, QueuePagination

from . import serializers as s
from .forms import record_for_reference
from .roles import KEEPERS
from .selectors import access_hold, due_for_deletion, legal_holds
from .services import legal_hold_place, legal_hold_release

TAGS = ["retention"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class RetentionView(InstitutionScopedMixin, APIView):
    required_roles = KEEPERS

    def body(self, serializer_class, request) -> dict:
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)


class DueView(RetentionView):
    @extend_schema(operation_id="retention_due", tags=TAGS,
                   summary="Records due for deletion within the reminder days (30)",
                   description=inspect.getdoc(due_for_deletion),
                   responses={200: s.RetentionDuePageSerializer, **ERRORS})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(
            due_for_deletion(institution=self.institution, today=timezone.localdate()),
            request, view=self)
        return paginator.get_paginated_response(
            s.RetentionDueRecordSerializer(page, many=True).data)


class HoldListView(RetentionView):
    @extend_schema(operation_id="retention_legal_holds", tags=TAGS, summary="Legal holds",
                   responses={200: s.LegalHoldPageSerializer, **ERRORS})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(legal_holds(institution=self.institution),
                                           request, view=self)
        return paginator.get_paginated_response(s.LegalHoldSerializer(page, many=True).data)

    @extend_schema(operation_id="retention_legal_hold_place", tags=TAGS,
                   summary="Place a legal hold on a case or a report",
                   description=inspect.getdoc(legal_hold_place),
                   request=s.LegalHoldPlaceSerializer,
                   responses={201: s.LegalHoldSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        data = self.body(s.LegalHoldPlaceSerializer, request)
        record = record_for_reference(institution=self.institution,
                                      reference=data["reference"])
        hold = legal_hold_place(institution=self.institution, actor=request.user,
                                matter=data["matter"], reason=data["reason"], **record)
        hold = access_hold(institution=self.institution, hold_id=hold.pk)
        return Response(s.LegalHoldSerializer(hold).data, status=status.HTTP_201_CREATED)


class HoldReleaseView(RetentionView):
    @extend_schema(operation_id="retention_legal_hold_release", tags=TAGS,
                   summary="Release a legal hold", description=inspect.getdoc(
                       legal_hold_release),
                   request=s.LegalHoldReleaseSerializer,
                   responses={200: s.LegalHoldSerializer, **ERRORS})
    def post(self, request, institution_slug: str, hold_id: int):
        hold = access_hold(institution=self.institution, hold_id=hold_id)
        data = self.body(s.LegalHoldReleaseSerializer, request)
        legal_hold_release(hold=hold, actor=request.user, reason=data["reason"])
        hold = access_hold(institution=self.institution, hold_id=hold_id)
        return Response(s.LegalHoldSerializer(hold).data)
