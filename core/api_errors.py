"""Every response under /api/ is JSON in the one error format (web/api.py).

DRF's exception handler covers errors raised inside an API view. Everything else answers
before or after a view runs, in Django's HTML: an unknown URL (404), a method a plain view
does not take, Django's CSRF refusal, a body over DATA_UPLOAD_MAX_MEMORY_SIZE (400/413), and
an unhandled exception (500). This middleware sits outermost and rewrites any non-JSON error
response of an /api/ path into the error format, so a client never has to parse HTML.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse

API_PREFIX = "/api/"

#: The ``code`` each status gets when no view named one (DRF's own codes where it has them).
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}
DETAILS = {
    400: "The request could not be read.",
    403: "You may not do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    413: "The request is too large.",
    500: "Something went wrong on our side; nothing was changed by this request.",
}


def error_body(status: int, *, code: str | None = None, detail: str | None = None) -> dict:
    """The error format's body for a status that no API view answered."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return {"status": status, "code": code or CODES.get(status, "error"),
            "detail": detail or DETAILS.get(status, phrase + "."), "errors": {}}


def is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


class APIJSONErrorsMiddleware:
    """Rewrites non-JSON error responses of /api/ paths into the error format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not request.path.startswith(API_PREFIX) or response.status_code < 400
                or is_json(response)):
            return response
        code = "csrf_failed" if getattr(response, "csrf_failure", False) else None
        detail = ("CSRF check failed; send the X-CSRFToken header with a session, or use "
                  "a token." if code else None)
        json_response = JsonResponse(error_body(response.status_code, code=code, detail=detail),
                                     status=response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
            if header in response:
                json_response[header] = response[header]
        return json_response


def csrf_failure(request, reason: str = ""):
    """Django's CSRF refusal, marked so the middleware above names it under /api/."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    response = django_csrf_failure(request, reason=reason)
    response.csrf_failure = True
    return response
