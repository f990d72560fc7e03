"""The cases in a member's My work (accounts.workspace), and the reporting students' requests
for an informal review waiting on them: one query each, need-to-know kept."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Exists, F, OuterRef, Q, Value, When
from django.db.models import Case as DbCase
from django.urls import reverse

from accounts.models import Membership
from accounts.workspace import SourceResult, WorkItem

from .models import OPEN_STAGES, Case, CaseAssignment, InformalReview
from .permissions import cases_visible_to
from .policies import MAY_RECORD_INFORMAL_REVIEW
from .procedure_text import procedure_words
from .templatetags.case_words import board_words


def case_work(*, membership: Membership, today: dt.date, soon: dt.date, limit: int
              ) -> SourceResult:
    """Open cases the member may see that are overdue or due by ``soon``, and those they are
    appointed to: overdue first (a missed deadline is the case's ``next_due``), then the
    nearest deadline."""
    inst = membership.institution
    words = procedure_words(inst)
    slug = inst.slug
    mine = Exists(CaseAssignment.objects.for_institution(membership.institution_id).filter(
        case=OuterRef("pk"), user_id=membership.user_id, ended_at__isnull=True))
    overdue = Case.overdue_on(today)
    rows = list(
        cases_visible_to(membership=membership)
        .filter(stage__in=list(OPEN_STAGES))
        .annotate(mine=mine, is_overdue=DbCase(When(overdue, then=True), default=Value(False),
                                               output_field=BooleanField()))
        .filter(overdue | Q(next_due__lte=soon) | Q(mine=True))
        .only("pk", "reference", "stage", "next_due", "next_purpose", "is_paused",
              "deadline_missed", "action_due", "institution_id")
        .order_by(F("next_due").asc(nulls_last=True), "-created_at", "-pk")[:limit + 1])
    items = [WorkItem(
        kind="case", kind_label="Case", id=c.pk, reference=c.reference,
        url=reverse("staff:cases:detail", args=[slug, c.pk]),
        what=words.say(c.next_purpose) if c.next_purpose else "",
        stage=board_words(c.get_stage_display(), inst),
        due=c.next_due,
        overdue=c.is_overdue, paused=c.is_paused, mine=c.mine) for c in rows[:limit]]
    return SourceResult(kind="case", label="Cases", items=items, capped=len(rows) > limit,
                        see_all=reverse("staff:cases:queue", args=[slug]))


def informal_review_work(*, membership: Membership, today: dt.date, soon: dt.date, limit: int
                         ) -> SourceResult:
    """004 sets no time limit for an informal review, so these wait rather than fall due: a
    request the student made online waits for whoever records requests to ask someone
    independent; an appointed review waits for its reviewer. Closed cases included (a review
    is asked for after the outcome)."""
    inst = membership.institution
    waiting = Q(reviewer_id=membership.user_id)
    if membership.has_role(*MAY_RECORD_INFORMAL_REVIEW):
        waiting |= Q(reviewer__isnull=True,
                     case__in=cases_visible_to(membership=membership).values("pk"))
    rows = list(
        InformalReview.objects.for_institution(membership.institution_id)
        .filter(waiting, status=InformalReview.Status.REQUESTED)
        .select_related("case").only("pk", "requested_on", "reviewer_id", "case__id",
                                     "case__reference")
        .order_by("requested_on", "pk")[:limit + 1])
    items = [WorkItem(
        kind="informal_review", kind_label="Informal review", id=r.pk,
        reference=r.case.reference,
        url=reverse("staff:cases:detail", args=[inst.slug, r.case.pk]) + "#informal-reviews",
        what=("Record the informal review" if r.reviewer_id else
              "Ask someone independent to review the request made online"),
        stage=f"Requested {r.requested_on:%-d %b %Y}", due=None, overdue=False, paused=False,
        mine=True) for r in rows[:limit]]
    return SourceResult(kind="informal_review", label="Informal reviews", items=items,
                        capped=len(rows) > limit,
                        see_all=reverse("staff:cases:queue", args=[inst.slug]))
