"""Reading precautionary matters: who sees which (need-to-know, §21), and what other parts of
the application may be told (§38: the investigator sees the measures, never the assessment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership
from accounts.permissions import access_institution
from accounts.roles import Role
from audit.services import audit_read
from institutions.models import Deadline
from letters.models import Letter

from .models import (
    Appeal,
    Breach,
    Matter,
    MatterMember,
    MatterRole,
    Measure,
    RiskAssessmentRequest,
    Share,
)
from .procedure import REVIEW

#: Who convenes the group and so sees every matter of the institution (the Secretary / the
#: Academic Registrar, who decides how cases proceed, §37).
CONVENER = Role.DECISION_MAKER


def matters_visible_to(membership: Membership) -> QuerySet[Matter]:
    """The matters ``membership`` may see: all of them for the convener; otherwise only those
    the person is convened for (membership of one matter gives access to that matter only)."""
    matters = Matter.objects.for_institution(membership.institution_id)
    if membership.has_role(CONVENER):
        return matters
    mine = MatterMember.objects.for_institution(membership.institution_id).filter(
        user_id=membership.user_id, ended_at__isnull=True).values("matter_id")
    return matters.filter(pk__in=mine)


def access_matter(*, user, institution, matter_id, membership: Membership | None = None
                  ) -> tuple[Matter, Membership]:
    """The matter and the caller's membership, or 404 for a matter that is missing, of another
    institution, or not the caller's to see; records the read."""
    if membership is None or membership.user_id != user.pk \
            or membership.institution_id != getattr(institution, "pk", institution):
        membership = access_institution(user=user, institution=institution)
    try:
        matter = matters_visible_to(membership).select_related("student", "institution").get(
            pk=int(matter_id))
    except (Matter.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    audit_read(institution=matter.institution, actor=user, obj=matter, what="precautionary matter")
    return matter, membership


@dataclass(frozen=True)
class MeasureOnCase:
    """What the investigator of a case is told of a measure (§38): its kind, scope and dates,
    never the risk assessment, the reasons or the allegation."""

    type: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date | None
    status: str


def measures_on_case(case) -> list[MeasureOnCase]:
    """The measures decided on the matters linked to ``case`` (in force first)."""
    rows = (Measure.objects.for_institution(case.institution_id)
            .filter(matter__case_id=case.pk)
            .exclude(status__in=(Measure.Status.PROPOSED, Measure.Status.WITHDRAWN))
            .select_related("measure_type").order_by("starts_on", "pk"))
    out = [MeasureOnCase(type=m.measure_type.name, scope=m.scope, starts_on=m.starts_on,
                         ends_on=m.ends_on, status=m.get_status_display()) for m in rows
           if m.status == Measure.Status.ACTIVE]
    out += [MeasureOnCase(type=m.measure_type.name, scope=m.scope, starts_on=m.starts_on,
                          ends_on=m.ended_on or m.ends_on, status=m.get_status_display())
            for m in rows if m.status != Measure.Status.ACTIVE]
    return out


def measures_blocking_completion(case) -> list[Measure]:
    """Measures still in force on the case's matters whose matter does not record why they
    continue after the case (002 §19: measures are pending the outcome)."""
    return list(Measure.objects.for_institution(case.institution_id)
                .filter(matter__case_id=case.pk, status=Measure.Status.ACTIVE,
                        matter__continues_after_case_reason="")
                .select_related("measure_type", "matter"))


def breaches_to_refer(case) -> QuerySet[Breach]:
    """Breaches of a measure and reports of victimisation recorded on the open matters linked
    to ``case`` and not yet referred as an allegation on it (§23): what the case's decision
    maker may take up."""
    return (Breach.objects.for_institution(case.institution_id)
            .filter(matter__case_id=case.pk)
            .exclude(matter__stage=Matter.Stage.CLOSED)
            .exclude(action=Breach.Action.NEW_ALLEGATION)
            .select_related("matter", "measure__measure_type")
            .order_by("occurred_on", "pk"))


def group_seats_on_case(case) -> QuerySet[MatterMember]:
    """The places held, now or before, (chair or member) on the groups of the matters linked to
    ``case``, anyone's: a conflict for a place on the case (cases/conflicts.py). A place that
    has ended still counts, as a place on the case does for the group (precautionary/
    conflicts.py): who has judged the risk the student poses has prior involvement."""
    return (MatterMember.objects.for_institution(case.institution_id)
            .filter(matter__case_id=case.pk,
                    role__in=(MatterRole.CHAIR, MatterRole.MEMBER))
            .select_related("matter").order_by("matter_id", "pk"))


def active_measures(matter: Matter) -> list[Measure]:
    return list(Measure.objects.for_institution(matter.institution_id)
                .filter(matter=matter, status=Measure.Status.ACTIVE)
                .select_related("measure_type"))


# -- the queue (the pages and the API) ------------------------------------------------------
#: "Due for review": the next review falls due within this many days, or has passed.
REVIEW_SOON_DAYS = 14
OPEN_STAGES = [Matter.Stage.REFERRED, Matter.Stage.ASSESSED, Matter.Stage.PROPOSED,
               Matter.Stage.IN_FORCE, Matter.Stage.NO_MEASURES]
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
                 today: dt.date | None = None) -> QuerySet[Matter]:
    """The matters ``membership`` may see (the convener: all; anyone else: those they are
    convened on), filtered, nearest deadline first (then newest, then the key: a total order
    for paging). Each row with its student and case, the number of its measures in force
    (``active_count``), whether it is overdue (``is_overdue``) and its measures in force with
    their types (``in_force``, one prefetch): the same queries whatever the page size."""
    today = today or timezone.localdate()
    inst = membership.institution_id
    matters = matters_visible_to(membership)
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
        term = filters.search.strip()
        matters = matters.filter(Q(reference__icontains=term)
                                 | Q(student__student_id__iexact=term))
    return (with_queue_columns(matters, institution_id=inst, today=today)
            .order_by(F("next_due").asc(nulls_last=True), "-created_at", "-pk"))


