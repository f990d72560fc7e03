"""Read-only queries for cases: the caseworker queue, the case page, previous misconduct."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.utils import timezone

from accounts.models import Membership
from institutions.calendar import WorkingCalendar
from institutions.models import Deadline
from institutions.procedure import Cohort, Rule
from institutions.selectors import deadlines_for

from .models import (
    BOARD_ROLES,
    OPEN_STAGES,
    Case,
    CaseAssignment,
    CaseRole,
    CaseSettings,
    Outcome,
    Student,
)
from .permissions import cases_visible_to

OPEN_DEADLINE = (Deadline.Status.RUNNING, Deadline.Status.PAUSED)


class DeadlineStatus:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    CHOICES = [(OVERDUE, "Overdue"), (DUE_SOON, "Due within 2 working days"),
               (ON_TRACK, "On track")]


@dataclass(frozen=True)
class QueueFilters:
    stage: str = ""
    assignee: int | None = None
    cohort: str = ""
    deadline_status: str = ""
    search: str = ""


def case_queue(*, membership: Membership, filters: QueueFilters,
               today: dt.date | None = None) -> QuerySet[Case]:
    """The cases the member may see, filtered, next deadline first. Each case carries its next
    deadline (``next_due``, ``next_purpose``, ``next_kind``: kept on the case by the deadline
    services, institutions.models.TracksDeadlines) and ``is_overdue``. One query, whatever
    the page size, read off the ``case_queue*`` indexes however many cases there are."""
    today = today or timezone.localdate()
    institution_id = membership.institution_id
    cases = (
        cases_visible_to(membership=membership)
        .select_related("respondent")
        .annotate(
            # A closed case has no work left: a deadline it missed on the way is history,
            # not something overdue.
            is_overdue=DbCase(
                When(Q(stage__in=list(OPEN_STAGES)) & Case.overdue_on(today), then=True),
                default=Value(False), output_field=BooleanField()),
        )
    )
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.cohort:
        cases = cases.filter(cohort=filters.cohort)
    if filters.assignee:
        cases = cases.filter(Exists(
            CaseAssignment.objects.for_institution(institution_id).filter(
                case=OuterRef("pk"), user_id=filters.assignee, ended_at__isnull=True)))
    if filters.search:
        term = filters.search.strip()
        # The students first (0 or 1, off the student_id_search index), so that the OR below
        # is two index lookups PostgreSQL can combine (the reference's trigrams, the
        # respondent's key) rather than a subquery tested against every case.
        students = list(Student.objects.for_institution(institution_id).filter(
            student_id__iexact=term).values_list("pk", flat=True))
        cases = cases.filter(Q(reference__icontains=term) | Q(respondent_id__in=students))
    if filters.deadline_status:
        soon = WorkingCalendar(membership.institution).add_working_days(today, 2).date
        overdue = Q(stage__in=list(OPEN_STAGES)) & Case.overdue_on(today)
        if filters.deadline_status == DeadlineStatus.OVERDUE:
            cases = cases.filter(overdue)
        elif filters.deadline_status == DeadlineStatus.DUE_SOON:
            cases = cases.exclude(overdue).filter(next_due__gte=today, next_due__lte=soon)
        elif filters.deadline_status == DeadlineStatus.ON_TRACK:
            cases = cases.exclude(overdue).filter(
                Q(next_due__gt=soon) | Q(next_due__isnull=True))
    return cases.order_by(F("next_due").asc(nulls_last=True), "-created_at", "-pk")


class Clock:
    """What the queue and My work say about a case's clock (``clock_of``): finer than the
    deadline filter's three states."""
    CLOSED = "closed"
    OVERDUE = "overdue"
    PAUSED = "paused"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NONE = "none"
    CHOICES = [(CLOSED, "Closed"), (OVERDUE, "Overdue"), (PAUSED, "Paused"),
               (DUE_TODAY, "Due today"), (DUE_SOON, "Due within 2 working days"),
               (ON_TRACK, "On track"), (NONE, "None running")]
    LABELS = dict(CHOICES)


def clock_of(case: Case, *, today: dt.date, soon: dt.date) -> str:
    """A closed case has no running clock; an overdue one says so before anything else; a
    paused case is paused, not "on track"; a deadline falling due today says so."""
    if case.stage not in OPEN_STAGES:
        return Clock.CLOSED
    if getattr(case, "is_overdue", False):
        return Clock.OVERDUE
    if case.is_paused:
        return Clock.PAUSED
    due = getattr(case, "next_due", None)
    if due is None:
        return Clock.NONE
    if due <= today:
        return Clock.DUE_TODAY
    if due <= soon:
        return Clock.DUE_SOON
    return Clock.ON_TRACK


def deadline_status_of(case: Case, *, today: dt.date, soon: dt.date) -> str:
    if getattr(case, "is_overdue", False):
        return DeadlineStatus.OVERDUE
    due = getattr(case, "next_due", None)
    if due is not None and due <= soon:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK


def previous_proven_misconduct(case: Case) -> list[Outcome]:
    """The respondent's earlier proven misconduct that counts (§47-48): current outcomes on
    the student's record in other cases. Informal outcomes never count (§31)."""
    return list(previous_misconduct_outcomes(case).prefetch_related("penalties__penalty_type"))


