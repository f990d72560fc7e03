"""The case API, under /api/v1/<institution_slug>/cases/.

* Every endpoint that names a case loads it through ``cases.permissions.access_case``: a case
  the caller may not see answers the same 404 as one that does not exist, before any role
  check, and the read is audited.
* Every transition calls exactly one service, which decides who may act and whether the case
  may move. Its refusals keep one mapping:
  - ``ValidationError`` -> 400 ``invalid``, field errors under ``errors`` (web/api.py);
  - ``PermissionDenied`` -> 403 with the service's message, in the institution's own words;
  - ``TransitionError`` -> **409 ``transition_refused``**, the message as ``detail``. The
    request was well formed and the caller may act, but the procedure refuses the change in
    the case's present state (wrong stage, paused, window still open, beyond the decider's
    power): a conflict with the resource, which a client tells apart from a malformed body.
* A transition answers the case summary (200), or ``{"case": summary, "<thing>": ...}`` with
  the object the service created (201) or changed (200).
"""

from __future__ import annotations

import inspect

from django.utils import timezone
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import APIView

from institutions.calendar import WorkingCalendar
from web.api import ErrorSerializer, InstitutionScopedMixin

from .. import serializers as s
from ..models import Appeal, Case
from ..permissions import access_case
from ..procedure_text import procedure_words
from ..selectors import (
    Clock,
    QueueFilters,
    case_queue,
    clock_of,
    deadline_status_of,
)
from ..services.common import TransitionError

TAGS = ["cases"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
          409: ErrorSerializer}


class TransitionRefused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "transition_refused"
    default_detail = "The case cannot make this change now."


# -- the case summary --------------------------------------------------------------------------
def with_deadline_status(cases, institution):
    """Set ``deadline_status`` on rows annotated by case_queue ("due soon": within two
    working days, as the queue's filter counts it)."""
    today = timezone.localdate()
    soon = WorkingCalendar(institution).add_working_days(today, 2).date
    for case in cases:
        case.deadline_status = deadline_status_of(case, today=today, soon=soon)
        case.clock = clock_of(case, today=today, soon=soon)
        case.clock_label = Clock.LABELS[case.clock]
    return cases


#: The endpoint of each transition, by key (cases/transitions.py); cases/api_urls.py routes
#: them.
ENDPOINTS: dict[str, type] = {}


def _in_words(data, words):
    """A refusal's messages (written in 002's words) in the institution's."""
    if words.cites_paragraphs:
        return data
    if isinstance(data, dict):
        return {key: _in_words(value, words) for key, value in data.items()}
    if isinstance(data, list):
        return [_in_words(value, words) for value in data]
    if isinstance(data, ErrorDetail):
        return ErrorDetail(words.say(data), code=data.code)
    return words.say(data) if isinstance(data, str) else data


class CaseAPIView(InstitutionScopedMixin, APIView):
    """Base of every case endpoint. One that sets ``transition`` is that transition's."""

    access_what = "case file"
    transition = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.transition:
            ENDPOINTS[cls.transition] = cls

    def handle_exception(self, exc):
        if isinstance(exc, TransitionError):
            exc = TransitionRefused(str(exc))
        response = super().handle_exception(exc)
        institution = getattr(self, "institution", None)
        if institution is not None and response.status_code in (400, 403, 409):
            response.data = _in_words(response.data, procedure_words(institution))
        return response

    def get_case(self) -> Case:
        case, _ = access_case(user=self.request.user, institution=self.institution,
                              case_id=self.kwargs["case_id"], what=self.access_what,
                              membership=self.membership)
        return case

    def summary_case(self, case_id: int) -> Case:
        """The case as it is now, with the queue's next-deadline annotations."""
        row = case_queue(membership=self.membership, filters=QueueFilters()).filter(
            pk=case_id).first()
        if row is None:  # the caller no longer sees it (their own appointment ended)
            row = Case.objects.for_institution(self.institution).select_related(
                "respondent").get(pk=case_id)
            row.next_due, row.next_purpose, row.is_overdue = None, None, False
        row.institution = self.institution
        return with_deadline_status([row], self.institution)[0]

    def summary(self, case_id: int) -> dict:
        return s.CaseSummarySerializer(self.summary_case(case_id),
                                       context={"institution": self.institution}).data

    def context(self, case: Case) -> dict:
        return {"request": self.request, "case": case, "institution": self.institution}


# -- transitions -------------------------------------------------------------------------------
class CaseActionView(CaseAPIView):
    """POST one transition: check the body's shape, call one service (``perform``), answer.

    ``result_key`` names the object ``perform`` returns in the answer; without it the answer
    is the case summary alone."""

    body: type | None = None
    result_key = ""
    result_serializer: type | None = None
    created = False

    def post(self, request, institution_slug: str, case_id: int, **kwargs):
        case = self.get_case()
        self.target = self.get_target(case)  # an appeal or letter in the URL: 404 first
        data = {}
        if self.body is not None:
            body = self.body(data=request.data, context=self.context(case))
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        result = self.perform(case, request.user, data)
        answer = self.summary(case.pk)
        if self.result_key:
            many = isinstance(result, list)
            answer = {"case": answer, self.result_key: self.result_serializer(
                result, many=many, context=self.context(case)).data}
        return Response(answer, status=status.HTTP_201_CREATED if self.created
                        else status.HTTP_200_OK)

    def perform(self, case: Case, actor, data: dict):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def get_target(self, case: Case):
        return None


class AppealActionView(CaseActionView):
    def get_target(self, case: Case) -> Appeal:
        appeal = Appeal.objects.for_institution(self.institution).filter(
            case=case, pk=self.kwargs["appeal_id"]).select_related("case").first()
        if appeal is None:
            raise exceptions.NotFound()
        return appeal


def action(operation_id: str, body, response, *, service, code: int = 200, summary: str = ""):
    """The OpenAPI description of a transition endpoint; the service's docstring, which
    states the rules it enforces, is the operation's description."""
    return extend_schema_view(post=extend_schema(
        operation_id=operation_id, tags=TAGS, summary=summary, request=body,
        description=inspect.getdoc(service) or summary, responses={code: response, **ERRORS}))
