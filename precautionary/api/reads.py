"""What the precautionary API reads (kept apart from precautionary/selectors.py, which the
pages share): the queue, one matter's rows for its detail, and security's minimal list of the
measures in force that were shared with security (§22 need-to-know)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership
from institutions.models import Deadline

from ..models import Appeal, Matter, Measure, Share
from ..procedure import REVIEW
from ..selectors import matters_visible_to

OPEN_STAGES = [Matter.Stage.REFERRED, Matter.Stage.ASSESSED, Matter.Stage.PROPOSED,
               Matter.Stage.IN_FORCE, Matter.Stage.NO_MEASURES]
#: "Due for review": the next scheduled review falls within this many days (or has passed).
REVIEW_SOON_DAYS = 7


@dataclass(frozen=True)
class MatterFilters:
    stage: str = ""
    due_for_review: bool = False
    appeal_pending: bool = False
    measure_type: str = ""
    search: str = ""


def matter_queue(*, membership: Membership, filters: MatterFilters,
                 today: dt.date | None = None) -> QuerySet[Matter]:
    """The matters the member may see (the convener: all; anyone else: those they are convened
    on), filtered, next deadline first. One query per page whatever its size: the student and
    case are joined, the count of measures in force is a subquery per row."""
    today = today or timezone.localdate()
    inst = membership.institution_id
    matters = with_queue_columns(matters_visible_to(membership), institution_id=inst,
                                 today=today)
    if filters.stage:
        matters = matters.filter(stage=filters.stage)
    if filters.due_for_review:
        content_type = ContentType.objects.get_for_model(Matter)
        matters = matters.filter(Exists(
            Deadline.objects.for_institution(inst).filter(
                content_type=content_type, object_id=OuterRef("pk"), rule=REVIEW,
                status__in=(Deadline.Status.RUNNING, Deadline.Status.PAUSED),
                due_date__lte=today + dt.timedelta(days=REVIEW_SOON_DAYS))))
    if filters.appeal_pending:
        matters = matters.filter(Exists(Appeal.objects.for_institution(inst).filter(
            matter=OuterRef("pk"), status=Appeal.Status.UNDER_REVIEW)))
    if filters.measure_type:
        matters = matters.filter(Exists(Measure.objects.for_institution(inst).filter(
            matter=OuterRef("pk"), status=Measure.Status.ACTIVE,
            measure_type__code=filters.measure_type)))
    if filters.search:
        term = filters.search.strip()
        matters = matters.filter(Q(reference__icontains=term)
                                 | Q(student__student_id__iexact=term))
    return matters.order_by(F("next_due").asc(nulls_last=True), "-created_at", "-pk")


def with_queue_columns(matters: QuerySet[Matter], *, institution_id: int,
                       today: dt.date) -> QuerySet[Matter]:
    """The student and case joined; the number of measures in force (``active_count``) and
    whether the matter is overdue (``is_overdue``) annotated: no query per row."""
    active = (Measure.objects.for_institution(institution_id)
              .filter(matter=OuterRef("pk"), status=Measure.Status.ACTIVE)
              .order_by().values("matter").annotate(n=Count("pk")).values("n"))
    return matters.select_related("student", "case").annotate(
        active_count=Coalesce(Subquery(active, output_field=IntegerField()), 0),
        is_overdue=DbCase(
            When(Q(stage__in=OPEN_STAGES) & Matter.overdue_on(today), then=True),
            default=Value(False), output_field=BooleanField()))


def matter_summary_row(*, institution, matter_id: int) -> Matter:
    """One matter with the queue's columns (the caller has already been let see it)."""
    return with_queue_columns(Matter.objects.for_institution(institution),
                              institution_id=institution.pk,
                              today=timezone.localdate()).get(pk=matter_id)


@dataclass(frozen=True)
class SecurityMeasure:
    """What security is told of a measure in force: whom it binds, what it is, where it
    applies and until when. No reasons, no allegation, no risk assessment, no photograph."""

    student_name: str
    student_id: str
    measure_type: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date | None


def security_active_measures(*, institution) -> list[SecurityMeasure]:
    """The measures in force that were shared with security (or that vary one that was): one
    query."""
    shared = Share.objects.for_institution(institution).filter(
        recipient_kind=Share.Recipient.SECURITY)
    rows = (Measure.objects.for_institution(institution)
            .filter(status=Measure.Status.ACTIVE)
            .filter(Q(shares__in=shared) | Q(varies__shares__in=shared))
            .select_related("matter__student", "measure_type")
            .distinct().order_by("matter__student__family_name", "starts_on", "pk"))
    return [SecurityMeasure(student_name=m.matter.student.full_name,
                            student_id=m.matter.student.student_id,
                            measure_type=m.measure_type.name, scope=m.scope,
                            starts_on=m.starts_on, ends_on=m.ends_on) for m in rows]
