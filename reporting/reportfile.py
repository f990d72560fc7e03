"""The report as the staff report page and the API's report detail show it, read in one query
(issue 9 §2), as cases/casefile.py reads a case.

:func:`report_file` reads the report's rows (people involved, files, deadlines, messages,
notes, appointments, support actions, tags, categories, risk-assessment requests), the other
reports naming the same people, the institution's role labels and reporting settings, and, for
a caseworker, the options of the casework forms, with :func:`core.batch.fetch_together`; it
puts the rows under the report's related managers (``report.involved.all()`` ...). The cases
naming the same people need the people's decrypted student IDs and emails: one more query, when
anyone named has one. Each part is the query the page made before (same filters, same order);
nothing is kept beyond the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from django.contrib.contenttypes.models import ContentType

from accounts.models import Membership, User
from core.batch import attach, fetch_together
from institutions.models import ClosureDay, Deadline, RoleLabel
from precautionary.models import RiskAssessmentRequest

from .models import (
    Appointment,
    InternalNote,
    InvolvedPerson,
    Report,
    ReportEvidence,
    ReportingSettings,
    ReportMessage,
    SupportAction,
    SupportService,
)
from .policies import CASEWORK
from .selectors import RepeatFlag, repeat_flag_cases, repeat_flag_reports
from .staff_forms import active_services, assignable_caseworkers

__all__ = ["ReportFile", "report_file"]


@dataclass
class ReportFile:
    report: Report
    involved: list[InvolvedPerson]
    evidence: list[ReportEvidence]
    deadlines: list[Deadline]
    #: With their authors; support actions with their service and who recorded them.
    messages: list[ReportMessage]
    notes: list[InternalNote]
    appointments: list[Appointment]
    support_actions: list[SupportAction]
    risk_requests: list[RiskAssessmentRequest]
    flags: list[RepeatFlag]
    #: The institution's closure days (for "due soon").
    closures: list[ClosureDay]
    #: The casework forms' options, for a caseworker; else None.
    caseworkers: list[User] | None
    services: list[SupportService] | None


def _repeat_flags(report: Report, membership: Membership,
                  people: list[InvolvedPerson]) -> list[RepeatFlag]:
    """The other reports and cases naming someone this report names: one more query, only
    when someone named has a student ID or email."""
    parts = {}
    reports = repeat_flag_reports(report=report, membership=membership, people=people)
    if reports is not None:
        parts["reports"] = reports
    cases = repeat_flag_cases(report=report, membership=membership, people=people)
    if cases is not None:
        parts["cases"] = cases
    if not parts:
        return []
    found = fetch_together(parts)
    return ([RepeatFlag("report", r.pk, r.reference) for r in found.get("reports", [])]
            + [RepeatFlag("case", c.pk, c.reference) for c in found.get("cases", [])])


def report_file(*, report: Report, membership: Membership) -> ReportFile:
    """Everything about ``report`` (loaded by ``access_report``) that ``membership``'s member
    may see, in one query (two when someone named has a student ID or email)."""
    inst = report.institution

    def rows(model):
        return model.objects.for_institution(report.institution_id)

    mine = {"report": report}
    through = {"report": report, "report__institution_id": report.institution_id}
    parts = {
        "categories": Report.categories.through.objects.filter(**through)
        .select_related("reportcategory")
        .order_by("reportcategory__position", "reportcategory__label"),
        "tags": Report.tags.through.objects.filter(**through).select_related("reporttag")
        .order_by("reporttag__label"),
        "involved": rows(InvolvedPerson).filter(**mine),
        "evidence": rows(ReportEvidence).filter(**mine),
        "deadlines": rows(Deadline).filter(content_type=ContentType.objects.get_for_model(Report),
                                           object_id=report.pk),
        "messages": rows(ReportMessage).filter(**mine).select_related("author"),
        "notes": rows(InternalNote).filter(**mine).select_related("author"),
        "appointments": rows(Appointment).filter(**mine).select_related("recorded_by"),
        "actions": rows(SupportAction).filter(**mine).select_related("service", "recorded_by"),
        "risk_requests": rows(RiskAssessmentRequest).filter(**mine)
        .select_related("requested_by"),
        "role_labels": rows(RoleLabel),
        "settings": rows(ReportingSettings),
        "closures": rows(ClosureDay),
    }
    caseworker = membership.has_role(*CASEWORK)
    if caseworker:  # the casework forms are only ever offered to caseworkers
        parts["caseworkers"] = assignable_caseworkers(inst)
        parts["services"] = active_services(inst)
    found = fetch_together(parts)

    inst.keep_role_labels(found["role_labels"])
    ReportingSettings.keep(inst, found["settings"])
    report_of = attrgetter("report_id")
    attach([report], "categories", [row.reportcategory for row in found["categories"]],
           key=lambda category: report.pk)
    attach([report], "tags", [row.reporttag for row in found["tags"]],
           key=lambda tag: report.pk)
    for accessor, name in (("involved", "involved"), ("evidence", "evidence"),
                           ("messages", "messages"), ("notes", "notes"),
                           ("appointments", "appointments"), ("actions", "actions"),
                           ("risk_requests", "risk_requests")):
        attach([report], accessor, found[name], key=report_of, parent_field="report")
    flags = _repeat_flags(report, membership, found["involved"])
    return ReportFile(
        report=report, involved=found["involved"], evidence=found["evidence"],
        deadlines=found["deadlines"], messages=found["messages"], notes=found["notes"],
        appointments=found["appointments"], support_actions=found["actions"],
        risk_requests=found["risk_requests"], flags=flags, closures=found["closures"],
        caseworkers=found["caseworkers"] if caseworker else None,
        services=found["services"] if caseworker else None)
