"""The triage queue: every report for support caseworkers, shared ones for anyone else."""

from __future__ import annotations

from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from accounts.roles import Role
from accounts.workspace import queue_export_allowed
from core.exports import export_format, export_query
from core.pagination import QueuePaginator

from ..exports import report_queue_export
from ..permissions import SEES_EVERY_REPORT, can_see_identity
from ..selectors import ReportFilters, report_queue
from ..staff_forms import QueueFilterForm
from .common import OVERDUE, SOON, flag_url, repeat_flags_for_page, reporter_label, soon_limit

PAGE_SIZE = 25


@staff_view()
def queue(request, institution_slug: str):
    inst, membership = request.institution, request.membership
    form = QueueFilterForm(request.GET or None, institution=inst)
    filters = ReportFilters()
    if form.is_bound:
        form.is_valid()  # a bad filter is reported and left out; the others still apply
        data = form.cleaned_data
        filters = ReportFilters(status=data.get("status") or "", assignee=data.get("assignee"),
                                tag=data.get("tag") or "", search=(data.get("q") or "").strip(),
                                awaiting_staff=bool(data.get("awaiting_staff")))
    today = timezone.localdate()
    # report_queue orders by next_due ascending, which puts reports with no running
    # deadline first on SQLite (NULLs first) and last on PostgreSQL; say "last" everywhere.
    reports = (report_queue(membership=membership, filters=filters, today=today)
               .order_by("-awaiting_staff", F("next_due").asc(nulls_last=True),
                         "-submitted_on", "-pk")
               .prefetch_related("categories"))
    if fmt := export_format(request):
        return report_queue_export(membership=membership, actor=request.user, reports=reports,
                                   filters=filters, fmt=fmt, today=today)
    page = QueuePaginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    page_reports = list(page)
    custodian = can_see_identity(membership=membership)
    flags = repeat_flags_for_page(reports=page_reports, membership=membership)
    soon = soon_limit(inst, today)
    rows = []
    for report in page_reports:
        tag = None
        if report.is_overdue:
            tag = OVERDUE
        elif report.next_due and report.next_due <= soon:
            tag = SOON
        rows.append({
            "report": report,
            "reporter": reporter_label(report, custodian=custodian),
            "categories": [c.label for c in report.categories.all()],
            "tag": tag,
            "flags": [(f, flag_url(inst, f)) for f in flags.get(report.pk, [])],
        })
    filtered = any([filters.status, filters.assignee, filters.tag, filters.search,
                    filters.awaiting_staff])
    is_admin = membership.has_role(Role.INSTITUTION_ADMIN)
    return render(request, "reporting/staff/queue.html", {
        "form": form, "page": page, "rows": rows, "filtered": filtered,
        "sees_every_report": membership.has_role(*SEES_EVERY_REPORT),
        "export_query": export_query(request) if queue_export_allowed(
            membership, SEES_EVERY_REPORT) else None,
        "directory_url": reverse("admin:reporting_supportservice_changelist")
        if is_admin else "",
    })
