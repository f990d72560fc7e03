"""Staff pages of insight reports, under /<institution_slug>/staff/insights/ (insights
publishers and the institution admin): the list of reports, generating one on demand, one
report with its figures, charts, versions and "What you can do now", and its PDF and CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from accounts.permissions import refuse
from core.downloads import attachment
from core.errors import DomainRefusal
from core.pagination import QueuePaginator

from .actions import report_offers
from .forms import GenerateForm, ReportFilterForm, add_service_errors
from .models import InsightReport
from .policies import policies, state_for
from .rendering import draft_pdf, figures_csv, report_tables
from .selectors import (
    ReportFilters,
    access_report,
    imports_for,
    published_pdf,
    report_queue,
    require_publisher,
    versions_of,
)
from .services.generate import period_choices
from .services.reports import report_generate

PAGE_SIZE = 25


def report_url(report: InsightReport) -> str:
    return reverse("staff:insights:detail", kwargs={
        "institution_slug": report.institution.slug, "report_id": report.pk})


def publisher_view(view):
    """A staff page of insights: signed in, a member (404 otherwise), a publisher (403, or 404
    on a page of one report or import: ``accounts.permissions.refuse``)."""

    @staff_view()
    def wrapper(request, *args, **kwargs):
        try:
            request.membership = require_publisher(user=request.user,
                                                   institution=request.institution,
                                                   membership=request.membership)
        except PermissionDenied as refusal:
            refuse(str(refusal), kwargs)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@publisher_view
def report_list(request, institution_slug: str):
    """Every version of every report, the latest period first."""
    form = ReportFilterForm(request.GET or None)
    filters = ReportFilters()
    if form.is_bound:
        form.is_valid()  # a bad filter is reported and left out
        d = form.cleaned_data
        filters = ReportFilters(status=d.get("status") or "", kind=d.get("kind") or "")
    page = QueuePaginator(report_queue(institution=request.institution, filters=filters),
                          PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "insights/reports.html", {
        "form": form, "page": page, "filtered": filters.any})


@publisher_view
def report_new(request, institution_slug: str):
    """Generate a draft on demand, for a term or an academic year that is over."""
    inst = request.institution
    choices = period_choices(institution=inst, today=timezone.localdate())
    form = GenerateForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_generate(institution=inst, actor=request.user,
                                     period=form.cleaned_data["period"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The draft is ready. Another publisher (or the "
                                      "institution admin) approves it before it is published.")
            return redirect(report_url(report))
    return render(request, "insights/generate.html", {"form": form,
                                                      "has_choices": bool(choices)})


@publisher_view
def report_detail(request, institution_slug: str, report_id: int):
    report, membership = access_report(user=request.user, institution=request.institution,
                                       report_id=report_id, membership=request.membership)
    state = state_for(institution=request.institution, actor=request.user, report=report,
                      membership=membership)
    own, external = report_tables(report)
    return render(request, "insights/report.html", {
        "report": report, "own_tables": own, "external_tables": external,
        "actions": report_offers(state), "versions": versions_of(report),
        "imports": imports_for(institution=request.institution, series=report.series),
        "may_correct": policies.refusal("correct", state) is None})


@publisher_view
def report_pdf(request, institution_slug: str, report_id: int):
    """The PDF: a published version's as issued; a draft's as it would be issued now."""
    report, _membership = access_report(user=request.user, institution=request.institution,
                                        report_id=report_id, membership=request.membership)
    if report.is_public:
        pdf = published_pdf(report)
        if pdf is None:
            raise Http404("The PDF is still being prepared: try again in a minute.")
    else:
        pdf = draft_pdf(report)
    return attachment(pdf, "application/pdf",
                      f"{report.institution.slug}-insights-{report.reference}.pdf")


@publisher_view
def report_csv(request, institution_slug: str, report_id: int):
    report, _membership = access_report(user=request.user, institution=request.institution,
                                        report_id=report_id, membership=request.membership)
    return csv_response(report)


def csv_response(report: InsightReport) -> HttpResponse:
    return attachment(figures_csv(report).encode("utf-8"), "text/csv; charset=utf-8",
                      f"{report.institution.slug}-insights-{report.reference}.csv")
