"""The Safe Contact API's records, under /api/v1/<institution_slug>/safe-contacts/records/:
applying (any member of staff), the EDI office's list, one record with its
``available_actions``, and one endpoint per transition (declared in safecontacts/actions.py).
A record of another institution, or not the caller's to see, answers 404; each transition calls
one service, whose refusals map as everywhere (web/api.py): 400 with field errors, 403, 409."""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import require_route_role
from accounts.roles import Role
from web.api import ErrorSerializer, InstitutionScopedMixin, QueuePagination

from .. import serializers as s
from ..actions import ACTIONS, record_offers
from ..policies import state_for
from ..selectors import RecordFilters, access_safe_contact, record_queue
from ..services import pipeline
from ..services.application import safe_contact_apply

TAGS = ["safe contacts"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}
EDI = Role.EDI_ADMIN


def record_answer(request, record, membership) -> dict:
    state = state_for(record=record, actor=request.user)
    return s.RecordDetailSerializer(record, context={
        "is_edi": membership.has_role(EDI) and record.person_id != request.user.pk,
        "offers": record_offers(state)}).data


class RecordListView(InstitutionScopedMixin, APIView):
    @extend_schema(operation_id="safecontacts_records", tags=TAGS,
                   summary="Applications and Safe Contacts (EDI administrators)",
                   responses={200: s.RecordPageSerializer, 403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        require_route_role(self.membership, [EDI], self.kwargs)
        q = request.query_params
        filters = RecordFilters(stage=q.get("stage", ""), flagged=q.get("flagged") == "true",
                                overdue=q.get("overdue") == "true", search=q.get("q", ""))
        paginator = QueuePagination()
        page = paginator.paginate_queryset(
            record_queue(institution=self.institution, filters=filters), request, view=self)
        return paginator.get_paginated_response(s.RecordSummarySerializer(page, many=True).data)

    @extend_schema(operation_id="safecontacts_apply", tags=TAGS,
                   summary="Apply to become a Safe Contact",
                   description=inspect.getdoc(safe_contact_apply), request=s.ApplySerializer,
                   responses={201: s.RecordDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        body = s.ApplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["equality"] = dict(data.get("equality") or {})
        record = safe_contact_apply(institution=self.institution, actor=request.user, **data)
        return Response(record_answer(request, record, self.membership),
                        status=status.HTTP_201_CREATED)


class RecordDetailView(InstitutionScopedMixin, APIView):
    @extend_schema(operation_id="safecontacts_record", tags=TAGS,
                   responses={200: s.RecordDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, record_id: int):
        record, membership = access_safe_contact(user=request.user,
                                                 institution=self.institution,
                                                 record_id=record_id, membership=self.membership)
        return Response(record_answer(request, record, membership))


class RecordActionView(InstitutionScopedMixin, APIView):
    """POST one transition: check the body's shape, call one service, answer the record."""

    action = ""
    body: type | None = None

    def post(self, request, institution_slug: str, record_id: int):
        record, membership = access_safe_contact(user=request.user,
                                                 institution=self.institution,
                                                 record_id=record_id, membership=self.membership)
        data = {}
        if self.body is not None:
            body = self.body(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        record = self.perform(record, request.user, data)
        return Response(record_answer(request, record, membership))

    def perform(self, record, actor, data):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook


def _endpoint(key: str, service, body=None, **fixed):
    """The endpoint of one transition: ``service(record=, actor=, **body, **fixed)``."""

    def perform(self, record, actor, data):
        return service(record=record, actor=actor, **data, **fixed)

    view = type(f"{key.title().replace('_', '')}View", (RecordActionView,),
                {"action": key, "body": body, "perform": perform})
    return extend_schema_view(post=extend_schema(
        operation_id=f"safecontacts_{key}", tags=TAGS, summary=ACTIONS[key].label,
        description=inspect.getdoc(service), request=body,
        responses={200: s.RecordDetailSerializer, **ERRORS}))(view)


#: The endpoint of each transition, by policy key; safecontacts/api_urls.py routes them.
ENDPOINTS: dict[str, type] = {
    "chat_record": _endpoint("chat_record", pipeline.chat_record, s.ChatSerializer),
    "induction_confirm": _endpoint("induction_confirm", pipeline.induction_confirm),
    "biography_write": _endpoint("biography_write", pipeline.biography_write,
                                 s.BiographySerializer),
    "publish": _endpoint("publish", pipeline.safe_contact_publish),
    "pause": _endpoint("pause", pipeline.safe_contact_pause, s.ReasonSerializer),
    "resume": _endpoint("resume", pipeline.safe_contact_resume),
    "retire": _endpoint("retire", pipeline.safe_contact_retire, s.ReasonSerializer),
    "decline": _endpoint("decline", pipeline.application_decline, s.ReasonSerializer),
}
