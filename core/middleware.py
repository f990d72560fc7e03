"""A request that loses a deadlock or a serialisation failure is run again, never shown as a 500.

PostgreSQL resolves a deadlock (SQLSTATE 40P01) by rolling back one of the transactions, and a
serialisable transaction that cannot be ordered fails with 40001; in both cases the remedy is to
run the transaction again. With ``ATOMIC_REQUESTS`` off, each service opens its own outermost
``transaction.atomic`` block, so by the time the error leaves the view that block has rolled
back. The view is then called again, up to ``CONFLICT_RETRY_ATTEMPTS`` times in all with jittered
backoff (``core.retry``), but only while it is safe:

* every ``atomic`` block the request opened has been left (the transaction fully rolled back);
* nothing the request wrote has committed yet (a view that ran one service and failed in the
  next is not run twice). Reads recorded in the access log do not count: running the view
  again reads again, and the log says so truthfully;
* an uploaded file can be read again from the start.

If it still fails, the answer is 503 with a clear message (the API's error format under
``/api/``, a page otherwise), never a 500. Put this middleware last, so that it wraps only the
view.

The Django admin's views run inside one transaction (:func:`tenant_view`, issue 15): working
for the one institution an institution admin administers, or through the audited
``core.rls.cross_institution`` for a superuser; opened inside the retry so each attempt gets
a fresh transaction; for those views this middleware calls the view itself from
``process_view``.
"""

from __future__ import annotations

import contextlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import render
from django.utils.module_loading import import_string

from . import rls
from .retry import attempts, backoff, is_transient_conflict, sqlstate

logger = logging.getLogger(__name__)

BUSY = ("Other staff were changing the same records at the same moment, so this could not be "
        "completed. Nothing of this request was saved. Please try again.")
PARTLY_SAVED = ("Other staff were changing the same records at the same moment, so this could "
                "not be completed. Check what was saved before you try again.")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "COPY"})
#: Inserts that record the attempt itself and may be repeated when the request is run again.
REPEATABLE_INSERTS = ('"audit_accessevent"',)


class _CommitTracker:
    """An execute wrapper that notes when a write of this request has committed: at once in
    autocommit, else when the outermost ``atomic`` block commits (``on_commit``), never for a
    block that rolled back."""

    def __init__(self) -> None:
        self.committed = False

    def mark(self) -> None:
        self.committed = True

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if self._is_write(sql):
            conn = context["connection"]
            if conn.in_atomic_block:
                conn.on_commit(self.mark)
            else:
                self.committed = True
        return result

    @staticmethod
    def _is_write(sql) -> bool:
        text = str(sql).lstrip()
        verb = text.split(None, 1)[0].upper() if text else ""
        if verb not in WRITES:
            return False
        head = text[:80]
        return not (verb == "INSERT" and any(t in head for t in REPEATABLE_INSERTS))


class ConflictRetryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._conflict_tracker = tracker = _CommitTracker()
        request._conflict_depth = _depth()
        with connection.execute_wrapper(tracker):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view = tenant_view(request, view_func)
        request._conflict_view = (view, view_args, view_kwargs)
        if request.method not in SAFE_METHODS and not request.content_type.startswith(
                "multipart/"):
            # Keep the body, so that a parser that reads the stream (the API's JSON) can read
            # it again. Multipart bodies stay streamed; their files are rewound instead.
            # Too big or already read: refused or handled later, as before.
            with contextlib.suppress(RawPostDataException, RequestDataTooBig):
                request.body  # noqa: B018 - reading caches it
        if view is view_func:
            return None
        # The view runs in a transaction opened here, so call it here (Django would call the
        # bare view); its exceptions take the path they take from Django's own call.
        try:
            return view(request, *view_args, **view_kwargs)
        except Exception as exc:
            response = self.process_exception(request, exc)
            if response is None:
                raise
            return response

    def process_exception(self, request, exception):
        if not is_transient_conflict(exception) or not hasattr(request, "_conflict_view"):
            return None
        view_func, args, kwargs = request._conflict_view
        error = exception
        for attempt in range(1, attempts()):
            if not self._may_retry(request):
                break
            logger.warning("Database conflict (%s) in %s %s; running it again (%d)",
                           sqlstate(error), request.method, request.path, attempt)
            backoff(attempt)
            try:
                response = view_func(request, *args, **kwargs)
                if callable(getattr(response, "render", None)) and not getattr(
                        response, "is_rendered", True):
                    response = response.render()
                return response
            except DatabaseError as exc:
                if not is_transient_conflict(exc):
                    raise
                error = exc
        logger.error("Database conflict (%s) in %s %s persisted; answering 503",
                     sqlstate(error), request.method, request.path)
        return busy_response(request, partly_saved=request._conflict_tracker.committed)

    @staticmethod
    def _may_retry(request) -> bool:
        if _depth() != request._conflict_depth or connection.needs_rollback:
            return False  # a transaction of this request is still open
        if request._conflict_tracker.committed:
            return False
        return _rewind(request)


