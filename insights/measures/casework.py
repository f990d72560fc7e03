"""What follows a report: first contact against its target, support actions, escalations to
cases and referrals to HR, requests for a risk assessment, precautionary measures. One query
each (the working-day calendar is read once per report, by :mod:`insights.measures`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from institutions.calendar import WorkingCalendar
from institutions.models import Deadline
from institutions.procedure import Rule
from precautionary.models import Measure, RiskAssessmentRequest
from reporting.models import Report, SupportAction

from ..figures import Table
from .common import Window, choice_rows, grouped, table, weighted_median
from .retained import facts as retained_facts
from .retained import kept, merge, retained

MADE, PENDING = "first_contact", "first_contact_pending"


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def first_contact(institution, window: Window, *, calendar: WorkingCalendar,
                  today: dt.date, target: str = "") -> list[Table]:
    """First contact with the reporter against the institution's time limit (the
    ``support_first_contact`` deadline registered with each report: for an anonymous one, the
    first reply on its follow-up page): made within it,
    made after it, not yet made (past it, or still within it); and the median working days
    from the report to the first contact. One GROUP BY over the deadlines, by start and
    completion day, so the working days are worked out once per pair of days, not per
    report."""
    report_type = ContentType.objects.get_for_model(Report)
    rows = (Deadline.objects.for_institution(institution)
            .filter(content_type=report_type, rule=Rule.SUPPORT_FIRST_CONTACT)
            .exclude(status__in=[Deadline.Status.CANCELLED, Deadline.Status.CLOSED])
            .filter(window.within("start_date")).order_by()
            .annotate(late=_flag(Q(due_date__lt=today)))
            .values("status", "late", "start_date", "completed_on")
            .annotate(**window.counts("start_date")))
    width = len(window.periods)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * width)
    days: list[dict[int, int]] = [defaultdict(int) for _ in range(width)]
    for row in rows:
        values = window.row(row)
        done = row["completed_on"]
        if row["status"] == Deadline.Status.MET:
            key = "met"
        elif row["status"] == Deadline.Status.MISSED and done is not None:
            key = "missed"
        else:  # running, paused, or marked missed and still not made
            key = "overdue" if row["late"] or row["status"] == Deadline.Status.MISSED \
                else "open"
        counts[key] = [a + b for a, b in zip(counts[key], values, strict=True)]
        if done is not None:
            taken = calendar.working_days_between(row["start_date"], done)
            for i, n in enumerate(values):
                if n:
                    days[i][taken] += n
    note = f"Target: {target}. " if target else ""
    made = table(MADE, "First contact with reporters", "First contact", window,
                 [("Within the target", counts["met"]), ("After the target", counts["missed"])],
                 note=note + "For a named report the first contact, for an anonymous one "
                 "the first reply on its follow-up page. Counted by the day the report was "
                 "made.")
    pending = table(PENDING, "First contact not yet made", "First contact", window,
                    [("Target passed", counts["overdue"]),
                     ("Still within the target", counts["open"])],
                    note="Reports of the period whose first contact (or first reply) was "
                    "not yet recorded when the figures were made.")
    median = table("first_contact_median", "Median working days to first contact",
                   "Statistic", window,
                   [("Median working days", [weighted_median(d) for d in days])],
                   has_total=False, row_relation=False, chart="", basis=MADE,
                   note="Working days from the report to the first contact, for the contacts "
                   "made. Shown only where enough contacts were made.")
    return [made, pending, median]


def support_actions(institution, window: Window) -> Table:
    counts = merge(grouped(SupportAction.objects.for_institution(institution), window,
                           by="kind", date="done_on"),
                   retained(institution, window, kept.SUPPORT))
    return table("support_actions", "Support given", "Kind of support", window,
                 choice_rows(counts, SupportAction.Kind.choices, len(window.periods)),
                 note="Support actions recorded by the support caseworkers, by the day "
                 "they were done.")


def escalations(institution, window: Window) -> Table:
    """Reports escalated, with the reporter's consent, into a disciplinary case (by the day of
    consent), and reports about a member of staff referred to HR (§5), in one aggregate."""
    width = len(window.periods)
    aggregates = {}
    for i, p in enumerate(window.periods):
        aggregates[f"case{i}"] = Count("formal_consent_on", filter=Q(case__isnull=False,
                                                     formal_consent_on__range=(p.start, p.end)))
        aggregates[f"hr{i}"] = Count("hr_referred_on",
                                     filter=Q(hr_referred_on__range=(p.start, p.end)))
    found = (Report.objects.for_institution(institution)
             .filter(window.within("formal_consent_on") | window.within("hr_referred_on"))
             .aggregate(**aggregates))
    deleted = grouped(retained_facts(institution, kept.ESCALATION, kept.HR), window,
                      by="measure", date="on")
    escalated = deleted.get(kept.ESCALATION, [0] * width)
    referred = deleted.get(kept.HR, [0] * width)
    rows = [("Escalated to a disciplinary case",
             [found[f"case{i}"] + escalated[i] for i in range(width)]),
            ("Referred to HR (a member of staff reported)",
             [found[f"hr{i}"] + referred[i] for i in range(width)])]
    return table("escalations", "Reports escalated or referred", "Escalation", window, rows,
                 has_total=False)


def risk_assessment_requests(institution, window: Window) -> Table:
    """Requests for a risk assessment by the precautionary group (the Harassment Management
    Group), by where they came from."""
    requests = (RiskAssessmentRequest.objects.for_institution(institution)
                .annotate(from_report=_flag(Q(report__isnull=False)),
                          from_case=_flag(Q(case__isnull=False))))
    counts = grouped(requests, window, by=("from_report", "from_case"), date="requested_on")
    width = len(window.periods)
    by_source: dict[str, list[int]] = defaultdict(lambda: [0] * width)
    for (from_report, from_case), values in counts.items():
        source = "report" if from_report else "case" if from_case else "safe_contact"
        by_source[source] = [a + b for a, b in zip(by_source[source], values, strict=True)]
    rows = choice_rows(by_source, [("report", "From a report"), ("case", "From a case"),
                                   ("safe_contact", "From a Safe Contact's referral")], width)
    return table("risk_assessment_requests", "Requests for a risk assessment", "Source",
                 window, rows)


#: A measure is counted once it is decided (a proposal or a withdrawn one is not), and once
#: however often it was varied (a variation is a new version of the same measure).
DECIDED = [Measure.Status.ACTIVE, Measure.Status.VARIED, Measure.Status.LIFTED,
           Measure.Status.EXPIRED, Measure.Status.REPLACED]


def precautionary_measures(institution, window: Window) -> Table:
    counts = grouped(Measure.objects.for_institution(institution)
                     .filter(status__in=DECIDED, varies__isnull=True), window,
                     by=("measure_type__order", "measure_type__name"), date="starts_on")
    rows = [(name, values) for (_order, name), values in sorted(counts.items())]
    return table("precautionary_measures", "Precautionary measures by type", "Measure", window,
                 rows, note="Measures decided by the precautionary group, by the day they "
                 "started. A precautionary measure is not a finding of guilt.")
