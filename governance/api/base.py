"""What the governance API's views share: the person acting, and one endpoint per action on a
row (declared in governance/actions.py): check the body's shape, call one service, answer the
row as its detail endpoint does. A row of another institution, or not the caller's to see,
answers 404; the services' refusals map as everywhere (web/api.py): 400 with field errors,
403, 409."""

from __future__ import annotations

import inspect

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin

from ..actions import ACTIONS
from ..policies import GovernanceActor

TAGS = ["governance"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}


class GovernanceView(InstitutionScopedMixin, APIView):
    def who(self, request) -> GovernanceActor:
        return GovernanceActor(self.membership, request.user, timezone.localdate())

    def body(self, serializer_class, request) -> dict:
        body = serializer_class(data=request.data, context={"institution": self.institution})
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)


class RowActionView(GovernanceView):
    """POST one action on a row: subclasses get ``load``, ``answer`` and ``perform``."""

    body_class: type | None = None

    def load(self, request, **kwargs):
        raise TypeError(f"{type(self).__name__} must define load()")  # abstract hook

    def answer(self, request, row) -> dict:
        raise TypeError(f"{type(self).__name__} must define answer()")  # abstract hook

    def perform(self, row, actor, data):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def post(self, request, institution_slug: str, **kwargs):
        row = self.load(request, **kwargs)
        data = self.body(self.body_class, request) if self.body_class is not None else {}
        self.perform(row, request.user, data)
        return Response(self.answer(request, self.load(request, **kwargs)))


def endpoint(base: type, key: str, service, body=None, *, row_kwarg: str, response,
             adapt=None) -> type:
    """The endpoint of one action: ``service(<row_kwarg>=row, actor=, **body)``; ``adapt``
    may reshape the body first."""

    def perform(self, row, actor, data):
        values = adapt(row, data) if adapt is not None else data
        return service(**{row_kwarg: row}, actor=actor, **values)

    view = type(f"{key.title().replace('_', '')}Endpoint", (base,),
                {"body_class": body, "perform": perform})
    return extend_schema_view(post=extend_schema(
        operation_id=f"governance_{key}", tags=TAGS, summary=ACTIONS[key][1].label,
        description=inspect.getdoc(service), request=body,
        responses={200: response, **ERRORS}))(view)
