"""The insight report against hand-written SQL (issue 12 item 7: "the term's report over
100,000 reports within 1.5x the time of the equivalent raw SQL").

:func:`measure` times :func:`insights.measures.report_figures` (every measure of a termly
report: the ORM's GROUP BY queries and the tables built from them) against the same figures
from hand-written SQL (:data:`RAW_SQL`: one statement per measure, ``COUNT(*) FILTER (WHERE
...)`` per period, rows laid out in plain dicts), over the same institution and periods, in
alternating runs, and checks that both give the same counts. It also times the suppression of
the report (not part of the comparison: there is no SQL equivalent). Run with
``manage.py bench_insights`` (see BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count

from core.tenancy.context import institution_context
from insights.figures import Period, column_totals
from insights.measures import report_figures
from insights.measures.common import weighted_median
from insights.suppression import suppress
from institutions.calendar import WorkingCalendar
from institutions.models import ClosureDay, Institution
from institutions.procedure import Rule
from reporting.models import Report
from safecontacts.models import Signpost

#: One statement per measure of the termly report; %(p0s)s ... are the periods' first and last
#: days, %(inst)s the institution. Each counts per period with a FILTER, as the ORM does.
PERIODS = ("COUNT(*) FILTER (WHERE {d} BETWEEN %(p0s)s AND %(p0e)s) AS c0, "
           "COUNT(*) FILTER (WHERE {d} BETWEEN %(p1s)s AND %(p1e)s) AS c1")
WITHIN = "({d} BETWEEN %(p0s)s AND %(p0e)s OR {d} BETWEEN %(p1s)s AND %(p1e)s)"


def _grouped(table: str, column: str, date: str, extra: str = "") -> str:
    return (f"SELECT {column}, {PERIODS.format(d=date)} FROM {table} "
            f"WHERE institution_id = %(inst)s AND {WITHIN.format(d=date)} {extra} "
            f"GROUP BY {column}")


RAW_SQL: dict[str, str] = {
    "reports_by_kind": _grouped("reporting_report", "wants_formal_report", "submitted_on"),
    "reports_by_identity": _grouped("reporting_report", "is_anonymous", "submitted_on"),
    "reports_by_reporter": _grouped("reporting_report", "reporter_role", "submitted_on"),
    "reports_by_category": (
        f"SELECT c.label, c.position, {PERIODS.format(d='r.submitted_on')} "
        "FROM reporting_report_categories rc "
        "JOIN reporting_report r ON r.id = rc.report_id "
        "JOIN reporting_reportcategory c ON c.id = rc.reportcategory_id "
        f"WHERE r.institution_id = %(inst)s AND {WITHIN.format(d='r.submitted_on')} "
        "GROUP BY c.label, c.position"),
    "reports_by_location": _grouped("reporting_report", "location", "submitted_on"),
    "reports_by_month": _grouped("reporting_report", "date_trunc('month', submitted_on)",
                                 "submitted_on"),
    "first_contact": (
        "SELECT status, due_date < %(today)s AS late, start_date, completed_on, "
        f"{PERIODS.format(d='start_date')} FROM institutions_deadline "
        "WHERE institution_id = %(inst)s AND content_type_id = %(report_type)s "
        "AND rule = %(rule)s AND status NOT IN ('cancelled', 'closed') "
        f"AND {WITHIN.format(d='start_date')} "
        "GROUP BY status, due_date < %(today)s, start_date, completed_on"),
    "support_actions": _grouped("reporting_supportaction", "kind", "done_on"),
    "escalations": (
        "SELECT "
        "COUNT(*) FILTER (WHERE case_id IS NOT NULL AND formal_consent_on BETWEEN %(p0s)s "
        "AND %(p0e)s), COUNT(*) FILTER (WHERE hr_referred_on BETWEEN %(p0s)s AND %(p0e)s), "
        "COUNT(*) FILTER (WHERE case_id IS NOT NULL AND formal_consent_on BETWEEN %(p1s)s "
        "AND %(p1e)s), COUNT(*) FILTER (WHERE hr_referred_on BETWEEN %(p1s)s AND %(p1e)s) "
        "FROM reporting_report WHERE institution_id = %(inst)s "
        f"AND ({WITHIN.format(d='formal_consent_on')} OR {WITHIN.format(d='hr_referred_on')})"),
    "risk_assessment_requests": _grouped(
        "precautionary_riskassessmentrequest",
        "report_id IS NOT NULL, case_id IS NOT NULL", "requested_on"),
    "safe_contact_contacts": _grouped("safecontacts_contactlogentry", "concern", "contacted_on"),
    "safe_contact_people": _grouped("safecontacts_contactlogentry", "person_kind",
                                    "contacted_on"),
    "safe_contact_referrals": (
        "SELECT " + ", ".join(
            f"COUNT(*) FILTER (WHERE contacted_on BETWEEN %(p{i}s)s AND %(p{i}e)s AND {test})"
            for i in (0, 1)
            for test in [f"signposted_to ? '{code}'" for code in Signpost.values]
            + ["hmg_referred", "handed_over"])
        + " FROM safecontacts_contactlogentry WHERE institution_id = %(inst)s "
        f"AND {WITHIN.format(d='contacted_on')}"),
    "precautionary_measures": (
        f"SELECT t.\"order\", t.name, {PERIODS.format(d='m.starts_on')} "
        "FROM precautionary_measure m JOIN precautionary_measuretype t "
        "ON t.id = m.measure_type_id WHERE m.institution_id = %(inst)s "
        "AND m.status IN ('active', 'varied', 'lifted', 'expired', 'replaced') "
        f"AND m.varies_id IS NULL AND {WITHIN.format(d='m.starts_on')} "
        "GROUP BY t.\"order\", t.name"),
}


def raw_figures(institution: Institution, this: Period, before: Period, today: dt.date,
                calendar: WorkingCalendar) -> dict[str, list[tuple]]:
    """Every measure's grouped rows from :data:`RAW_SQL`, and the first contact's median
    working days worked out from its grouped rows (as the ORM's side does)."""
    params = {"inst": institution.pk, "p0s": this.start, "p0e": this.end,
              "p1s": before.start, "p1e": before.end, "today": today,
              "rule": Rule.SUPPORT_FIRST_CONTACT,
              "report_type": ContentType.objects.get_for_model(Report).pk}
    out = {}
    with connection.cursor() as cursor:
        for key, sql in RAW_SQL.items():
            cursor.execute(sql, params)
            out[key] = cursor.fetchall()
    days = [{}, {}]
    for _status, _late, start, done, c0, c1 in out["first_contact"]:
        if done is not None:
            taken = calendar.working_days_between(start, done)
            for i, n in enumerate((c0, c1)):
                if n:
                    days[i][taken] = days[i].get(taken, 0) + n
    out["first_contact_median"] = [tuple(weighted_median(d) for d in days)]
    return out


@dataclass
class Result:
    institution: str
    reports: int
    in_periods: int
    orm_ms: float
    raw_ms: float
    suppress_ms: float
    queries: int
    iterations: int

    @property
    def ratio(self) -> float:
        return self.orm_ms / self.raw_ms if self.raw_ms else float("inf")

    def as_dict(self) -> dict:
        return {**self.__dict__, "ratio": round(self.ratio, 3)}


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def largest_institution() -> Institution:
    row = (Report.objects.across_institutions(reason="bench: the largest tenant")
           .values("institution").annotate(n=Count("pk")).order_by("-n").first())
    if row is None:
        raise RuntimeError("No reports: generate the bench data first (bench_generate).")
    return Institution.objects.get(pk=row["institution"])


def periods_ending(day: dt.date, weeks: int) -> tuple[Period, Period]:
    """A term of ``weeks`` weeks ending on ``day``, and the one before it."""
    start = day - dt.timedelta(weeks=weeks) + dt.timedelta(days=1)
    this = Period(kind="term", label="This term", start=start, end=day)
    before = Period(kind="term", label="Previous term", start=start - dt.timedelta(weeks=weeks),
                    end=start - dt.timedelta(days=1))
    return this, before


def _check_same(orm, raw) -> None:
    """Both sides count the same reports (by kind, location, month) and the same median."""
    tables = {t.key: t for t in orm.tables}
    for key in ("reports_by_kind", "reports_by_location", "reports_by_month",
                "support_actions"):
        orm_totals = column_totals(tables[key])
        raw_totals = [sum(row[-2] for row in raw[key]), sum(row[-1] for row in raw[key])]
        if orm_totals != raw_totals:
            raise AssertionError(f"{key}: the ORM counts {orm_totals}, the SQL {raw_totals}")
    orm_median = tables["first_contact_median"].rows[0][1]
    if list(orm_median) != list(raw["first_contact_median"][0]):
        raise AssertionError(f"median: {orm_median} != {raw['first_contact_median']}")


def measure(*, institution: Institution | None = None, iterations: int = 15, weeks: int = 13,
            end: dt.date | None = None, threshold: int = 5) -> Result:
    institution = institution or largest_institution()
    end = end or (Report.objects.for_institution(institution).order_by("-submitted_on")
                  .values_list("submitted_on", flat=True).first())
    this, before = periods_ending(end, weeks)
    today = end
    with institution_context(institution.pk):
        ContentType.objects.get_for_model(Report)
        calendar = WorkingCalendar(
            institution, closures=list(ClosureDay.objects.for_institution(institution)))
        orm_times, raw_times, suppress_times = [], [], []
        counter = _Counter()
        for i in range(iterations + 1):  # the first round warms the caches and is not kept
            t0 = time.perf_counter()
            with connection.execute_wrapper(counter):
                counter.count = 0
                orm = report_figures(institution=institution, period=this, kind="termly",
                                     compare_with=before, today=today)
            t1 = time.perf_counter()
            raw = raw_figures(institution, this, before, today, calendar)
            t2 = time.perf_counter()
            suppress(orm, threshold=threshold)
            t3 = time.perf_counter()
            if i == 0:
                _check_same(orm, raw)
                continue
            orm_times.append((t1 - t0) * 1000)
            raw_times.append((t2 - t1) * 1000)
            suppress_times.append((t3 - t2) * 1000)
        reports = Report.objects.for_institution(institution).count()
        in_periods = (Report.objects.for_institution(institution)
                      .filter(submitted_on__range=(before.start, this.end)).count())
    return Result(institution=institution.slug, reports=reports, in_periods=in_periods,
                  orm_ms=statistics.median(orm_times), raw_ms=statistics.median(raw_times),
                  suppress_ms=statistics.median(suppress_times), queries=counter.count,
                  iterations=iterations)
