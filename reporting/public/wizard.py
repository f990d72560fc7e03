"""The step-by-step form ("Tell us"), server-side so that it works with JavaScript off.

Each step POSTs; the whole draft is checked with ``validate`` (the service's own rules) and
only the problems of the step's fields are shown; the step's values go into the draft with
``draft_update``. The draft's token lives in the session (never the draft's id). At the end
the person checks their answers and sends; the receipt is rendered straight into the answer
to that POST (no-store) and is never written anywhere: not to the session, the cache or a log.
Reloading that answer cannot show it again (the draft is gone, so the reload lands on "done").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import ratelimit

from ..models import ReportDraft
from ..public_forms import (
    AboutForm,
    ContactForm,
    EvidenceForm,
    StepForm,
    WantsForm,
    WhatForm,
    WhenForm,
    WhereForm,
    WhoForm,
)
from ..services.evidence import evidence_quota_check
from ..services.submission import (
    draft_add_file,
    draft_data,
    draft_discard,
    draft_get,
    draft_remove_file,
    draft_start,
    draft_update,
    report_submit,
    validate,
)
from .answers import STEP_OF_KEY, problem_label, summary
from .common import (
    SUBMISSIONS_WITHOUT_WORK,
    SUBMIT_WINDOW,
    caseworker_label,
    first_contact,
    minutes,
    public_page,
    session_key,
    work_done,
    work_for,
)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    form_class: type[StepForm]

    @property
    def template(self) -> str:
        return f"reporting/public/step_{self.number}.html"


STEPS = (
    Step(1, "About you", AboutForm),
    Step(2, "What happened", WhatForm),
    Step(3, "When it happened", WhenForm),
    Step(4, "Where it happened", WhereForm),
    Step(5, "Who was involved", WhoForm),
    Step(6, "What you would like", WantsForm),
    Step(7, "Evidence", EvidenceForm),
    Step(8, "Anonymous or named", ContactForm),
)
EVIDENCE_STEP = 7
REACHED = "_reached"  # the furthest step done, for the list of steps (validate ignores it)


# -- the draft in the session ---------------------------------------------------------------
def _draft_key(institution) -> str:
    return f"report-draft:{institution.pk}"


def current_draft(request) -> ReportDraft | None:
    key = _draft_key(request.institution)
    token = request.session.get(key)
    draft = draft_get(institution=request.institution, token=token)
    if draft is None and token:
        request.session.pop(key, None)  # deleted after a day, or sent from another tab
    return draft


def _start_draft(request) -> ReportDraft:
    draft, token = draft_start(institution=request.institution)
    request.session[_draft_key(request.institution)] = token
    return draft


def _url(request, name: str, **kwargs) -> str:
    return reverse(f"public:report:{name}",
                   kwargs={"institution_slug": request.institution.slug, **kwargs})


def step_url(request, number: int, *, change: bool = False) -> str:
    return _url(request, "step", number=number) + ("?change=1" if change else "")


# -- the steps ------------------------------------------------------------------------------
@public_page
def start(request, institution_slug: str):
    draft = current_draft(request)
    resume = None
    if draft is not None:
        reached = draft_data(draft).get(REACHED, 0)
        resume = (_url(request, "check") if reached >= len(STEPS)
                  else step_url(request, reached + 1))
    return render(request, "reporting/public/start.html", {
        "resume_url": resume, "first_url": step_url(request, 1), "steps": STEPS,
        "max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        "caseworker": caseworker_label(request.institution),
    })


@public_page
def step(request, institution_slug: str, number: int):
    if not 1 <= number <= len(STEPS):
        raise Http404("No such step.")
    current = STEPS[number - 1]
    institution = request.institution
    draft = current_draft(request)
    data = draft_data(draft) if draft is not None else {}
    change = request.GET.get("change") == "1"
    if number == EVIDENCE_STEP:
        return _evidence_step(request, current, draft, data, change)
    if request.method == "POST":
        form = current.form_class(request.POST, institution=institution)
        if form.is_valid():
            values = form.values()
            show_problems(form, institution, {**data, **values})
        if form.is_valid():  # False once show_problems added an error
            draft = draft or _start_draft(request)
            draft_update(draft=draft, values=values | _reached(data, number))
            return redirect(_next_url(request, number, change))
    else:
        form = current.form_class(initial=current.form_class.initial_from(data),
                                  institution=institution)
    return _render_step(request, current, form, data, change)


def show_problems(form: StepForm, institution, data: dict) -> None:
    """Run the service's rules on the whole draft; show the problems of this step's fields."""
    try:
        validate(institution, data)
    except ValidationError as exc:
        for key, problems in exc.message_dict.items():
            name = form.error_field(key)
            if name is not None:
                for problem in problems:
                    form.add_error(name, problem)


def _reached(data: dict, number: int) -> dict:
    return {REACHED: max(int(data.get(REACHED) or 0), number)}


def _next_url(request, number: int, change: bool) -> str:
    if change or number == len(STEPS):
        return _url(request, "check")
    return step_url(request, number + 1)


def _render_step(request, current: Step, form, data: dict, change: bool, **extra):
    if change:
        back = _url(request, "check")
    elif current.number == 1:
        back = _url(request, "start")
    else:
        back = step_url(request, current.number - 1)
    reached = int(data.get(REACHED) or 0)
    steps = [{"step": s, "url": step_url(request, s.number),
              "link": s.number != current.number and s.number <= reached + 1,
              "done": s.number <= reached} for s in STEPS]
    return render(request, current.template, {
        "step": current, "total": len(STEPS), "steps": steps, "form": form,
        "back_url": back, "change": change, "action": request.get_full_path(),
        "caseworker": caseworker_label(request.institution),
        "wants_formal": "formal_report" in (data.get("wants") or []), **extra,
    })


def _evidence_step(request, current: Step, draft, data: dict, change: bool):
    """Files go into the draft one at a time; each listed file has its own remove button."""
    form = EvidenceForm(request.POST or None, request.FILES or None,
                        institution=request.institution)
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            if draft is not None and remove.isdigit():
                draft_remove_file(draft=draft, file_id=int(remove))
                messages.success(request, "The file was removed.")
            return redirect(step_url(request, current.number, change=change))
        adding = request.POST.get("action") == "add"
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            if upload:
                draft = draft or _start_draft(request)
                try:
                    evidence_quota_check(institution=request.institution,
                                         incoming=upload.size)
                    draft_add_file(draft=draft, uploaded_file=upload)
                except ValidationError as exc:
                    for problems in exc.message_dict.values():
                        for problem in problems:
                            form.add_error("file", problem)
            elif adding:
                form.add_error("file", "Choose a file to add.")
        if form.is_valid():
            if adding:
                messages.success(request, "Your file was added. You can add another, or "
                                          "continue.")
                return redirect(step_url(request, current.number, change=change))
            draft = draft or _start_draft(request)
            draft_update(draft=draft, values=_reached(data, current.number))
            return redirect(_next_url(request, current.number, change))
    files = list(draft.files.all()) if draft is not None else []
    return _render_step(
        request, current, form, data, change, files=files,
        max_files=settings.REPORT_MAX_FILES, room=len(files) < settings.REPORT_MAX_FILES,
        max_mb=settings.EVIDENCE_MAX_BYTES // (1024 * 1024))


# -- check, send, done, leave ---------------------------------------------------------------
@public_page
def check(request, institution_slug: str):
    draft = current_draft(request)
    if draft is None and request.method == "POST":
        return redirect(_url(request, "done"))  # a reload of the receipt, or a second tap
    if draft is None:
        messages.info(request, "There is nothing to check. If you started before, what you "
                               "wrote has been deleted for your privacy: please start again.")
        return redirect(_url(request, "start"))
    if request.method == "POST":
        return _send(request, draft)
    return _render_check(request, draft, _problems(request.institution, draft_data(draft)))


def _problems(institution, data: dict, exc: ValidationError | None = None) -> list[dict]:
    if exc is None:
        try:
            validate(institution, data)
            return []
        except ValidationError as error:
            exc = error
    return [{"label": problem_label(key), "message": message,
             "step": STEP_OF_KEY.get(key.split(".")[0], EVIDENCE_STEP)}
            for key, problems in exc.message_dict.items() for message in problems]


def _render_check(request, draft, problems: list[dict], status: int = 200):
    for problem in problems:
        problem["url"] = step_url(request, problem["step"], change=True)
    rows = summary(request.institution, draft_data(draft), list(draft.files.all()))
    for row in rows:
        row["url"] = step_url(request, row["step"], change=True)
    back = step_url(request, len(STEPS))
    return render(request, "reporting/public/check.html", {
        "rows": rows, "problems": problems, "back_url": back, "total": len(STEPS),
        "work": work_for(request, "report"),
    }, status=status)


def _send(request, draft):
    """Send the draft. Every browser has its per-session limit; a send without proof of work
    (core.work: JavaScript off, or a script) also counts against the institution's budget for
    such sends, which a flood can use up without touching reporters whose browser did the
    work."""
    institution = request.institution
    limits = [("session", f"report-submit:s:{session_key(request)}",
               settings.REPORT_SUBMISSIONS_PER_SESSION)]
    if not work_done(request, "report"):
        limits.append(("institution", f"report-submit:nowork:i:{institution.pk}",
                       getattr(settings, "REPORT_SUBMISSIONS_WITHOUT_WORK_PER_INSTITUTION",
                               SUBMISSIONS_WITHOUT_WORK)))
    for who, key, limit in limits:
        try:
            ratelimit.check(key, limit=limit, window=SUBMIT_WINDOW)
        except ratelimit.RateLimited as exc:
            response = render(request, "reporting/public/too_many.html",
                              {"wait": minutes(exc.retry_after), "who": who}, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
    try:
        with transaction.atomic():
            # Lock the draft: a second tap on Send waits here, then finds it gone, so the
            # report is not sent twice.
            locked = (ReportDraft.objects.for_institution(institution).select_for_update()
                      .filter(pk=draft.pk).first())
            if locked is None:
                return redirect(_url(request, "done"))
            submitted = report_submit(institution=institution, data=draft_data(locked),
                                      draft=locked)
    except ValidationError as exc:
        return _render_check(request, draft, _problems(institution, {}, exc))
    for _who, key, _limit in limits:
        ratelimit.hit(key, window=SUBMIT_WINDOW)
    request.session.pop(_draft_key(institution), None)
    return _render_done(request, receipt=submitted.receipt,
                        anonymous=submitted.report.is_anonymous,
                        contact=submitted.report.preferred_contact)


def _render_done(request, *, receipt: str | None = None, anonymous=None, contact=None):
    institution = request.institution
    return render(request, "reporting/public/done.html", {
        "receipt": receipt, "receipt_groups": receipt.split("-") if receipt else [],
        "anonymous": anonymous, "contact": contact, "promise": first_contact(institution),
        "caseworker": caseworker_label(institution),
    })


@public_page
def done(request, institution_slug: str):
    """After sending: the receipt was shown once, in the answer to the send itself."""
    return _render_done(request)


@require_POST
@public_page
def leave(request, institution_slug: str):
    draft = current_draft(request)
    if draft is not None:
        draft_discard(draft=draft)
    request.session.pop(_draft_key(request.institution), None)
    messages.success(request, "What you wrote has been deleted. Nothing was sent.")
    return redirect("public:home", institution_slug=request.institution.slug)
