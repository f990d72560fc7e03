"""The risk assessments and policies registers in the API: the lists (everything for the
governance officers and the institution admin, their own for an owner), creating a row, one row
with its ``available_actions``, and its actions."""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from web.api import ErrorSerializer, QueuePagination

from .. import serializers as s
from ..actions import offers
from ..selectors import (
    RegisterFilters,
    access_document,
    access_risk,
    document_versions,
    policy_register,
    risk_register,
)
from ..services import documents, risks
from .base import ERRORS, TAGS, GovernanceView, RowActionView, endpoint


def _filters(request) -> RegisterFilters:
    q = request.query_params
    return RegisterFilters(status=q.get("status", ""), overdue=q.get("overdue") == "true",
                           search=q.get("q", ""))


# -- risk assessments ---------------------------------------------------------------------------
class RiskLoader:
    def load(self, request, *, risk_id, **kwargs):
        risk, _ = access_risk(user=request.user, institution=self.institution, risk_id=risk_id,
                              membership=self.membership)
        return risk

    def answer(self, request, risk) -> dict:
        who = self.who(request)
        return s.RiskRegisterEntryDetailSerializer(risk, context={"offers": offers(who, risk),
                                                     "today": who.today}).data


class RiskListView(RiskLoader, GovernanceView):
    @extend_schema(operation_id="governance_risk_assessments", tags=TAGS,
                   summary="The risk assessments register (000 §6)",
                   responses={200: s.RiskRegisterEntryPageSerializer})
    def get(self, request, institution_slug: str):
        who = self.who(request)
        paginator = QueuePagination()
        page = paginator.paginate_queryset(
            risk_register(membership=self.membership, filters=_filters(request),
                          today=who.today), request, view=self)
        return paginator.get_paginated_response(
            s.RiskRegisterEntrySerializer(page, many=True, context={"today": who.today}).data)

    @extend_schema(operation_id="governance_risk_assessment_create", tags=TAGS,
                   summary="New risk assessment (a draft)",
                   description=inspect.getdoc(risks.risk_assessment_create),
                   request=s.RiskRegisterEntryBodySerializer,
                   responses={201: s.RiskRegisterEntryDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        risk = risks.risk_assessment_create(institution=self.institution, actor=request.user,
                                            **self.body(s.RiskRegisterEntryBodySerializer, request))
        return Response(self.answer(request, self.load(request, risk_id=risk.pk)),
                        status=status.HTTP_201_CREATED)


class RiskDetailView(RiskLoader, GovernanceView):
    @extend_schema(operation_id="governance_risk_assessment", tags=TAGS,
                   responses={200: s.RiskRegisterEntryDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, risk_id: int):
        return Response(self.answer(request, self.load(request, risk_id=risk_id)))


class RiskActionView(RiskLoader, RowActionView):
    pass


def _risk(key, service, body=None):
    return endpoint(RiskActionView, key, service, body, row_kwarg="risk",
                    response=s.RiskRegisterEntryDetailSerializer)


# -- policies -----------------------------------------------------------------------------------
class DocumentLoader:
    def load(self, request, *, document_id, **kwargs):
        document, _ = access_document(user=request.user, institution=self.institution,
                                      document_id=document_id, membership=self.membership)
        return document

    def answer(self, request, document) -> dict:
        who = self.who(request)
        return s.PolicyDocumentDetailSerializer(document, context={
            "offers": offers(who, document), "today": who.today,
            "versions": document_versions(document)}).data


class PolicyListView(DocumentLoader, GovernanceView):
    @extend_schema(operation_id="governance_policies", tags=TAGS,
                   summary="The policies and procedures register (000 §7)",
                   responses={200: s.PolicyDocumentPageSerializer})
    def get(self, request, institution_slug: str):
        who = self.who(request)
        paginator = QueuePagination()
        page = paginator.paginate_queryset(
            policy_register(membership=self.membership, filters=_filters(request),
                            today=who.today), request, view=self)
        return paginator.get_paginated_response(
            s.PolicyDocumentSerializer(page, many=True, context={"today": who.today}).data)

    @extend_schema(operation_id="governance_policy_create", tags=TAGS,
                   summary="Add a policy or procedure to the register",
                   description=inspect.getdoc(documents.policy_document_create),
                   request=s.PolicyDocumentBodySerializer,
                   responses={201: s.PolicyDocumentDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        document = documents.policy_document_create(
            institution=self.institution, actor=request.user,
            **self.body(s.PolicyDocumentBodySerializer, request))
        return Response(self.answer(request, self.load(request, document_id=document.pk)),
                        status=status.HTTP_201_CREATED)


class PolicyDetailView(DocumentLoader, GovernanceView):
    @extend_schema(operation_id="governance_policy", tags=TAGS,
                   responses={200: s.PolicyDocumentDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, document_id: int):
        return Response(self.answer(request, self.load(request, document_id=document_id)))


class DocumentActionView(DocumentLoader, RowActionView):
    pass


def _policy(key, service, body=None):
    return endpoint(DocumentActionView, key, service, body, row_kwarg="document",
                    response=s.PolicyDocumentDetailSerializer)


ENDPOINTS = {
    "risk_edit": _risk("risk_edit", risks.risk_assessment_update,
                       s.RiskRegisterEntryChangeSerializer),
    "risk_activate": _risk("risk_activate", risks.risk_assessment_activate),
    "risk_review": _risk("risk_review", risks.risk_assessment_review,
                         s.RiskRegisterEntryReviewSerializer),
    "risk_close": _risk("risk_close", risks.risk_assessment_close, s.ClosingReasonSerializer),
    "policy_approve": _policy("policy_approve", documents.policy_version_approve,
                              s.PolicyApproveSerializer),
    "policy_edit": _policy("policy_edit", documents.policy_document_update,
                           s.PolicyDocumentChangeSerializer),
    "policy_retire": _policy("policy_retire", documents.policy_document_retire,
                             s.ClosingReasonSerializer),
}
