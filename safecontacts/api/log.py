"""A Safe Contact's own contact log through the API, under
/api/v1/<institution_slug>/safe-contacts/contact-log/: their entries only (another's is 404),
recording one, and the referral to the Harassment Management Group from one."""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import refuse
from accounts.roles import Role
from web.api import ErrorSerializer, InstitutionScopedMixin, QueuePagination

from .. import serializers as s
from ..log_policies import LogState, log_policies
from ..log_selectors import own_entry_get, own_log
from ..services.contactlog import contact_log_record, contact_log_refer
from .records import ERRORS, TAGS


class LogView(InstitutionScopedMixin, APIView):
    required_roles = (Role.SAFE_CONTACT,)

    def state(self) -> LogState:
        state = LogState(self.membership)
        if state.record is None:  # not (or no longer) a Safe Contact of the scheme: 403, or
            refusal = log_policies.refusal("log_record", state)  # 404 for an entry
            if refusal is not None and refusal.forbidden:
                refuse(refusal.message, self.kwargs)
            log_policies.enforce("log_record", state)
        return state


class LogListView(LogView):
    @extend_schema(operation_id="safecontacts_contact_log", tags=TAGS,
                   responses={200: s.ContactLogPageSerializer, 403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        state = self.state()
        paginator = QueuePagination()
        page = paginator.paginate_queryset(own_log(state.record), request, view=self)
        return paginator.get_paginated_response(
            s.ContactLogEntrySerializer(page, many=True).data)

    @extend_schema(operation_id="safecontacts_contact_log_record", tags=TAGS,
                   description=inspect.getdoc(contact_log_record), request=s.ContactLogSerializer,
                   responses={201: s.ContactLogEntrySerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        body = s.ContactLogSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        d["handed_to_id"] = d.pop("handed_to")
        d["referral"] = dict(d["referral"]) if d.get("referral") else None
        entry = contact_log_record(institution=self.institution, actor=request.user, **d)
        return Response(s.ContactLogEntrySerializer(entry).data,
                        status=status.HTTP_201_CREATED)


class LogEntryView(LogView):
    @extend_schema(operation_id="safecontacts_contact_log_entry", tags=TAGS,
                   responses={200: s.ContactLogEntrySerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, entry_id: int):
        entry = own_entry_get(record=self.state().record, entry_id=entry_id)
        return Response(s.ContactLogEntrySerializer(entry).data)


class LogReferView(LogView):
    @extend_schema(operation_id="safecontacts_contact_log_refer", tags=TAGS,
                   description=inspect.getdoc(contact_log_refer), request=s.ReferSerializer,
                   responses={201: s.ContactLogEntrySerializer, **ERRORS})
    def post(self, request, institution_slug: str, entry_id: int):
        entry = own_entry_get(record=self.state().record, entry_id=entry_id)
        body = s.ReferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contact_log_refer(entry=entry, actor=request.user, **body.validated_data)
        entry.refresh_from_db()
        return Response(s.ContactLogEntrySerializer(entry).data,
                        status=status.HTTP_201_CREATED)
