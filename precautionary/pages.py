"""What the staff pages read of precautionary matters: the queue with its filters, the matter's
file in a fixed number of queries, and the security list of measures in force (§22). Reads
only; every change is a service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, QuerySet

from accounts.models import Membership
from institutions.models import Deadline
from letters.models import Letter

from .models import (
    Appeal,
    Breach,
    Decision,
    Matter,
    MatterMember,
    Measure,
    ProtectedPerson,
    Review,
    RiskAssessment,
    Share,
)
from .procedure import APPEAL, REVIEW
from .selectors import matters_visible_to

#: "Due for review": the next review falls due within this many days, or has passed.
REVIEW_SOON_DAYS = 14
OPEN_DEADLINE = (Deadline.Status.RUNNING, Deadline.Status.PAUSED, Deadline.Status.MISSED)


@dataclass(frozen=True)
class MatterFilters:
    stage: str = ""
    review_due: bool = False
    appeal_pending: bool = False
    measure_type: str = ""
    search: str = ""

    @property
    def any(self) -> bool:
        return bool(self.stage or self.review_due or self.appeal_pending or self.measure_type
                    or self.search)


def matter_queue(*, membership: Membership, filters: MatterFilters,
                 today: dt.date) -> QuerySet[Matter]:
    """The matters ``membership`` may see, filtered, nearest deadline first; each row with its
    student and its measures in force (and their types)."""
    matters = matters_visible_to(membership)
    inst = membership.institution_id
    if filters.stage:
        matters = matters.filter(stage=filters.stage)
    if filters.review_due:
        due = Deadline.objects.for_institution(inst).filter(
            content_type=ContentType.objects.get_for_model(Matter), rule=REVIEW,
            status__in=OPEN_DEADLINE,
            due_date__lte=today + dt.timedelta(days=REVIEW_SOON_DAYS)).values("object_id")
        matters = matters.filter(pk__in=due)
    if filters.appeal_pending:
        matters = matters.filter(pk__in=Appeal.objects.for_institution(inst).filter(
            status=Appeal.Status.UNDER_REVIEW).values("matter_id"))
    if filters.measure_type:
        matters = matters.filter(pk__in=Measure.objects.for_institution(inst).filter(
            status=Measure.Status.ACTIVE, measure_type__code=filters.measure_type)
            .values("matter_id"))
    if filters.search:
        matters = matters.filter(reference__icontains=filters.search)
    active = Measure.objects.for_institution(inst).filter(
        status=Measure.Status.ACTIVE).select_related("measure_type")
    return (matters.select_related("student")
            .prefetch_related(Prefetch("measures", queryset=active, to_attr="in_force"))
            .order_by(F("next_due").asc(nulls_last=True), "-created_at", "-pk"))


@dataclass
class MatterFile:
    members: list[MatterMember]
    protected: list[ProtectedPerson]
    assessments: list[RiskAssessment]
    decisions: list[Decision]
    measures: list[Measure]
    appeals: list[Appeal]
    reviews: list[Review]
    shares: list[Share]
    breaches: list[Breach]
    deadlines: list[Deadline]
    letters: list[Letter]


def matter_file(matter: Matter) -> MatterFile:
    """Everything the matter page shows, one query per kind of row."""
    inst = matter.institution_id
    measures = list(Measure.objects.for_institution(inst).filter(matter=matter)
                    .select_related("measure_type").prefetch_related("protected"))
    decisions = list(Decision.objects.for_institution(inst).filter(matter=matter)
                     .select_related("proposed_by", "decided_by"))
    for decision in decisions:
        decision.measure_list = [m for m in measures if m.decision_id == decision.pk]
    return MatterFile(
        members=list(MatterMember.objects.for_institution(inst).filter(matter=matter)
                     .select_related("user")),
        protected=list(ProtectedPerson.objects.for_institution(inst).filter(matter=matter)),
        assessments=list(RiskAssessment.objects.for_institution(inst).filter(matter=matter)
                         .select_related("assessed_by")),
        decisions=decisions,
        measures=measures,
        appeals=list(Appeal.objects.for_institution(inst).filter(matter=matter)
                     .select_related("reviewer")),
        reviews=list(Review.objects.for_institution(inst).filter(matter=matter)
                     .select_related("reviewed_by")),
        shares=list(Share.objects.for_institution(inst).filter(matter=matter)
                    .select_related("shared_by")),
        breaches=list(Breach.objects.for_institution(inst).filter(matter=matter)
                      .select_related("measure__measure_type", "recorded_by")),
        deadlines=sorted(Deadline.objects.for_institution(inst).filter(
            content_type=ContentType.objects.get_for_model(Matter), object_id=matter.pk),
            key=lambda d: (not d.is_open, d.due_date)),
        letters=list(Letter.objects.for_institution(inst).filter(
            about_type=ContentType.objects.get_for_model(Matter), about_id=matter.pk)
            .order_by("issued_on", "pk")),
    )


def appeal_window(matter: Matter) -> Deadline | None:
    return (Deadline.objects.for_institution(matter.institution_id)
            .filter(content_type=ContentType.objects.get_for_model(Matter),
                    object_id=matter.pk, rule=APPEAL).order_by("-pk").first())


@dataclass(frozen=True)
class MeasureForSecurity:
    """What security staff are told of a measure in force for enforcement (§22): who, a
    description without a photo, the kind of measure, its scope and until when. Never the
    reasons, the risk assessment or the allegation."""

    name: str
    description: str
    type: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date | None


def measures_for_security(institution) -> QuerySet[Measure]:
    """The institution's measures in force, by student (only the columns the list shows)."""
    return (Measure.objects.for_institution(institution).filter(status=Measure.Status.ACTIVE)
            .select_related("matter__student", "measure_type")
            .order_by("matter__student__family_name", "matter__student__given_name", "pk"))


def for_security(measure: Measure) -> MeasureForSecurity:
    student = measure.matter.student
    description = f"Student ID {student.student_id}"
    if student.programme:
        description += f", {student.programme}"
    return MeasureForSecurity(name=student.full_name, description=description,
                              type=measure.measure_type.name, scope=measure.scope,
                              starts_on=measure.starts_on, ends_on=measure.ends_on)