#: Exceptions Django answers with a 4xx page: the admin's transaction commits what it wrote
#: before raising, as it would outside one.
ANSWERED = (Http404, PermissionDenied, SuspiciousOperation)


def tenant_view(request, view_func):
    """``view_func`` itself, or for staff in the Django admin, ``view_func`` run inside one
    transaction (:func:`_admin_transaction`: the one institution an institution admin runs,
    or for a superuser ``core.rls.cross_institution``, audited, one grant per request; the
    admin also limits each list to the institutions one administers,
    ``web.admin.TenantAdminMixin``). A view
    of an institution needs nothing here: every transaction it opens starts with its
    institution's setting (``institutions.middleware.InstitutionMiddleware``)."""
    if not _is_admin(request):
        return view_func
    reason = f"the Django admin: {request.method} {request.path}"[:300]

    def view(request, *args, **kwargs):
        answered = None
        with _admin_transaction(request, reason):
            try:
                response = view_func(request, *args, **kwargs)
            except ANSWERED as exc:
                answered = exc
            else:
                if callable(getattr(response, "render", None)) and not getattr(
                        response, "is_rendered", True):
                    response = response.render()
        if answered is not None:
            raise answered
        return response

    return view


def _admin_transaction(request, reason: str):
    """The transaction an admin view runs in. Someone who administers one institution works
    for it alone, as its staff pages do (``core.rls.tenant_transaction``: the policies show
    that institution's rows only, no grant); someone who administers none, none. Only a
    superuser, or an admin of several institutions, needs the audited cross-institution path.
    Which institutions one administers is decided by ``settings.RLS_ADMIN_INSTITUTIONS``
    (``web.admin.administered_institution_ids``: the admin's own rule, named here by setting
    because ``core`` imports nothing of the apps above it)."""
    administered = import_string(settings.RLS_ADMIN_INSTITUTIONS)(request)
    if administered is not None and len(administered) <= 1:
        return rls.tenant_transaction(administered[0] if administered else None)
    return rls.cross_institution(reason=reason, actor=request.user)


def _is_admin(request) -> bool:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return (match is not None and "admin" in match.namespaces and user is not None
            and user.is_authenticated and user.is_active and user.is_staff)


def _depth() -> tuple[bool, int]:
    return connection.in_atomic_block, len(connection.savepoint_ids)


def _rewind(request) -> bool:
    """Make the request readable again from the start; False if it cannot be."""
    files = getattr(request, "_files", None)
    try:
        for _name, uploads in (files.lists() if files is not None else ()):
            for upload in uploads:
                upload.seek(0)
    except (ValueError, OSError):
        return False  # a file was closed
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
    if queued is not None:
        queued.clear()  # "Saved" from an attempt that was rolled back
    return True


def busy_response(request, *, partly_saved: bool = False):
    detail = PARTLY_SAVED if partly_saved else BUSY
    if request.path.startswith("/api/"):
        response = JsonResponse({"status": 503, "code": "service_unavailable",
                                 "detail": detail, "errors": {}}, status=503)
    else:
        try:
            response = render(request, "503.html", {
                "detail": detail, "institution": getattr(request, "institution", None)},
                status=503)
        except Exception:  # the layout itself needs the database: say it plainly
            logger.exception("Could not render the 503 page")
            response = HttpResponse(detail, content_type="text/plain; charset=utf-8",
                                    status=503)
    response["Retry-After"] = "2"
    return response
