"""The retention pages, under /<institution_slug>/staff/retention/ (issue 14 item 5): what is
due for deletion in the next 30 days (references, never content) and the legal holds. For the
data protection officers and the institution admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import staff_view
from core.pagination import QueuePaginator

from .forms import LegalHoldForm, LegalHoldReleaseForm, record_for_reference
from .models import RetentionSettings
from .roles import KEEPERS
from .selectors import access_hold, due_for_deletion, legal_holds
from .services import legal_hold_place, legal_hold_release

PAGE_SIZE = 50


def _holds_url(request) -> str:
    return reverse("staff:retention:holds", args=[request.institution.slug])


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_view(*KEEPERS)
def due_list(request, institution_slug: str):
    schedule = RetentionSettings.of(request.institution)
    page = QueuePaginator(due_for_deletion(institution=request.institution,
                                           today=timezone.localdate()),
                          PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "retention/due.html", {"page": page, "schedule": schedule})


@staff_view(*KEEPERS)
def holds(request, institution_slug: str):
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = record_for_reference(institution=request.institution,
                                          reference=form.cleaned_data["reference"])
            legal_hold_place(institution=request.institution, actor=request.user,
                             matter=form.cleaned_data["matter"],
                             reason=form.cleaned_data["reason"], **record)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "The legal hold is placed: the schedule will not "
                             "delete the record until it is released.")
            return redirect(_holds_url(request))
    page = QueuePaginator(legal_holds(institution=request.institution), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "retention/holds.html", {
        "form": form, "page": page, "release_form": LegalHoldReleaseForm()},
        status=400 if form.errors else 200)


@require_POST
@staff_view(*KEEPERS)
def hold_release(request, institution_slug: str, hold_id: int):
    hold = access_hold(institution=request.institution, hold_id=hold_id)
    form = LegalHoldReleaseForm(request.POST)
    if form.is_valid():
        try:
            legal_hold_release(hold=hold, actor=request.user,
                               reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"The hold on {hold.reference} is released.")
            return redirect(_holds_url(request))
    return render(request, "retention/release.html", {"hold": hold, "form": form},
                  status=400)
