"""Resolve the institution named in the URL (``<institution_slug>``) once per request."""

from __future__ import annotations

from .context import _current_institution_id
from .selectors import institution_get


class InstitutionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.institution = None
        token = _current_institution_id.set(None)
        try:
            return self.get_response(request)
        finally:
            _current_institution_id.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("institution_slug")
        if slug is None:
            return None
        request.institution = institution_get(slug=slug)  # 404 for unknown or inactive
        _current_institution_id.set(request.institution.pk)
        return None
