"""Staff pages of external figures, under /<institution_slug>/staff/insights/external/: the
imports (with the upload form and the documented layout), one import with its rows' problems,
and withdrawing one."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.downloads import attachment
from core.errors import DomainRefusal
from core.pagination import QueuePaginator
from training.importing import safe_cell

from .forms import ImportForm, ReasonForm, add_service_errors
from .models import ExternalImport
from .selectors import access_import, import_queue
from .services.external import COLUMNS, EXAMPLE_CSV, external_import, external_withdraw
from .services.generate import period_choices
from .views import publisher_view

PAGE_SIZE = 25


def import_url(upload: ExternalImport) -> str:
    return reverse("staff:insights:import", kwargs={
        "institution_slug": upload.institution.slug, "import_id": upload.pk})


@publisher_view
def import_list(request, institution_slug: str):
    """The imports, newest first, and the form to upload another."""
    inst = request.institution
    choices = period_choices(institution=inst, today=timezone.localdate(), ended_only=False)
    form = ImportForm(request.POST or None, request.FILES or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            made = external_import(institution=inst, actor=request.user,
                                   title=form.cleaned_data["title"],
                                   period=form.cleaned_data["period"], file_name=upload.name,
                                   data=upload.read())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            refused = made.rows_refused
            messages.success(request, f"{made.rows_imported} row"
                             f"{'s' if made.rows_imported != 1 else ''} imported"
                             + (f"; {refused} left out (listed below)" if refused else "")
                             + ". Reports generated on the period from now on show them.")
            return redirect(import_url(made))
    page = QueuePaginator(import_queue(institution=inst), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "insights/imports.html", {
        "form": form, "page": page, "columns": COLUMNS, "example": EXAMPLE_CSV},
        status=400 if form.errors else 200)


@publisher_view
def import_example(request, institution_slug: str):
    return attachment(EXAMPLE_CSV.encode("utf-8"), "text/csv; charset=utf-8",
                      "external-figures-example.csv")


@publisher_view
def import_detail(request, institution_slug: str, import_id: int):
    upload, _membership = access_import(user=request.user, institution=request.institution,
                                        import_id=import_id, membership=request.membership)
    return render(request, "insights/import.html", {
        "upload": upload, "figures": list(upload.figures.all()),
        "withdraw_form": ReasonForm() if upload.status == ExternalImport.Status.IMPORTED
        else None})


@publisher_view
def import_problems(request, institution_slug: str, import_id: int):
    """The rows left out and the other problems, as CSV."""
    upload, _membership = access_import(user=request.user, institution=request.institution,
                                        import_id=import_id, membership=request.membership)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "problem"])
    for p in upload.problems:
        writer.writerow([p.get("row") or "", p.get("column") or "",
                         safe_cell(p.get("message") or "")])
    return attachment(out.getvalue().encode("utf-8"), "text/csv; charset=utf-8",
                      f"import-{upload.pk}-problems.csv")


@publisher_view
def import_withdraw(request, institution_slug: str, import_id: int):
    upload, _membership = access_import(user=request.user, institution=request.institution,
                                        import_id=import_id, membership=request.membership)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            external_withdraw(upload=upload, actor=request.user,
                              reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Withdrawn: reports generated from now on leave these "
                                      "figures out.")
            return redirect(import_url(upload))
    return render(request, "insights/import.html", {
        "upload": upload, "figures": list(upload.figures.all()), "withdraw_form": form},
        status=400 if form.errors else 200)