def with_queue_columns(matters: QuerySet[Matter], *, institution_id: int,
                       today: dt.date) -> QuerySet[Matter]:
    """The queue's columns on ``matters``: student and case joined, ``active_count``,
    ``is_overdue`` and the ``in_force`` measures prefetched."""
    active = Measure.objects.for_institution(institution_id).filter(
        status=Measure.Status.ACTIVE)
    count = (active.filter(matter=OuterRef("pk")).order_by().values("matter")
             .annotate(n=Count("pk")).values("n"))
    return (matters.select_related("student", "case")
            .prefetch_related(Prefetch("measures",
                                       queryset=active.select_related("measure_type"),
                                       to_attr="in_force"))
            .annotate(
                active_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
                is_overdue=DbCase(
                    When(Q(stage__in=OPEN_STAGES) & Matter.overdue_on(today), then=True),
                    default=Value(False), output_field=BooleanField())))


def matter_summary_row(*, institution, matter_id: int) -> Matter:
    """One matter with the queue's columns (the caller has already been let see it)."""
    return with_queue_columns(Matter.objects.for_institution(institution),
                              institution_id=institution.pk,
                              today=timezone.localdate()).get(pk=matter_id)


# -- the matter's letters and history (for the group and the appeal reviewer) ------------------
def matter_letters(matter: Matter) -> QuerySet[Letter]:
    """Every letter about the matter and each version of it, in the order they were issued."""
    return (Letter.objects.for_institution(matter.institution_id)
            .filter(about_type=ContentType.objects.get_for_model(Matter), about_id=matter.pk)
            .order_by("issued_on", "pk"))


def matter_letter_get(matter: Matter, letter_id) -> Letter:
    """A letter about this matter (and so of this institution), or 404."""
    try:
        return matter_letters(matter).get(pk=int(letter_id))
    except (Letter.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


def matter_history(matter: Matter):
    """The audit events about the matter (its letters' included), oldest first; reads are
    kept apart (audit_read), so only changes appear."""
    from audit.models import AuditEvent

    return (AuditEvent.objects.for_institution(matter.institution_id)
            .filter(object_type=Matter._meta.label_lower, object_id=str(matter.pk))
            .exclude(action="read").order_by("sequence"))


# -- requests for a risk assessment waiting for the group (001; 002 §19-20) ---------------------
#: A short list on the queue page; the API pages them.
REQUESTS_SHOWN = 10


def risk_requests_open(institution) -> QuerySet[RiskAssessmentRequest]:
    """The requests no matter has taken up yet, oldest first (the longest waiting at the top),
    with the report or case they come from. For those who may open a matter (the convener and
    the members of the group): the caller checks."""
    return (RiskAssessmentRequest.objects.for_institution(institution)
            .filter(status=RiskAssessmentRequest.Status.OPEN)
            .select_related("report", "case__respondent", "requested_by")
            .order_by("requested_on", "pk"))


def risk_request_get(*, institution, request_id) -> RiskAssessmentRequest:
    """An open request of this institution, or 404 (one taken up already is not offered)."""
    try:
        return risk_requests_open(institution).get(pk=int(request_id))
    except (RiskAssessmentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


# -- security's list (§22 need-to-know) ------------------------------------------------------
@dataclass(frozen=True)
class SecurityMeasure:
    """What security is told of a measure in force, for enforcement: whom it binds (name and a
    description without a photograph), what it is, where it applies and until when. Never the
    reasons, the allegation or the risk assessment."""

    student_name: str
    student_id: str
    description: str
    measure_type: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date | None


def measures_for_security(institution) -> QuerySet[Measure]:
    """The measures in force that were shared with security (§22: "on a need to know basis"),
    or that vary one that was, by student. A measure never shared with security is not on
    security's list."""
    shared = Share.objects.for_institution(institution).filter(
        recipient_kind=Share.Recipient.SECURITY)
    return (Measure.objects.for_institution(institution)
            .filter(status=Measure.Status.ACTIVE)
            .filter(Q(shares__in=shared) | Q(varies__shares__in=shared))
            .select_related("matter__student", "measure_type").distinct()
            .order_by("matter__student__family_name", "matter__student__given_name",
                      "starts_on", "pk"))


def security_row(measure: Measure) -> SecurityMeasure:
    student = measure.matter.student
    description = f"Student ID {student.student_id}"
    if getattr(student, "programme", ""):
        description += f", {student.programme}"
    return SecurityMeasure(student_name=student.full_name, student_id=student.student_id,
                           description=description, measure_type=measure.measure_type.name,
                           scope=measure.scope, starts_on=measure.starts_on,
                           ends_on=measure.ends_on)
