"""In-process measurements: page latency and queries per request (Django's test client against
the real database), the daily deadline sweep, and a decision letter's PDF."""

from __future__ import annotations

import datetime as dt
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.db.models import Q
from django.test import Client

from accounts.models import MembershipRole, User
from accounts.roles import Role
from cases.models import Case, CaseAssignment, Stage, Student
from institutions.models import Institution
from reporting.models import Report, ReportTag

from .sessions import staff_client

PAGE_SIZE = 25


class QueryCounter:
    """Counts the statements this connection runs (no DEBUG needed, little overhead)."""

    def __init__(self) -> None:
        self.count = 0

    def reset(self) -> None:
        """Before each request."""
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@dataclass
class Latency:
    samples_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def p50(self) -> float | None:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float | None:
        return percentile(self.samples_ms, 95)

    @property
    def query_count(self) -> int | None:
        return max(self.queries) if self.queries else None


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Scenario:
    key: str          # e.g. "reports.queue.first"
    label: str        # e.g. "Report queue: first page"
    kind: str         # "queue" or "detail"
    url: str
    user_id: int


def _first_with_role(institution: Institution, role: str) -> int:
    return (MembershipRole.objects.for_institution(institution)
            .filter(role=role, membership__is_active=True)
            .order_by("membership__user_id").values_list("membership__user_id", flat=True)[0])


def scenarios_for(institution: Institution) -> list[Scenario]:
    """Every page the issue asks for, at this institution, as the person who would open it:
    the support caseworker (who sees every report) and the decision maker (every case)."""
    slug = institution.slug
    caseworker = _first_with_role(institution, Role.SUPPORT_CASEWORKER)
    dm = _first_with_role(institution, Role.DECISION_MAKER)
    reports = Report.objects.for_institution(institution)
    cases = Case.objects.for_institution(institution)
    r_pages = max(1, math.ceil(reports.count() / PAGE_SIZE))
    c_pages = max(1, math.ceil(cases.count() / PAGE_SIZE))
    tag = ReportTag.objects.for_institution(institution).order_by("pk").values_list(
        "label", flat=True).first() or ""
    some_report = reports.order_by("-pk").values_list("reference", flat=True).first() or "R-"
    investigator = (CaseAssignment.objects.for_institution(institution)
                    .filter(role="investigator", ended_at__isnull=True)
                    .order_by("user_id").values_list("user_id", flat=True).first())
    some_case = cases.order_by("-pk").values_list("reference", flat=True).first() or ""
    student = (Student.objects.for_institution(institution).order_by("-pk")
               .values_list("student_id", flat=True).first() or "")
    # detail pages: a report in support (messages, a deadline), a case under investigation
    report = (reports.filter(status=Report.Status.IN_SUPPORT).order_by("-pk").first()
              or reports.order_by("-pk").first())
    case = (cases.filter(stage=Stage.INVESTIGATION).order_by("-pk").first()
            or cases.order_by("-pk").first())
    rq, cq = f"/{slug}/staff/reports/", f"/{slug}/staff/cases/"
    search_term = some_report.rsplit("-", 1)[-1]  # "0042": a part of many references
    out = [
        Scenario("reports.queue.first", "Report queue: first page", "queue", rq, caseworker),
        Scenario("reports.queue.deep", "Report queue: last page", "queue",
                 f"{rq}?page={r_pages}", caseworker),
        Scenario("reports.queue.status", "Report queue: status = new", "queue",
                 f"{rq}?status=new", caseworker),
        Scenario("reports.queue.assignee", "Report queue: assigned to a caseworker", "queue",
                 f"{rq}?assignee={caseworker}", caseworker),
        Scenario("reports.queue.tag", "Report queue: tag", "queue", f"{rq}?tag={tag}",
                 caseworker),
        Scenario("reports.queue.awaiting", "Report queue: awaiting staff", "queue",
                 f"{rq}?awaiting_staff=on", caseworker),
        Scenario("reports.queue.search", "Report queue: search (part of a reference)", "queue",
                 f"{rq}?q={search_term}", caseworker),
        Scenario("cases.queue.first", "Case queue: first page", "queue", cq, dm),
        Scenario("cases.queue.deep", "Case queue: last page", "queue", f"{cq}?page={c_pages}",
                 dm),
        Scenario("cases.queue.stage", "Case queue: stage = investigation", "queue",
                 f"{cq}?stage=investigation", dm),
        Scenario("cases.queue.assignee", "Case queue: assigned to an investigator", "queue",
                 f"{cq}?assignee={investigator or dm}", dm),
        Scenario("cases.queue.cohort", "Case queue: cohort = summer school", "queue",
                 f"{cq}?cohort=summer_school", dm),
        Scenario("cases.queue.overdue", "Case queue: deadline overdue", "queue",
                 f"{cq}?deadline=overdue", dm),
        Scenario("cases.queue.due_soon", "Case queue: deadline due soon", "queue",
                 f"{cq}?deadline=due_soon", dm),
        Scenario("cases.queue.on_track", "Case queue: deadline on track", "queue",
                 f"{cq}?deadline=on_track", dm),
        Scenario("cases.queue.search_ref", "Case queue: search (a reference)", "queue",
                 f"{cq}?q={some_case}", dm),
        Scenario("cases.queue.search_student", "Case queue: search (a student ID)", "queue",
                 f"{cq}?q={student}", dm),
    ]
    if report is not None:
        out.append(Scenario("reports.detail", "Report page", "detail",
                            f"{rq}{report.pk}/", caseworker))
    if case is not None:
        out.append(Scenario("cases.detail", "Case page", "detail", f"{cq}{case.pk}/", dm))
    return out


