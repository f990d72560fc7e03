"""``Cache-Control: no-store`` on everything the application answers (issue 14 §4): staff
pages, every API answer and the public pages that show a report's material are never kept by a
browser or a shared cache. A response that set its own Cache-Control keeps it (Django's
``never_cache`` pages already say no-store; a per-institution stylesheet may be cached), and
static files are served by WhiteNoise / the static files handler before this runs, or skipped
here by their prefix."""

from __future__ import annotations

from django.conf import settings


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        static = settings.STATIC_URL or ""
        self.static_prefix = static if static.startswith("/") else "/" + static

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and not request.path.startswith(
                self.static_prefix):
            response["Cache-Control"] = "no-store"
        return response
