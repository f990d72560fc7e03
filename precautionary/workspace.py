"""The precautionary matters in a member's My work (accounts.workspace): one query."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Exists, F, OuterRef, Q, Value, When
from django.db.models import Case as DbCase
from django.urls import reverse

from accounts.models import Membership
from accounts.workspace import SourceResult, WorkItem

from .models import Matter, MatterMember
from .selectors import matters_visible_to
from .wording import say


def matter_work(*, membership: Membership, today: dt.date, soon: dt.date, limit: int
                ) -> SourceResult:
    """Open matters the member may see (the convener: all) that are overdue or due by
    ``soon`` (a review of the measures, a decision), and those they are convened for."""
    slug = membership.institution.slug
    overdue = Matter.overdue_on(today)
    mine = Exists(MatterMember.objects.for_institution(membership.institution_id).filter(
        matter=OuterRef("pk"), user_id=membership.user_id, ended_at__isnull=True))
    rows = list(
        matters_visible_to(membership)
        .exclude(stage=Matter.Stage.CLOSED)
        .annotate(mine=mine, is_overdue=DbCase(When(overdue, then=True), default=Value(False),
                                               output_field=BooleanField()))
        .filter(overdue | Q(next_due__lte=soon) | Q(mine=True))
        .only("pk", "reference", "stage", "next_due", "next_purpose", "deadline_missed",
              "action_due", "institution_id")
        .order_by(F("next_due").asc(nulls_last=True), "-created_at", "-pk")[:limit + 1])
    items = [WorkItem(
        kind="matter", kind_label="Precautionary", id=m.pk, reference=m.reference,
        url=reverse("staff:precautionary:detail", args=[slug, m.pk]),
        what=say(membership.institution, m.next_purpose) if m.next_purpose else "",
        stage=m.get_stage_display(), due=m.next_due,
        overdue=m.is_overdue, paused=False, mine=m.mine) for m in rows[:limit]]
    return SourceResult(kind="matter", label="Precautionary matters", items=items,
                        capped=len(rows) > limit,
                        see_all=reverse("staff:precautionary:queue", args=[slug]))
