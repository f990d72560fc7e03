"""Read-only queries for Report + Support: the triage queue, the repeat-respondent signal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, F, Q, QuerySet, Value, When
from django.db.models import Case as DbCase
from django.utils import timezone

from accounts.models import Membership
from cases.models import Case, Student
from cases.permissions import cases_visible_to

from .models import InvolvedPerson, Report, ReportTag
from .permissions import reports_visible_to

#: What a queue row never shows: left in the database, so 25 rows decrypt 25 names at most
#: (for identity custodians), not 150 texts (issue 9).
NOT_IN_QUEUE = ("narrative", "location_detail", "contact_email", "contact_phone",
                "contact_student_id")


@dataclass(frozen=True)
class ReportFilters:
    status: str = ""
    assignee: int | None = None
    tag: str = ""
    search: str = ""
    awaiting_staff: bool = False


def report_queue(*, membership: Membership, filters: ReportFilters,
                 today: dt.date | None = None) -> QuerySet[Report]:
    """Reports the member may see: those waiting for staff first, then by next deadline
    (kept on the report by the deadline services, institutions.models.TracksDeadlines), then
    newest. One query per page, read off the ``report_queue*`` indexes."""
    today = today or timezone.localdate()
    reports = (
        reports_visible_to(membership=membership)
        .select_related("assignee")
        .defer(*NOT_IN_QUEUE)
        .annotate(is_overdue=DbCase(When(Report.overdue_on(today), then=True),
                                    default=Value(False), output_field=BooleanField()))
    )
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.assignee:
        reports = reports.filter(assignee_id=filters.assignee)
    if filters.tag:
        # The tag's key first (labels are unique per institution), so that the reports are
        # found from the tag's rows of the link table, not by testing every link's label.
        tag = list(ReportTag.objects.for_institution(membership.institution_id)
                   .filter(label=filters.tag).values_list("pk", flat=True))
        reports = reports.filter(tags__in=tag)
    if filters.awaiting_staff:
        reports = reports.filter(awaiting_staff=True)
    if filters.search:
        reports = reports.filter(reference__icontains=filters.search.strip())
    return reports.order_by("-awaiting_staff", F("next_due").asc(nulls_last=True),
                            "-submitted_on", "-pk")


@dataclass(frozen=True)
class RepeatFlag:
    kind: str  # "report" or "case"
    pk: int
    reference: str


def repeat_respondent_flags(*, report: Report, membership: Membership) -> list[RepeatFlag]:
    """Other reports and cases of the same institution naming the same person (by student ID
    or email), limited to those the viewer may also see. Never shown to the reporter."""
    people = list(InvolvedPerson.objects.for_institution(report.institution_id)
                  .filter(report=report))
    flags = []
    others = repeat_flag_reports(report=report, membership=membership, people=people)
    if others is not None:
        flags += [RepeatFlag("report", r.pk, r.reference) for r in others]
    cases = repeat_flag_cases(report=report, membership=membership, people=people)
    if cases is not None:
        flags += [RepeatFlag("case", c.pk, c.reference) for c in cases]
    return flags


def repeat_flag_reports(*, report: Report, membership: Membership,
                        people: list[InvolvedPerson]) -> QuerySet[Report] | None:
    """The other reports the viewer may see that name someone this report names (``people``,
    its involved people), matched by the keyed hashes of student ID and email; None when
    nobody named has either. The keys are given as values, so PostgreSQL reads the two key
    indexes and combines them, instead of testing every person of the institution against a
    subquery (the report page at a million reports, BENCHMARKS.md)."""
    sids = sorted({p.student_id_key for p in people if p.student_id_key})
    emails = sorted({p.email_key for p in people if p.email_key})
    if not sids and not emails:
        return None
    match = Q(pk__in=[])
    if sids:
        match |= Q(student_id_key__in=sids)
    if emails:
        match |= Q(email_key__in=emails)
    others = (InvolvedPerson.objects.for_institution(report.institution_id)
              .filter(match).exclude(report=report).values("report_id"))
    return reports_visible_to(membership=membership).filter(pk__in=others)


def repeat_flag_cases(*, report: Report, membership: Membership,
                      people: list[InvolvedPerson]) -> QuerySet[Case] | None:
    """The cases the viewer may see whose respondent is someone this report names
    (``people``, its involved people, decrypted), or None when nobody named has a student
    ID or email."""
    ids = {p.student_id.strip() for p in people if p.student_id.strip()}
    emails = {p.email.strip().lower() for p in people if p.email.strip()}
    if not ids and not emails:
        return None
    students = Student.objects.for_institution(report.institution_id).filter(
        Q(student_id__in=ids) | Q(email__in=emails)).values("pk")
    cases = cases_visible_to(membership=membership).filter(respondent__in=students)
    if report.case_id:
        cases = cases.exclude(pk=report.case_id)
    return cases


def case_repeat_flags(*, case: Case, membership: Membership) -> list[RepeatFlag]:
    """Reports (visible to the viewer) naming this case's respondent."""
    from .secrets import match_key

    keys_sid = match_key(case.institution_id, "sid", case.respondent.student_id)
    keys_email = match_key(case.institution_id, "email", case.respondent.email)
    match = Q(student_id_key=keys_sid) if keys_sid else Q(pk__in=[])
    if keys_email:
        match |= Q(email_key=keys_email)
    report_ids = InvolvedPerson.objects.for_institution(case.institution_id).filter(
        match).values("report_id")
    visible = reports_visible_to(membership=membership).filter(pk__in=report_ids).exclude(
        case=case)
    return [RepeatFlag("report", r.pk, r.reference) for r in visible]
