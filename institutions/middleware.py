"""Resolve the institution named in the URL (``<institution_slug>``) once per request."""

from __future__ import annotations

from django.http import Http404, JsonResponse

from core.rls import institution_setting, streamed_in
from core.tenancy.context import _current_institution_id

from .selectors import institution_get


class InstitutionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.institution = None
        token = _current_institution_id.set(None)
        try:
            # Every transaction of the request starts with its institution's row-level
            # security setting (SET LOCAL, core/rls/), once process_view has named it.
            with institution_setting():
                response = self.get_response(request)
        finally:
            _current_institution_id.reset(token)
        if request.institution is not None and response.streaming:
            # A streamed body (a CSV export) reads its rows after this returns.
            response.streaming_content = streamed_in(request.institution.pk,
                                                     response.streaming_content)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("institution_slug")
        if slug is None:
            return None
        try:
            request.institution = institution_get(slug=slug)  # 404 for unknown or inactive
        except Http404:
            if _is_api_view(view_func):
                # The API answers every error in one format (web.api), this one too.
                return JsonResponse(
                    {"status": 404, "code": "not_found", "detail": "Not found.", "errors": {}},
                    status=404,
                )
            raise
        _current_institution_id.set(request.institution.pk)
        return None


def _is_api_view(view_func) -> bool:
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)
