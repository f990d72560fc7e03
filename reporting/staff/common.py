"""Small pieces shared by the staff report pages: URLs, deadline tags, who the reporter is
shown as, and the repeat-respondent signal for a whole page of the queue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse

from accounts.models import Membership
from cases.permissions import cases_visible_to
from institutions.calendar import WorkingCalendar
from institutions.models import Deadline

from ..models import InvolvedPerson, Report, ReportEvidence
from ..permissions import reports_visible_to
from ..selectors import RepeatFlag
from ..services.evidence import evidence_download_name

SOON_WORKING_DAYS = 2
OVERDUE = ("overdue", "Overdue")
SOON = ("soon", "Due soon")


def report_url(report: Report) -> str:
    return reverse("staff:reporting:detail", kwargs={
        "institution_slug": report.institution.slug, "report_id": report.pk})


def case_url(institution, case_id: int) -> str:
    # The case pages belong to the cases app; a plain path keeps this page independent of
    # how that app names its URLs.
    return f"/{institution.slug}/staff/cases/{case_id}/"


def flag_url(institution, flag: RepeatFlag) -> str:
    if flag.kind == "case":
        return case_url(institution, flag.pk)
    return reverse("staff:reporting:detail", kwargs={
        "institution_slug": institution.slug, "report_id": flag.pk})


def soon_limit(institution, today: dt.date, *, closures=None) -> dt.date:
    """The last day that counts as 'due soon': two working days ahead. ``closures``: the
    institution's closure days, if already read."""
    return WorkingCalendar(institution, closures=closures).add_working_days(
        today, SOON_WORKING_DAYS).date


def deadline_tag(deadline: Deadline, *, today: dt.date, soon: dt.date):
    if deadline.status == Deadline.Status.MISSED and deadline.completed_on is None:
        return OVERDUE
    if deadline.status == Deadline.Status.RUNNING and deadline.due_date < today:
        return OVERDUE
    if deadline.is_open and deadline.due_date <= soon:
        return SOON
    return None


def reporter_label(report: Report, *, custodian: bool) -> str:
    """How this viewer sees the reporter: a name only for identity custodians."""
    if report.is_anonymous:
        return "Anonymous"
    return (report.contact_name or report.pseudonym) if custodian else report.pseudonym


def person_label(person: InvolvedPerson, *, custodian: bool) -> str:
    """Someone involved: named for custodians, 'a student' etc. for everyone else."""
    if custodian and person.name:
        return person.name
    return person.get_role_display()


def evidence_name(evidence: ReportEvidence, *, custodian: bool) -> str:
    """A file's name can carry the reporter's name; others get a neutral one."""
    return evidence_download_name(evidence, custodian=custodian)


def repeat_flags_for_page(*, reports: list[Report], membership: Membership
                          ) -> dict[int, list[RepeatFlag]]:
    """reporting.selectors.repeat_respondent_flags for a whole page of reports in three
    queries, whatever the page size: the page's involved people, the other reports naming
    the same keys (limited to those the viewer may see), and the visible cases whose
    respondent has the same student ID or email."""
    institution_id = membership.institution_id
    flags: dict[int, list[RepeatFlag]] = defaultdict(list)
    if not reports:
        return flags
    people = list(InvolvedPerson.objects.for_institution(institution_id)
                  .filter(report_id__in=[r.pk for r in reports]))
    sid_keys = {p.student_id_key for p in people if p.student_id_key}
    email_keys = {p.email_key for p in people if p.email_key}
    if sid_keys or email_keys:
        matches = (InvolvedPerson.objects.for_institution(institution_id)
                   .filter(Q(student_id_key__in=sid_keys) | Q(email_key__in=email_keys))
                   .filter(report__in=reports_visible_to(membership=membership))
                   .values_list("report_id", "report__reference", "student_id_key",
                                "email_key"))
        by_key: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
        for report_id, reference, sid_key, email_key in matches:
            if sid_key:
                by_key["sid", sid_key].add((report_id, reference))
            if email_key:
                by_key["email", email_key].add((report_id, reference))
        for person in people:
            found = by_key.get(("sid", person.student_id_key), set()) if \
                person.student_id_key else set()
            if person.email_key:
                found = found | by_key.get(("email", person.email_key), set())
            for report_id, reference in found:
                if report_id != person.report_id:
                    flags[person.report_id].append(RepeatFlag("report", report_id, reference))
    ids_of: dict[int, set[str]] = defaultdict(set)
    emails_of: dict[int, set[str]] = defaultdict(set)
    for person in people:
        if person.student_id.strip():
            ids_of[person.report_id].add(person.student_id.strip())
        if person.email.strip():
            emails_of[person.report_id].add(person.email.strip().lower())
    all_ids = set().union(*ids_of.values()) if ids_of else set()
    all_emails = set().union(*emails_of.values()) if emails_of else set()
    if all_ids or all_emails:
        cases = list(cases_visible_to(membership=membership)
                     .filter(Q(respondent__student_id__in=all_ids)
                             | Q(respondent__email__in=all_emails))
                     .values_list("pk", "reference", "respondent__student_id",
                                  "respondent__email"))
        for report in reports:
            for pk, reference, student_id, email in cases:
                if pk == report.case_id:
                    continue
                if student_id in ids_of[report.pk] or email in emails_of[report.pk]:
                    flags[report.pk].append(RepeatFlag("case", pk, reference))
    return {pk: _unique(found) for pk, found in flags.items()}


def _unique(flags: list[RepeatFlag]) -> list[RepeatFlag]:
    seen, result = set(), []
    for flag in flags:
        if flag not in seen:
            seen.add(flag)
            result.append(flag)
    return result
