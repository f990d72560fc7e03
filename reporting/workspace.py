"""The reports in a member's My work (accounts.workspace): one query, need-to-know kept."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, F, Q, Value, When
from django.db.models import Case as DbCase
from django.urls import reverse

from accounts.models import Membership
from accounts.workspace import SourceResult, WorkItem

from .models import Report
from .permissions import reports_visible_to

DONE = (Report.Status.ESCALATED, Report.Status.CLOSED)


def report_work(*, membership: Membership, today: dt.date, soon: dt.date, limit: int
                ) -> SourceResult:
    """Open reports the member may see that are overdue or due by ``soon``, and those
    assigned to them (a reporter's message waiting for an answer first among them)."""
    slug = membership.institution.slug
    overdue = Report.overdue_on(today)
    mine = Q(assignee_id=membership.user_id)
    rows = list(
        reports_visible_to(membership=membership)
        .exclude(status__in=DONE)
        .annotate(is_overdue=DbCase(When(overdue, then=True), default=Value(False),
                                    output_field=BooleanField()),
                  mine=DbCase(When(mine, then=True), default=Value(False),
                              output_field=BooleanField()))
        .filter(overdue | Q(next_due__lte=soon) | mine)
        .only("pk", "reference", "status", "next_due", "next_purpose", "awaiting_staff",
              "assignee_id", "deadline_missed", "action_due", "institution_id")
        .order_by(F("next_due").asc(nulls_last=True), "-awaiting_staff", "-pk")[:limit + 1])
    items = [WorkItem(
        kind="report", kind_label="Report", id=r.pk, reference=r.reference,
        url=reverse("staff:reporting:detail", args=[slug, r.pk]),
        what=("The reporter wrote: answer them" if r.awaiting_staff and not r.next_purpose
              else r.next_purpose or ""),
        stage=r.get_status_display(), due=r.next_due, overdue=r.is_overdue, paused=False,
        mine=r.mine) for r in rows[:limit]]
    return SourceResult(kind="report", label="Reports", items=items, capped=len(rows) > limit,
                        see_all=reverse("staff:reporting:queue", args=[slug]))