def measure_page(client: Client, url: str, *, iterations: int, budget_s: float,
                 warmup: int = 2, counter: QueryCounter | None = None) -> Latency:
    """``iterations`` GETs of ``url`` (after ``warmup`` unmeasured ones), fewer if they take
    longer than ``budget_s`` in all (at least three). ``counter``: one that counts more than
    statements (bench/rls.py)."""
    result = Latency()
    counter = counter or QueryCounter()
    started = time.monotonic()
    for n in range(warmup + iterations):
        counter.reset()
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            result.errors.append(f"{url} answered {response.status_code}")
            break
        if n >= warmup:
            result.samples_ms.append(elapsed)
            result.queries.append(counter.count)
        if n >= warmup + 2 and time.monotonic() - started > budget_s:
            break
    return result


def measure_pages(institution: Institution, *, iterations: int, budget_s: float,
                  warmup: int = 2, log: Callable[[str], None] = lambda s: None
                  ) -> dict[str, tuple[Scenario, Latency]]:
    results = {}
    clients: dict[int, Client] = {}
    for scenario in scenarios_for(institution):
        client = clients.get(scenario.user_id)
        if client is None:
            client = staff_client(User.objects.get(pk=scenario.user_id))
            clients[scenario.user_id] = client
        latency = measure_page(client, scenario.url, iterations=iterations, budget_s=budget_s,
                               warmup=warmup)
        results[scenario.key] = (scenario, latency)
        log(f"    {scenario.label} @ {institution.slug}: p50 {_fmt(latency.p50)} ms, "
            f"p95 {_fmt(latency.p95)} ms, {latency.query_count} queries"
            + (f" ERROR {latency.errors[0]}" if latency.errors else ""))
    return results


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


# -- the daily deadline sweep ----------------------------------------------------------------
@dataclass
class SweepResult:
    seconds: float = 0.0
    queries: int = 0
    institutions: int = 0
    institutions_total: int = 0
    open_deadlines: int = 0
    due: int = 0  # what the sweep has to mark or remind, counted before it runs
    missed: int = 0
    windows_closed: int = 0
    reminded: int = 0
    complete: bool = True
    rolled_back: bool = False
    workers: int = 1

    @property
    def processed(self) -> int:
        return self.missed + self.windows_closed + self.reminded


class _Rollback(Exception):
    pass


