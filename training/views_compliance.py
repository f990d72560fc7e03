"""Training compliance pages for training administrators (and institution admins), at
/<institution_slug>/staff/training/compliance/ (namespace ``staff:training_compliance``): every
module and campaign with its progress, one module or campaign by department and by cohort, who
is outstanding, and the CSV / XLSX exports. An opt-out shows here, and in every export, as "met
by exemption" and nothing more (004)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django import forms
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from accounts.decorators import staff_view
from audit.services import audit_read
from core.pagination import QueuePaginator
from core.tenancy.context import institution_context

from .compliance import (
    ADMIN_ROLES,
    MET_BY_EXEMPTION,
    Filters,
    Scope,
    campaign_get,
    campaigns_of,
    campaigns_progress,
    export_rows,
    module_get,
    modules_progress,
    outstanding,
    scope_progress,
    scope_progress_by,
)
from .services.optout import issue_refusal, open_links_count

PAGE_SIZE = 50
CAMPAIGNS_PER_PAGE = 20
#: How a blank department or cohort is named in a filter (and shown).
NONE = "(none)"
EXPORTS = ("outstanding", "status")
FORMATS = ("csv", "xlsx")


class DayForm(forms.Form):
    on = forms.DateField(required=False, label="Counting on",
                         widget=forms.DateInput(attrs={"type": "date"}),
                         help_text="A completion counts if it is in force on this day.")


class FilterForm(forms.Form):
    department = forms.CharField(required=False, max_length=150)
    cohort = forms.CharField(required=False, max_length=40)

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}

        def value(name):
            raw = (data.get(name) or "").strip()
            if not raw:
                return None
            return "" if raw == NONE else raw

        return Filters(department=value("department"), cohort=value("cohort"))


def day_from(request) -> tuple[DayForm, dt.date]:
    """The day asked for (``?on=``), or today; an invalid one is shown as the form's error."""
    today = timezone.localdate()
    form = DayForm(request.GET or None, initial={"on": today})
    if form.is_bound and form.is_valid() and form.cleaned_data.get("on"):
        return form, form.cleaned_data["on"]
    return form, today


def scope_from(request, kwargs) -> tuple[Scope, DayForm | None]:
    """The module (on the day asked for) or the campaign (by its deadline) in the URL; 404 for
    another institution's."""
    institution = request.institution
    if "campaign_id" in kwargs:
        campaign = campaign_get(institution=institution, campaign_id=kwargs["campaign_id"])
        return Scope.of_campaign(campaign), None
    module = module_get(institution=institution, module_id=kwargs["module_id"])
    form, on = day_from(request)
    return Scope.of_module(module, on), form


def scope_context(scope: Scope, day_form) -> dict:
    kind, pk = ("campaign", scope.campaign.pk) if scope.campaign else ("module", scope.module.pk)
    query = f"?on={scope.on.isoformat()}" if scope.campaign is None else ""
    return {"scope": scope, "module": scope.module, "campaign": scope.campaign,
            "kind": kind, "pk": pk, "day_form": day_form, "query": query, "none": NONE,
            "met_by_exemption": MET_BY_EXEMPTION}


@staff_view(*ADMIN_ROLES)
def overview(request, institution_slug: str):
    institution = request.institution
    day_form, on = day_from(request)
    campaigns = QueuePaginator(campaigns_of(institution=institution),
                               CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/compliance.html", {
        "day_form": day_form, "on": on,
        "modules": modules_progress(institution=institution, on=on),
        "campaigns": campaigns_progress(institution=institution,
                                        campaigns=list(campaigns.object_list)),
        "page": campaigns})


@staff_view(*ADMIN_ROLES)
def detail(request, institution_slug: str, **kwargs):
    """One module or campaign: its progress, by department and by cohort."""
    scope, day_form = scope_from(request, kwargs)
    filter_form = FilterForm(request.GET or None)
    filters = filter_form.filters()
    refusal = issue_refusal(membership=request.membership, module=scope.module,
                            campaign=scope.campaign)
    return render(request, "training/compliance_detail.html", {
        **scope_context(scope, day_form), "filter_form": filter_form, "filters": filters,
        "progress": scope_progress(scope, filters),
        "by_department": scope_progress_by(scope, "department", filters),
        "by_cohort": scope_progress_by(scope, "cohort", filters),
        "may_issue_links": refusal is None,
        "open_links": open_links_count(module=scope.module)
        if scope.module.allows_opt_out else None})


@staff_view(*ADMIN_ROLES)
def outstanding_list(request, institution_slug: str, **kwargs):
    scope, day_form = scope_from(request, kwargs)
    filter_form = FilterForm(request.GET or None)
    filters = filter_form.filters()
    page = QueuePaginator(outstanding(scope, filters), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "training/compliance_outstanding.html", {
        **scope_context(scope, day_form), "filter_form": filter_form, "filters": filters,
        "page": page})


@staff_view(*ADMIN_ROLES)
def export(request, institution_slug: str, what: str, fmt: str, **kwargs):
    scope, _ = scope_from(request, kwargs)
    return export_response(request, scope, what, fmt, FilterForm(request.GET or None).filters())


# -- files --------------------------------------------------------------------------------------
def _cell(value):
    """A value as a spreadsheet cell that is never read as a formula (names come from imports)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def export_filename(scope: Scope, what: str, fmt: str) -> str:
    subject = slugify(scope.campaign.name if scope.campaign else scope.module.key)[:60]
    return f"training-{what}-{subject}-{scope.on:%Y-%m-%d}.{fmt}"


def export_response(request, scope: Scope, what: str, fmt: str, filters: Filters):
    """The export as a download, the same for the pages and the API; the read is logged."""
    from django.http import Http404

    if what not in EXPORTS or fmt not in FORMATS:
        raise Http404("Not found.")
    head, rows = export_rows(scope, what, filters)
    audit_read(institution=request.institution, actor=request.user,
               obj=scope.campaign or scope.module, what=f"training compliance {what} ({fmt})")
    name = export_filename(scope, what, fmt)
    if fmt == "csv":
        writer = csv.writer(_Echo())
        lines = (writer.writerow([_cell(v) for v in row])
                 for row in _with_head(head, rows))
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            _streamed(request.institution.pk, lines), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _xlsx(head, rows, title=what.capitalize()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


def _with_head(head, rows):
    yield head
    yield from rows


def _streamed(institution_id: int, lines):
    """The CSV's lines, read while the response is sent (after the view has returned), in the
    request's institution context as the view's own queries are."""
    with institution_context(institution_id):
        yield "\ufeff"  # so spreadsheet programs read the names as UTF-8
        yield from lines


def _xlsx(head, rows, *, title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title)
    sheet.append(head)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
