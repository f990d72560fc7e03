"""The training API, under /api/v1/<institution_slug>/training/, for the institution's
training administrators (and its institution admins).

* Every endpoint checks the caller's role first (403 for anyone else); a record of another
  institution answers the same 404 as one that does not exist (training.permissions).
* Every write calls one service, which decides (training/policies.py). Refusals keep the one
  mapping of web/api.py: ``ValidationError`` -> 400 ``invalid`` with field errors;
  ``PermissionDenied`` -> 403; ``TrainingError`` -> 409 ``transition_refused``.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin, QueuePagination

from ..policies import MANAGERS

TAGS = ["training"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}


_PAGES: dict[type, type] = {}


def page_of(serializer_class: type[serializers.Serializer]) -> type:
    """The schema of a page of ``serializer_class``: what :meth:`TrainingAPIView.page`
    answers (web.api.QueuePagination's keys, then the rows)."""
    if serializer_class not in _PAGES:
        name = serializer_class.__name__.removesuffix("Serializer")
        _PAGES[serializer_class] = type(f"{name}ListPageSerializer", (serializers.Serializer,), {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True)})
    return _PAGES[serializer_class]


class TrainingAPIView(InstitutionScopedMixin, APIView):
    required_roles = MANAGERS

    def context(self) -> dict:
        return {"request": self.request, "institution": self.institution}

    def body(self, serializer_class, *, partial: bool = False) -> dict:
        body = serializer_class(data=self.request.data, partial=partial,
                                context=self.context())
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def page(self, queryset, serializer_class):
        paginator = QueuePagination()
        rows = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(
            serializer_class(rows, many=True, context=self.context()).data)
