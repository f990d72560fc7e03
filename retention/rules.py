"""Which records each rule of the schedule covers, and when each falls due (issue 14 item 5).

* a **case** is due ``case_years`` after it ended: its Completion of Procedures (closed), or
  its closure with no action or by a referral elsewhere (``closed_on``);
* a **report closed without escalation** (no case) is due ``closed_report_years`` after it
  was closed;
* an **anonymous report that led nowhere** (closed, no case, no referral to HR) is due
  ``anonymous_report_years`` after it was closed.

A record under an active :class:`~retention.models.LegalHold` is never due; a report linked to
a precautionary matter or a request for a risk assessment waits for that matter's own
schedule (not built yet), as does a case with a precautionary matter. Reports escalated into a
case are deleted with the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.models import Case, Stage
from precautionary.models import Matter, RiskAssessmentRequest
from reporting.models import Report

from .models import Kind, LegalHold, RetentionSettings

ENDED_STAGES = [Stage.CLOSED, Stage.NO_ACTION, Stage.REFERRED]


def years_before(day: dt.date, years: int) -> dt.date:
    """``day`` moved back ``years`` years (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


@dataclass(frozen=True)
class Rule:
    kind: str
    years_field: str

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    def years(self, institution) -> int:
        return getattr(RetentionSettings.of(institution), self.years_field)

    def records(self, institution) -> QuerySet:
        """Every record this rule covers (ended), held or not."""
        if self.kind == Kind.CASE:
            return (Case.objects.for_institution(institution)
                    .filter(stage__in=ENDED_STAGES, closed_on__isnull=False)
                    .exclude(Exists(Matter.objects.filter(case=OuterRef("pk"))))
                    .exclude(Exists(RiskAssessmentRequest.objects.filter(case=OuterRef("pk")))))
        reports = (Report.objects.for_institution(institution)
                   .filter(status=Report.Status.CLOSED, closed_on__isnull=False,
                           case__isnull=True)
                   .exclude(Exists(Matter.objects.filter(report=OuterRef("pk"))))
                   .exclude(Exists(RiskAssessmentRequest.objects.filter(
                       report=OuterRef("pk")))))
        unreferred = Q(is_anonymous=True, hr_referred_on__isnull=True)
        if self.kind == Kind.ANONYMOUS_REPORT:
            return reports.filter(unreferred)
        return reports.exclude(unreferred)

    def unheld(self, institution) -> QuerySet:
        held = LegalHold.objects.for_institution(institution).filter(released_on__isnull=True)
        if self.kind == Kind.CASE:  # a hold on a report escalated into it holds the case
            return self.records(institution).exclude(
                Exists(held.filter(case=OuterRef("pk")))).exclude(
                Exists(held.filter(report__case=OuterRef("pk"))))
        return self.records(institution).exclude(Exists(held.filter(report=OuterRef("pk"))))

    def due_by(self, institution, day: dt.date) -> QuerySet:
        """The unheld records due on or before ``day``, the earliest first."""
        cutoff = years_before(day, self.years(institution))
        return self.unheld(institution).filter(closed_on__lte=cutoff).order_by("closed_on",
                                                                                "pk")

    def due_on(self, institution, record) -> dt.date:
        return years_after(record.closed_on, self.years(institution))


RULES = [Rule(Kind.CASE, "case_years"), Rule(Kind.CLOSED_REPORT, "closed_report_years"),
         Rule(Kind.ANONYMOUS_REPORT, "anonymous_report_years")]


def rule_for(kind: str) -> Rule:
    return next(rule for rule in RULES if rule.kind == kind)
