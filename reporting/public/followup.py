"""Coming back with a receipt: read replies, answer, add files, give a name.

A correct receipt puts only the report's id in the session. The 30 minutes after the last page
are counted by the browser, not the server: a signed cookie carries the time it was set
(``TimestampSigner``) and is refused once older than 30 minutes, so nothing stored on the
server places the visit more precisely than its day (the session row itself keeps only the day:
core/sessions.py). "Leave" forgets the whole session and the cookie. A wrong receipt gets
one message that tells nothing; too many get a calm "wait" (HTTP 429)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import ratelimit

from ..models import Report, ReportMessage
from ..public_forms import AddFileForm, ReceiptForm, ReplyForm, RevealForm
from ..services.common import ReportError
from ..services.evidence import evidence_quota_check
from ..services.followup import (
    report_for_receipt,
    reporter_add_files,
    reporter_reply,
    reporter_reveal_identity,
    reporter_thread,
)
from .common import (
    caseworker_label,
    first_contact,
    minutes,
    public_page,
    session_key,
    work_done,
    work_for,
)

OPEN_FOR = 30 * 60
NOT_FOUND = "We could not find a report with that receipt. Check it and try again."
CLOSED_AFTER = ("For your privacy, the follow-up page closes after 30 minutes without "
                "activity. Enter your receipt again to carry on.")


OPEN_COOKIE = "follow_up_open"
OPEN_SALT = "reporting.follow-up.open"


def _key(institution) -> str:
    return f"follow-up:{institution.pk}"


def _keep_open(request, institution, report_pk: int) -> None:
    """(Re)start the 30 minutes: public_page sets the signed cookie on the answer."""
    request.public_cookies = [*getattr(request, "public_cookies", []), (
        OPEN_COOKIE, f"{institution.pk}:{report_pk}", OPEN_SALT, OPEN_FOR)]


def _still_open(request, institution, report_pk) -> bool:
    held = request.get_signed_cookie(OPEN_COOKIE, default=None, salt=OPEN_SALT,
                                     max_age=OPEN_FOR)
    return held == f"{institution.pk}:{report_pk}"


def _url(request, name: str) -> str:
    return reverse(f"public:report:{name}", kwargs={"institution_slug": request.institution.slug})


def opened_report(request) -> Report | None:
    """The report this session opened with a receipt, if still open; each page keeps it
    open for another 30 minutes."""
    institution = request.institution
    key = _key(institution)
    held = request.session.get(key)
    if not isinstance(held, dict):
        return None
    report = None
    if _still_open(request, institution, held.get("report")):
        report = (Report.objects.for_institution(institution)
                  .filter(pk=held.get("report")).first())
    if report is None:
        request.session.pop(key, None)
        return None
    _keep_open(request, institution, report.pk)
    return report


def _closed(request):
    messages.info(request, CLOSED_AFTER)
    return redirect(_url(request, "follow_up"))


@public_page
def follow_up(request, institution_slug: str):
    if request.method == "GET" and opened_report(request) is not None:
        return redirect(_url(request, "follow_up_messages"))
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_for_receipt(institution=request.institution,
                                        receipt=form.cleaned_data["receipt"],
                                        session_key=session_key(request),
                                        worked=work_done(request, "receipt"))
        except ratelimit.RateLimited as exc:
            response = render(request, "reporting/public/follow_up.html",
                              {"form": form, "wait": minutes(exc.retry_after),
                               "work": work_for(request, "receipt")}, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        if report is None:
            form.add_error("receipt", NOT_FOUND)
        else:
            request.session.cycle_key()  # a new session id once the receipt has opened it
            request.session[_key(request.institution)] = {"report": report.pk}
            _keep_open(request, request.institution, report.pk)
            return redirect(_url(request, "follow_up_messages"))
    return render(request, "reporting/public/follow_up.html",
                  {"form": form, "work": work_for(request, "receipt")})


def _thread_page(request, report: Report, *, reply_form=None, file_form=None, error=""):
    thread = reporter_thread(report=report)
    return render(request, "reporting/public/follow_up_messages.html", {
        "report": report, "thread": thread, "error": error,
        "reply_form": reply_form or ReplyForm(), "file_form": file_form or AddFileForm(),
        "is_closed": report.status == Report.Status.CLOSED,
        "to_reporter": ReportMessage.Direction.TO_REPORTER,
        "caseworker": caseworker_label(request.institution),
        "promise": first_contact(request.institution),
        "evidence_count": report.evidence.count(),
    })


def _service_errors(form, exc: ValidationError, field_map: dict[str, str]) -> None:
    for key, problems in exc.message_dict.items():
        name = field_map.get(key, key)
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@public_page
def follow_up_messages(request, institution_slug: str):
    report = opened_report(request)
    if report is None:
        return _closed(request)
    if request.method != "POST":
        return _thread_page(request, report)
    form = ReplyForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            reporter_reply(report=report, body=form.cleaned_data["body"])
        except ValidationError as exc:
            _service_errors(form, exc, {})
        except ReportError as exc:
            error = str(exc)
        else:
            messages.success(request, "Your message was sent.")
            return redirect(_url(request, "follow_up_messages"))
    return _thread_page(request, report, reply_form=form, error=error)


@require_POST
@public_page
def follow_up_files(request, institution_slug: str):
    report = opened_report(request)
    if report is None:
        return _closed(request)
    form = AddFileForm(request.POST, request.FILES)
    error = ""
    if form.is_valid():
        upload = form.cleaned_data.get("files")
        try:
            if upload:
                evidence_quota_check(institution=request.institution, incoming=upload.size)
            reporter_add_files(report=report, files=[upload] if upload else [])
        except ValidationError as exc:
            _service_errors(form, exc, {})
        except ReportError as exc:
            error = str(exc)
        else:
            messages.success(request, "Your file was added.")
            return redirect(_url(request, "follow_up_messages"))
    return _thread_page(request, report, file_form=form, error=error)


@public_page
def follow_up_contact(request, institution_slug: str):
    """An anonymous reporter gives their name so that a caseworker can contact them."""
    report = opened_report(request)
    if report is None:
        return _closed(request)
    if not report.is_anonymous:
        messages.info(request, "We already have your contact details.")
        return redirect(_url(request, "follow_up_messages"))
    form = RevealForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reporter_reveal_identity(
                report=report, name=data["contact_name"], email=data["contact_email"],
                phone=data["contact_phone"], student_id=data["contact_student_id"],
                preferred_contact=data["preferred_contact"])
        except ValidationError as exc:
            _service_errors(form, exc, {})
        except ReportError as exc:
            error = str(exc)
        else:
            messages.success(request, "Thank you. We have your contact details and "
                                      f"{caseworker_label(request.institution)} will be in "
                                      "touch.")
            return redirect(_url(request, "follow_up_messages"))
    return render(request, "reporting/public/follow_up_contact.html", {
        "form": form, "error": error, "caseworker": caseworker_label(request.institution),
    })


@require_POST
@public_page
def follow_up_leave(request, institution_slug: str):
    request.session.flush()
    messages.success(request, "You have left the follow-up page. To come back, you will need "
                              "your receipt.")
    response = redirect("public:home", institution_slug=institution_slug)
    response.delete_cookie(OPEN_COOKIE)
    return response
