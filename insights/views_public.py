"""The institution's public "Information & Insights" page, at /<institution_slug>/insights/: no
account. The latest published version of each report, with the earlier versions and what each
correction changed; each version's page with its figures and charts, and its PDF and CSV.
Drafts, approved and discarded versions do not exist here (404)."""

from __future__ import annotations

import functools

from django.http import Http404
from django.shortcuts import render

from core.downloads import attachment
from core.pagination import QueuePaginator

from .rendering import report_tables
from .selectors import (
    earlier_versions,
    public_report,
    public_reports,
    public_versions,
    published_pdf,
)
from .views import csv_response

PAGE_SIZE = 12


def public_page(view):
    """As every public page (reporting/public/common.py): nothing cached, the referrer never
    leaves the site."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


@public_page
def insights_page(request, institution_slug: str):
    inst = request.institution
    page = QueuePaginator(public_reports(institution=inst), PAGE_SIZE).get_page(
        request.GET.get("page"))
    earlier = earlier_versions(institution=inst, series=[r.series for r in page])
    return render(request, "insights/public/list.html", {
        "page": page, "entries": [(r, earlier[r.series]) for r in page]})


@public_page
def public_report_page(request, institution_slug: str, report_id: int):
    report = public_report(institution=request.institution, report_id=report_id)
    own, external = report_tables(report)
    versions = public_versions(report)
    return render(request, "insights/public/report.html", {
        "report": report, "own_tables": own, "external_tables": external,
        "versions": versions, "latest": versions[0] if versions else report})


def public_pdf(request, institution_slug: str, report_id: int):
    report = public_report(institution=request.institution, report_id=report_id)
    pdf = published_pdf(report)
    if pdf is None:
        raise Http404("The PDF is still being prepared.")
    response = attachment(pdf, "application/pdf",
                          f"{report.institution.slug}-insights-{report.reference}.pdf")
    response["Referrer-Policy"] = "same-origin"
    return response


def public_csv(request, institution_slug: str, report_id: int):
    report = public_report(institution=request.institution, report_id=report_id)
    response = csv_response(report)
    response["Referrer-Policy"] = "same-origin"
    return response
