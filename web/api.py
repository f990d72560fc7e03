"""Shared REST API pieces: the institution-scoped base view and one error format.

Every error answers ``{"status": 400, "code": "invalid", "detail": "...", "errors": {...}}``;
``errors`` holds field errors (field name -> list of messages) for validation failures.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.models import User
from accounts.permissions import (
    SignedInElsewhere,
    access_institution,
    refuse_other_institution,
    require_route_role,
)
from core.errors import DomainRefusal
from core.exports import FORMATS, MAX_EXPORT_ROWS, XLSX_TYPE
from core.pagination import QueuePaginator


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class QueuePagination(PageNumberPagination):
    """The API's pages of a queue: the keys first, then the rows (core.pagination)."""

    django_paginator_class = QueuePaginator


class Refused(exceptions.APIException):
    """A :class:`core.errors.DomainRefusal` no view caught: 409, never 500."""

    status_code = 409
    default_code = "transition_refused"
    default_detail = "This change cannot be made now."


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DomainRefusal):
        exc = Refused(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {
            "non_field_errors": response.data
        }
        detail = "Some of what was sent is not valid; see errors."
        code = "invalid"
    else:
        errors = {}
        detail = str(exc.detail) if hasattr(exc, "detail") else str(exc)
        code = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        if not isinstance(code, str):
            code = "error"
    response.data = {
        "status": response.status_code,
        "code": code,
        "detail": detail,
        "errors": _flatten(errors),
    }
    return response


def _flatten(errors):
    """Nested serializer errors become dotted names: {"parties.0.email": ["..."]}."""
    flat = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
            for index, sub in enumerate(value):
                if sub:
                    walk(f"{prefix}.{index}", sub)
        else:
            flat[prefix or "non_field_errors"] = [str(v) for v in
                                                  (value if isinstance(value, list) else [value])]

    walk("", errors)
    return flat


class OtherInstitutionSession(exceptions.PermissionDenied):
    """403 ``sso_other_institution``: a session opened by another institution's single
    sign-on (issue 14 §1)."""

    default_code = SignedInElsewhere.code


class InstitutionScopedMixin:
    """For views under ``/api/v1/<institution_slug>/``: resolves the caller's membership or
    answers 404, then checks ``required_roles`` (any of them; empty means any member: 403, or
    404 when the URL names an object, ``accounts.permissions.require_route_role``). A
    session (not a token) opened by another institution's single sign-on answers 403
    ``sso_other_institution`` (``accounts.permissions.refuse_other_institution``)."""

    required_roles: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.institution = request.institution
        if isinstance(request.successful_authenticator, SessionAuthentication):
            try:
                refuse_other_institution(request._request, self.institution)
            except SignedInElsewhere as refusal:
                raise OtherInstitutionSession(str(refusal)) from refusal
        self.membership = access_institution(user=request.user, institution=self.institution)
        require_route_role(self.membership, self.required_roles, kwargs)


def error_responses_hook(result, generator, request, public):
    """drf-spectacular postprocessing: every operation documents the error format for the
    statuses it does not list (``default``: 405, 413, 500 ...), and every operation that
    needs an account documents 401 (no or a bad token)."""
    error = {"description": "An error, in the one error format.",
             "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/Error"}}}}
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "Error", _error_component())
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if any(requirement for requirement in operation.get("security", [{}])):
                responses.setdefault("401", {**error, "description": "Not signed in."})
            responses.setdefault("default", error)
    return result


def _error_component() -> dict:
    return {"type": "object", "required": ["status", "code", "detail", "errors"],
            "properties": {
                "status": {"type": "integer"}, "code": {"type": "string"},
                "detail": {"type": "string"},
                "errors": {"type": "object", "additionalProperties": {
                    "type": "array", "items": {"type": "string"}}}}}


class RowIdField(serializers.IntegerField):
    """A row id given as input: 1 to the largest BigAutoField, so a larger number is a field
    error and never reaches the database (where it overflows: a 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.INT)
class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id, accepted only for an active member of the institution in the URL (so a
    request cannot name, and a message cannot leak, anyone from another institution). The
    serializer's context carries ``institution``."""

    default_error_messages = {
        "does_not_exist": "Choose a member of staff of this institution.",
        "incorrect_type": "Give the user's id (a number).",
    }

    def get_queryset(self):
        institution = self.context["institution"]
        return User.objects.filter(memberships__institution=institution,
                                   memberships__is_active=True, is_active=True)


class AvailableActionSerializer(serializers.Serializer):
    """One action on a case or report as offered to the caller (core/policies.py): allowed,
    or theirs but refused for now with the reason (training lapsed, a conflict of interest,
    the case paused, a window still open). Actions that are not the caller's, or not at this
    stage, are not listed."""

    key = serializers.CharField(help_text="The transition's key (its policy's).")
    label = serializers.CharField()
    paragraph = serializers.CharField(source="hint", help_text="Where the procedure says so.")
    allowed = serializers.BooleanField()
    refusal = serializers.CharField(help_text="Why it is refused now; empty when allowed.")
    object_id = serializers.IntegerField(allow_null=True, help_text=(
        "For an action on a row of the case (an appeal, an objection, an appointment)."))
    api_url = serializers.CharField(help_text="Where to POST it.")
    url = serializers.CharField(help_text="Its page.")


class FileRenderer(BaseRenderer):
    """Lets a download answer whatever the client accepts; the view returns the file itself,
    and errors are rendered as JSON (:class:`FileDownloadMixin`)."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class FileDownloadMixin:
    """For an endpoint that answers a file (core.downloads.attachment): its errors stay JSON."""

    renderer_classes = [JSONRenderer, FileRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):  # an error: always JSON
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


#: ``?export=csv|xlsx`` on a queue endpoint: the whole filtered queue as a file (issue 13).
EXPORT_PARAMETER = OpenApiParameter(
    "export", OpenApiTypes.STR, enum=list(FORMATS),
    description=f"csv or xlsx: the whole filtered queue as a spreadsheet (at most "
    f"{MAX_EXPORT_ROWS:,} rows) instead of a page of JSON. Only for the roles that oversee the "
    "whole queue (403 for others); every export is audited.")


def queue_responses(page_serializer) -> dict:
    """A queue endpoint's answers: a page of JSON, or with ``?export=`` the file."""
    return {(200, "application/json"): page_serializer, (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX_TYPE): OpenApiTypes.BINARY, 400: ErrorSerializer,
            403: ErrorSerializer, 404: ErrorSerializer}