def previous_misconduct_outcomes(case: Case) -> QuerySet[Outcome]:
    """:func:`previous_proven_misconduct` as a queryset (penalties not prefetched)."""
    return (
        Outcome.objects.for_institution(case.institution_id)
        .filter(case__respondent_id=case.respondent_id, is_current=True,
                on_student_record=True)
        .exclude(case=case)
        .exclude(kind=Outcome.Kind.INFORMAL)
        .select_related("case")
        .order_by("-decided_on")
    )


def previous_informal_outcomes(case: Case) -> list[Outcome]:
    """The respondent's earlier informal outcomes that found misconduct. They are not on the
    student's file and are not previous disciplinary record (§31, §47.1), but "may be
    considered in any subsequent investigation under the formal stage" (§31): shown apart
    from :func:`previous_proven_misconduct`, labelled as such."""
    return list(
        Outcome.objects.for_institution(case.institution_id)
        .filter(case__respondent_id=case.respondent_id, is_current=True,
                kind=Outcome.Kind.INFORMAL, result=Outcome.Result.MISCONDUCT)
        .exclude(case=case)
        .select_related("case")
        .prefetch_related("penalties__penalty_type")
        .order_by("-decided_on")
    )


def case_assignments(case: Case, *, active_only: bool = True) -> list[CaseAssignment]:
    qs = CaseAssignment.objects.for_institution(case.institution_id).filter(case=case)
    if active_only:
        qs = qs.filter(ended_at__isnull=True)
    return list(qs.select_related("user"))


def case_history(case: Case):
    """The audit events about the case, newest first (the case's timeline)."""
    from audit.models import AuditEvent

    return (AuditEvent.objects.for_institution(case.institution_id)
            .filter(object_type="cases.case", object_id=str(case.pk))
            .exclude(action="read")
            .order_by("-sequence"))


# -- what the procedure's next steps depend on (read by policies and services) --------------
APPEALABLE = (Outcome.Result.MISCONDUCT, Outcome.Result.UPHELD)
SHORT_PROGRAMMES = (Cohort.SUMMER_SCHOOL, Cohort.EXECUTIVE_EDUCATION)


APPEALABLE_KINDS = (Outcome.Kind.INFORMAL, Outcome.Kind.FORMAL, Outcome.Kind.BOARD)


def appealable_outcome(case: Case, *, outcomes: list[Outcome] | None = None
                       ) -> Outcome | None:
    """The current decision against the student that may be appealed. ``outcomes``: the
    case's outcomes, already loaded (the case file)."""
    if outcomes is not None:
        found = [o for o in outcomes if o.is_current and o.result in APPEALABLE
                 and o.kind in APPEALABLE_KINDS]
        return max(found, key=lambda o: (o.decided_on, o.pk), default=None)
    return (Outcome.objects.for_institution(case.institution_id)
            .filter(case=case, is_current=True, result__in=APPEALABLE,
                    kind__in=list(APPEALABLE_KINDS))
            .order_by("-decided_on", "-pk").first())


def appeal_window(case: Case, against: Outcome, *, deadlines: list[Deadline] | None = None
                  ) -> Deadline | None:
    rule = (Rule.INFORMAL_APPEAL_WINDOW if against.kind == Outcome.Kind.INFORMAL
            else Rule.APPEAL_WINDOW)
    if deadlines is None:
        deadlines = deadlines_for(institution=case.institution, subject=case)
    windows = [d for d in deadlines if d.rule == rule and d.status != Deadline.Status.CANCELLED]
    return windows[-1] if windows else None


def board_members(case: Case, *, assignments: list[CaseAssignment] | None = None
                  ) -> list[CaseAssignment]:
    """The Board's current members, chair first (the order the notice lists them in).
    ``assignments``: the case's assignments, already loaded."""
    if assignments is not None:
        members = [a for a in assignments if a.role in BOARD_ROLES and a.ended_at is None]
    else:
        members = list(
            CaseAssignment.objects.for_institution(case.institution_id)
            .filter(case=case, role__in=BOARD_ROLES, ended_at__isnull=True)
            .select_related("user"))
    return sorted(members, key=lambda m: (BOARD_ROLES.index(m.role), m.assigned_at, m.pk))


def board_membership_problem(case: Case, *, assignments: list[CaseAssignment] | None = None
                             ) -> str | None:
    """Why the Board as appointed cannot sit, or None. Three members: chair, Students' Union
    officer, academic (§53); for Summer School and Executive Education the institution may
    convene any two, the chair with a casting vote (§54)."""
    members = board_members(case, assignments=assignments)
    roles = Counter(m.role for m in members)
    procedure = CaseSettings.of(case.institution)
    board = procedure.board_label
    if roles[CaseRole.BOARD_CHAIR] != 1:
        return f"The {board} needs a chair."
    if len(members) == 3 and all(roles[r] == 1 for r in BOARD_ROLES):
        return None
    may_sit_as_two = case.cohort in SHORT_PROGRAMMES and procedure.short_programme_board_of_two
    if len(members) == 2 and may_sit_as_two:
        return None
    if may_sit_as_two:
        return f"The {board} needs a chair and one or two other members (§54)."
    return (f"The {board} needs three members: a chair, a Students' "
            f"Union officer and an academic member (§53).")


def case_precautionary_measures(case: Case) -> list:
    """The precautionary measures on the case as its investigator is told of them (002 §38):
    the kind of measure, its scope and dates, never the risk assessment or the reasons."""
    from precautionary.selectors import measures_on_case

    return measures_on_case(case)
