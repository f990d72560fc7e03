"""Declarations in the API: a member of staff's own (list, declare), the HR partners' list of
every declaration, one declaration with its ``available_actions``, and its actions (review,
end)."""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.permissions import require_route_role
from web.api import ErrorSerializer, QueuePagination

from .. import serializers as s
from ..actions import offers
from ..policies import DECLARATION_READERS
from ..selectors import (
    DeclarationFilters,
    access_declaration,
    declaration_queue,
    my_declarations,
)
from ..services import declarations as services
from .base import ERRORS, TAGS, GovernanceView, RowActionView, endpoint


class DeclarationLoader:
    def load(self, request, *, declaration_id, **kwargs):
        declaration, _ = access_declaration(user=request.user, institution=self.institution,
                                            declaration_id=declaration_id,
                                            membership=self.membership)
        return declaration

    def answer(self, request, declaration) -> dict:
        return s.DeclarationDetailSerializer(declaration, context={
            "offers": offers(self.who(request), declaration)}).data


class MyDeclarationsView(DeclarationLoader, GovernanceView):
    @extend_schema(operation_id="governance_declarations_mine", tags=TAGS,
                   summary="Your own relationship declarations",
                   responses={200: s.MyDeclarationPageSerializer})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(my_declarations(self.membership), request, view=self)
        return paginator.get_paginated_response(s.MyDeclarationSerializer(page, many=True).data)

    @extend_schema(operation_id="governance_declare", tags=TAGS,
                   summary="Declare a personal relationship (000 §8)",
                   description=inspect.getdoc(services.relationship_declare),
                   request=s.DeclarationBodySerializer,
                   responses={201: s.DeclarationDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        declaration = services.relationship_declare(
            institution=self.institution, actor=request.user,
            **self.body(s.DeclarationBodySerializer, request))
        return Response(self.answer(request, self.load(request, declaration_id=declaration.pk)),
                        status=status.HTTP_201_CREATED)


class DeclarationQueueView(GovernanceView):
    @extend_schema(operation_id="governance_declarations", tags=TAGS,
                   summary="Every declaration (HR partners, the institution admin)",
                   responses={200: s.DeclarationPageSerializer, 403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        require_route_role(self.membership, DECLARATION_READERS, self.kwargs)
        q = request.query_params
        filters = DeclarationFilters(status=q.get("status", ""),
                                     prohibited=q.get("prohibited") == "true")
        paginator = QueuePagination()
        page = paginator.paginate_queryset(
            declaration_queue(institution=self.institution, filters=filters), request,
            view=self)
        return paginator.get_paginated_response(
            s.DeclarationSummarySerializer(page, many=True).data)


class DeclarationDetailView(DeclarationLoader, GovernanceView):
    @extend_schema(operation_id="governance_declaration", tags=TAGS,
                   responses={200: s.DeclarationDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, declaration_id: int):
        return Response(self.answer(request, self.load(request,
                                                       declaration_id=declaration_id)))


class DeclarationActionView(DeclarationLoader, RowActionView):
    pass


def _endpoint(key, service, body=None):
    return endpoint(DeclarationActionView, key, service, body, row_kwarg="declaration",
                    response=s.DeclarationDetailSerializer)


ENDPOINTS = {
    "declaration_review": _endpoint("declaration_review",
                                    services.relationship_declaration_review,
                                    s.DeclarationReviewSerializer),
    "declaration_end": _endpoint("declaration_end", services.relationship_declaration_end,
                                 s.DeclarationEndSerializer),
}
