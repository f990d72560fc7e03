"""The precautionary API, under /api/v1/<institution_slug>/precautionary/, in the style of the
case API (cases/api/base.py).

* Every endpoint that names a matter loads it through ``precautionary.selectors.access_matter``:
  a matter of another institution, or one the caller is not convened on, answers the same 404
  as one that does not exist, before any role check; the read is audited.
* Every transition calls exactly one service, which decides (its policy in
  precautionary/policies.py). Refusals keep the one mapping of web/api.py:
  ``ValidationError`` -> 400 ``invalid`` with field errors; ``PermissionDenied`` -> 403;
  ``PrecautionaryError`` (a DomainRefusal) -> 409 ``transition_refused``.
* A transition answers the matter summary, or ``{"matter": summary, "<thing>": ...}`` with the
  object the service created (201) or changed (200).
"""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin

from ..history import FILE_READERS
from ..models import Matter
from ..selectors import access_matter, matter_summary_row
from ..serializers import outputs as o

TAGS = ["precautionary"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}

#: The endpoint of each transition, by policy key; precautionary/api_urls.py routes them.
ENDPOINTS: dict[str, type] = {}

#: Who is shown the risk assessment, the reasons, the letters and the history (need-to-know,
#: §21-22).
SEES_REASONS = FILE_READERS


class MatterAPIView(InstitutionScopedMixin, APIView):
    """Base of every precautionary endpoint. One that sets ``transition`` is that
    transition's (its key is the policy's)."""

    transition = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.transition:
            ENDPOINTS[cls.transition] = cls

    def get_matter(self) -> Matter:
        matter, _ = access_matter(user=self.request.user, institution=self.institution,
                                  matter_id=self.kwargs["matter_id"],
                                  membership=self.membership)
        return matter

    def summary_matter(self, matter_id: int) -> Matter:
        """The matter as it is now, with the queue's annotations (it was reached through
        ``get_matter``; the caller may since have left it, ending their own appointment)."""
        return matter_summary_row(institution=self.institution, matter_id=matter_id)

    def summary(self, matter_id: int) -> dict:
        return o.MatterSummarySerializer(self.summary_matter(matter_id)).data

    def context(self, matter: Matter) -> dict:
        return {"request": self.request, "matter": matter, "institution": self.institution,
                "sees_reasons": sees_reasons(matter, self.request.user)}


def sees_reasons(matter: Matter, user) -> bool:
    return matter.members.filter(user=user, ended_at__isnull=True,
                                 role__in=SEES_REASONS).exists()


class MatterActionView(MatterAPIView):
    """POST one transition: check the body's shape, call one service (``perform``), answer."""

    body: type | None = None
    result_key = ""
    result_serializer: type | None = None
    many = False
    created = False

    def post(self, request, institution_slug: str, matter_id: int, **kwargs):
        matter = self.get_matter()
        self.target = self.get_target(matter)
        data = {}
        if self.body is not None:
            body = self.body(data=request.data, context=self.context(matter))
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        result = self.perform(matter, request.user, data)
        answer = self.summary(matter.pk)
        if self.result_key:
            assert self.result_serializer is not None  # noqa: S101 - declared with the key
            answer = {"matter": answer, self.result_key: self.result_serializer(
                result, many=self.many, context=self.context(matter)).data}
        return Response(answer, status=status.HTTP_201_CREATED if self.created
                        else status.HTTP_200_OK)

    def perform(self, matter: Matter, actor, data: dict):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def get_target(self, matter: Matter):
        return None


def not_found():
    return exceptions.NotFound()


def action(operation_id: str, body, response, *, service, code: int = 200, summary: str = ""):
    """The OpenAPI description of a transition endpoint; the service's docstring, which states
    the rules it enforces, is the operation's description."""
    return extend_schema_view(post=extend_schema(
        operation_id=operation_id, tags=TAGS, summary=summary, request=body,
        description=inspect.getdoc(service) or summary, responses={code: response, **ERRORS}))
