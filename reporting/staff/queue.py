"""The triage queue: every report for support caseworkers, shared ones for anyone else."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from accounts.roles import Role
from accounts.workspace import queue_export_allowed, queue_export_record
from core.exports import Column, export_format, export_query, export_response
from core.pagination import QueuePaginator

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
        return _export(request, membership, reports, filters, fmt, today)
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


def _export(request, membership, reports, filters, fmt: str, today):
    """The queue as a file, for those who see every report. No reporter's identity and no
    account of what happened: the reference, its categories, status and deadlines."""
    if not queue_export_allowed(membership, SEES_EVERY_REPORT):
        raise PermissionDenied("Only a support caseworker may export the reports.")
    queue_export_record(membership=membership, actor=request.user, queue="reports", fmt=fmt,
                        filters=asdict(filters))
    return export_response(fmt=fmt, filename=f"reports-{today:%Y-%m-%d}", rows=reports, columns=[
        Column("Reference", lambda r: r.reference),
        Column("Submitted", lambda r: r.submitted_on),
        Column("Categories", lambda r: "; ".join(c.label for c in r.categories.all())),
        Column("Status", lambda r: r.get_status_display()),
        Column("Assigned to", lambda r: r.assignee.full_name if r.assignee else ""),
        Column("Waiting for staff", lambda r: r.awaiting_staff),
        Column("Next deadline", lambda r: r.next_due),
        Column("For", lambda r: r.next_purpose),
        Column("Overdue", lambda r: r.is_overdue),
    ])