def measure_sweep(*, today: dt.date, timeout_s: float, rollback: bool,
                  workers: int = 1) -> SweepResult:
    """The daily sweep as the Celery workers run it: ``deadlines_daily_task`` fans out one
    ``deadlines_sweep`` per active institution to the worker pool; here ``workers`` processes
    (the production worker's ``--concurrency``, docker-compose.yml) take the institutions in
    turn, each one after another. Timed (wall clock, start to last finish) and counted (every
    statement of every process). ``rollback``: one process, inside one transaction that is
    rolled back at the end (each per-deadline transaction becomes a savepoint), for a
    database that must not change."""
    from institutions.models import Deadline

    result = SweepResult()
    institutions = list(Institution.objects.filter(is_active=True).order_by("pk")
                        .values_list("pk", flat=True))
    result.institutions_total = len(institutions)
    result.workers = workers = 1 if rollback else max(1, workers)
    result.open_deadlines = (Deadline.objects.across_institutions(reason="benchmark")
                             .filter(status__in=[Deadline.Status.RUNNING,
                                                 Deadline.Status.PAUSED]).count())
    soon = today + dt.timedelta(days=4)  # two working days ahead at most (plus a weekend)
    result.due = (Deadline.objects.across_institutions(reason="benchmark")
                  .filter(status=Deadline.Status.RUNNING)
                  .filter(Q(due_date__lt=today)
                          | Q(kind=Deadline.Kind.ACTION, due_date__lte=soon,
                              reminder_before_sent=False, due_date__gt=today)
                          | Q(kind=Deadline.Kind.ACTION, due_date=today,
                              reminder_due_sent=False)).count())
    started = time.monotonic()
    if workers == 1:
        parts = [_sweep_part(institutions, today, timeout_s, rollback)]
    else:
        import multiprocessing

        connections.close_all()  # each process opens its own
        shares = [institutions[i::workers] for i in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.starmap(_sweep_part,
                                 [(share, today, timeout_s, False) for share in shares])
    result.seconds = time.monotonic() - started
    for part in parts:
        result.queries += part["queries"]
        result.missed += part["missed"]
        result.windows_closed += part["windows_closed"]
        result.reminded += part["reminded"]
        result.institutions += part["institutions"]
        result.complete = result.complete and part["complete"]
    result.rolled_back = rollback
    return result


def _sweep_part(institution_ids: list[int], today: dt.date, timeout_s: float,
                rollback: bool) -> dict:
    """One worker's share of the sweep (in a process of its own, or in this one)."""
    from institutions.services.reminders import deadlines_sweep

    out = {"queries": 0, "missed": 0, "windows_closed": 0, "reminded": 0, "institutions": 0,
           "complete": True}
    counter = QueryCounter()

    def sweep() -> None:
        started = time.monotonic()
        for pk in institution_ids:
            institution = Institution.objects.get(pk=pk)
            r = deadlines_sweep(institution=institution, today=today)
            out["missed"] += r.missed
            out["windows_closed"] += r.windows_closed
            out["reminded"] += r.reminded_before + r.reminded_due
            out["institutions"] += 1
            if time.monotonic() - started > timeout_s:
                out["complete"] = False
                break

    with connection.execute_wrapper(counter):
        if rollback:
            try:
                with transaction.atomic():
                    sweep()
                    raise _Rollback
            except _Rollback:
                pass
        else:
            sweep()
    out["queries"] = counter.count
    return out


# -- a decision letter's PDF -----------------------------------------------------------------
def measure_pdf(institution: Institution, *, iterations: int = 3, warmup: int = 1) -> Latency:
    """Rendering one formal decision letter (§50-51) to a tagged PDF, from the institution's
    template and the letter kind's sample facts (as the template editor's preview, and the
    relay for an issued letter, do)."""
    from cases.models import LetterKind
    from core.pdf import html_to_pdf
    from letters.services.issue import letter_template_for
    from letters.services.templates import letter_template_preview

    template = letter_template_for(institution, LetterKind.FORMAL_DECISION)
    result = Latency()
    for n in range(warmup + iterations):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            _subject, html = letter_template_preview(
                institution=institution, kind=LetterKind.FORMAL_DECISION,
                subject=template.subject, body=template.body)
            pdf = html_to_pdf(html)
            elapsed = (time.perf_counter() - t0) * 1000
        if not pdf.startswith(b"%PDF"):
            result.errors.append("not a PDF")
        if n >= warmup:  # the first loads the fonts
            result.samples_ms.append(elapsed)
            result.queries.append(counter.count)
    return result


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
