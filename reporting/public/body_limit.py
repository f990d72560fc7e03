"""Refuse an oversized public request before its body is read (issue 7 §3).

Django reads a POST body only when a view (or CsrfViewMiddleware) asks for it, but then reads
it all, files to temporary files, before a form can say "too large". This middleware looks at
the declared ``Content-Length`` first and answers 413 straight away, so a 200 MB body costs
the sender the upload and the server nothing. The most a public request may carry:

* the public API's submission: ``REPORT_MAX_FILES`` files of ``EVIDENCE_MAX_BYTES`` each, and
  the follow-up API's files likewise;
* a page of the web form or the follow-up page: one file (they add files one at a time);

each plus ``PUBLIC_FORM_OVERHEAD_BYTES`` for the text fields and multipart framing. A body
without a Content-Length (chunked) is bounded by the WSGI server and Django's own
DATA_UPLOAD_MAX_MEMORY_SIZE for the non-file part.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

API_UPLOADS = re.compile(r"^/api/v1/[^/]+/public/")
WEB_PUBLIC = re.compile(r"^/[^/]+/(tell-us|follow-up)/")
OVERHEAD = 1024 * 1024


def public_body_limit(path: str) -> int | None:
    """The largest body this public path accepts, or None when it is not a public path."""
    overhead = getattr(settings, "PUBLIC_FORM_OVERHEAD_BYTES", OVERHEAD)
    if API_UPLOADS.match(path):
        return settings.REPORT_MAX_FILES * settings.EVIDENCE_MAX_BYTES + overhead
    if WEB_PUBLIC.match(path):
        return settings.EVIDENCE_MAX_BYTES + overhead
    return None


class PublicBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = public_body_limit(request.path_info)
        if limit is not None:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > limit:
                return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request, limit: int):
        mb = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
        if request.path_info.startswith("/api/"):
            detail = (f"What was sent is too large. Each file may be up to {mb} MB, and up to "
                      f"{settings.REPORT_MAX_FILES} files can be sent at once.")
            response = JsonResponse({"status": 413, "code": "too_large", "detail": detail,
                                     "errors": {}}, status=413)
        else:
            response = render(request, "reporting/public/too_large.html",
                              {"max_mb": mb}, status=413)
        response["Cache-Control"] = "no-store"
        response["Connection"] = "close"  # do not wait for the rest of the body
        return response
