"""Imports of a learning platform's export: upload, confirm the columns (prefilled from the
saved mapping), watch the progress, read and download the row-by-row error report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from core.downloads import attachment
from core.errors import DomainRefusal
from core.pagination import QueuePaginator

from ..forms import ColumnsForm, UploadForm, add_service_errors
from ..importing import max_bytes
from ..models import MAPPED_COLUMNS, DateFormat, ImportRun, ModuleMatch
from ..permissions import access_import_run
from ..selectors import import_run_errors, import_run_list
from ..services.imports import (
    Columns,
    columns_initial,
    columns_not_in,
    columns_saved,
    import_discard,
    import_errors_csv,
    import_preview_rows,
    import_start,
    import_upload,
)
from .common import PAGE_SIZE, form_page, manager_view, url

ERRORS_PAGE_SIZE = 50


@manager_view
def imports(request, institution_slug: str):
    page = QueuePaginator(import_run_list(institution=request.institution), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "training/imports.html", {"page": page})


def read_upload(uploaded) -> bytes:
    """The uploaded file's bytes, refused before reading when it is too large."""
    if uploaded.size > max_bytes():
        raise ValidationError({"file": [f"The file is larger than "
                                        f"{max_bytes() // (1024 * 1024)} MB: split it into "
                                        "smaller files."]})
    return uploaded.read()


@manager_view
def import_new(request, institution_slug: str):
    inst = request.institution
    form = UploadForm(request.POST or None, request.FILES or None)
    return form_page(
        request, form,
        lambda: import_upload(institution=inst, actor=request.user,
                              filename=form.cleaned_data["file"].name,
                              data=read_upload(form.cleaned_data["file"]),
                              learner_kind=form.cleaned_data["learner_kind"]),
        template="training/import_upload.html", context={},
        success=lambda run: (f"{run.filename}: {run.rows_total} rows read. Confirm the columns "
                             "to import them.", url("import", request, run_id=run.pk)))


def columns_used(run: ImportRun) -> list[tuple[str, str]]:
    """The columns the run used, in the administrator's words."""
    used = [(label, run.mapping.get(name, "")) for name, label, _r in MAPPED_COLUMNS
            if run.mapping.get(name)]
    if run.mapping.get("module_column"):
        used.append(("Module column holds", ModuleMatch(run.mapping.get(
            "module_match") or ModuleMatch.KEY).label))
    if run.mapping.get("date_format") in DateFormat.values:
        used.append(("Dates written as", DateFormat(run.mapping["date_format"]).label))
    return used


def columns_from(form: ColumnsForm) -> Columns:
    d = form.cleaned_data
    return Columns(values={name: d.get(name) or "" for name, _l, _r in MAPPED_COLUMNS},
                   module_match=d.get("module_match") or "",
                   date_format=d.get("date_format") or "")


@manager_view
def import_detail(request, institution_slug: str, run_id: int):
    inst = request.institution
    run = access_import_run(institution=inst, run_id=run_id)
    if run.status != ImportRun.Status.PREVIEW:
        errors = Paginator(import_run_errors(run), ERRORS_PAGE_SIZE).get_page(
            request.GET.get("page"))
        return render(request, "training/import_run.html", {
            "run": run, "errors": errors, "columns_used": columns_used(run)})
    initial = columns_initial(institution=inst, headers=run.headers)
    not_in_file = columns_not_in(columns_saved(institution=inst), run.headers)
    form = ColumnsForm(request.POST or None, institution=inst, headers=run.headers,
                       initial={**initial.values, "module_match": initial.module_match,
                                "date_format": initial.date_format, "save_mapping": True})
    if request.method == "POST" and form.is_valid():
        try:
            import_start(run=run, actor=request.user, columns=columns_from(form),
                         fixed_module=form.cleaned_data.get("fixed_module"),
                         save_mapping=form.cleaned_data.get("save_mapping", False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The import of {run.filename} has started.")
            return redirect(url("import", request, run_id=run.pk))
    return render(request, "training/import_preview.html", {
        "run": run, "form": form, "sample": import_preview_rows(run),
        "not_in_file": not_in_file})


@manager_view
def import_progress(request, institution_slug: str, run_id: int):
    """The progress panel, polled by the page (htmx) while the import runs; once it has
    ended the whole page is reloaded to show the results."""
    run = access_import_run(institution=request.institution, run_id=run_id)
    if request.htmx and not run.is_working:
        return HttpResponseClientRefresh()
    return render(request, "training/_import_progress.html", {"run": run})


@manager_view
def import_errors_download(request, institution_slug: str, run_id: int):
    run = access_import_run(institution=request.institution, run_id=run_id)
    return attachment(import_errors_csv(run), "text/csv; charset=utf-8",
                      f"import-{run.pk}-errors.csv")


@require_POST
@manager_view
def import_discard_view(request, institution_slug: str, run_id: int):
    run = access_import_run(institution=request.institution, run_id=run_id)
    try:
        import_discard(run=run, actor=request.user)
    except DomainRefusal as exc:
        messages.error(request, str(exc))
        return redirect(url("import", request, run_id=run.pk))
    messages.success(request, f"{run.filename} is discarded; nothing was imported.")
    return redirect(url("imports", request))
