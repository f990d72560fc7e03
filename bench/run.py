"""One benchmark run over one or several generated databases (one per scale), in order:
pages in-process, throughput against gunicorn, submissions, the sweep, a PDF.

Everything a measurement writes (sessions, access-log rows, submitted reports, the sweep's
marks and reminders) goes to a throwaway copy of each database (``CREATE DATABASE ... TEMPLATE``)
that is dropped at the end, so the generated databases stay as generated and runs before and
after a change measure the same data. ``in_place`` measures the database itself instead (the
smoke test: the sweep is then rolled back)."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from institutions.models import Institution

from . import meta
from .load import Server, run_load, session_cookie, submission_body
from .measure import _first_with_role, measure_pages, measure_pdf, measure_sweep
from .report import ScaleResult, scale_label


@dataclass
class Options:
    iterations: int = 20
    page_budget_s: float = 20.0
    load_seconds: float = 10.0
    connections: int = 8
    workers: int = 2
    throughput: bool = True
    sweep: bool = True
    sweep_timeout_s: float = 900.0
    sweep_workers: int = 2  # docker-compose.yml: celery worker --concurrency=2
    in_place: bool = False
    warmup: int = 2  # unmeasured requests before each page's measured ones
    warmup_s: float = 3.0  # unmeasured load before each throughput measurement
    loadgen: str = "auto"  # "wrk", "python" or "auto" (wrk when installed)
    pdf_iterations: int = 3
    pdf_warmup: int = 1


def database_url(name: str | None = None) -> str:
    s = connection.settings_dict
    auth = quote(s.get("USER") or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{name or s['NAME']}"


def use_database(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()


def _admin(sql: str) -> None:
    """A statement run from the maintenance database, outside any transaction."""
    import psycopg2

    s = connection.settings_dict
    conn = psycopg2.connect(dbname="postgres", user=s.get("USER") or None,
                            password=s.get("PASSWORD") or None,
                            host=s.get("HOST") or "127.0.0.1", port=s.get("PORT") or 5432)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


@contextlib.contextmanager
def generated_database(name: str | None, *, suffix: str, in_place: bool,
                       log: Callable[[str], None] = print) -> Iterator[tuple[str, dict]]:
    """Work on a throwaway copy (``<name><suffix>``, dropped at the end) of the generated
    database ``name`` (None: the configured one), or on that database itself when
    ``in_place``; yields the generated database's name and its ``meta`` information."""
    original = connection.settings_dict["NAME"]
    if name:
        use_database(name)
    name = connection.settings_dict["NAME"]
    info = meta.load()
    if info is None:
        if name != original:
            use_database(original)
        raise RuntimeError(f"{name} has no benchmark data: run bench_generate first.")
    scratch = None
    if not in_place:
        scratch = f"{name}{suffix}"
        log(f"  copying {name} to {scratch} ...")
        started = time.monotonic()
        connection.close()
        _admin(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{scratch}" TEMPLATE "{name}"')
        use_database(scratch)
        log(f"  copied in {time.monotonic() - started:.0f} s")
    try:
        yield name, info
    finally:
        if scratch:
            use_database(original)
            connection.close()
            _admin(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        elif name != original:
            use_database(original)


def measure_database(name: str | None, options: Options,
                     log: Callable[[str], None] = print) -> ScaleResult:
    with generated_database(name, suffix="_run", in_place=options.in_place,
                            log=log) as (name, info):
        return _measure(name, info, options, log)


def _measure(name: str, info: dict, options: Options, log) -> ScaleResult:
    result = ScaleResult(label=scale_label(info["total_reports"]), database=name, info=info)
    largest = Institution.objects.get(slug=info["largest"]["slug"])
    small = Institution.objects.get(slug=info["small"]["slug"])
    for who, inst in (("largest", largest), ("small", small)):
        log(f"  pages at {inst.slug} ({who}) ...")
        result.pages[who] = measure_pages(inst, iterations=options.iterations,
                                          budget_s=options.page_budget_s,
                                          warmup=options.warmup, log=log)
    if options.throughput:
        log("  throughput (gunicorn) ...")
        try:
            _throughput(result, largest, options, log)
        except Exception as exc:  # noqa: BLE001 - record it, measure the rest
            log(f"    failed: {exc!r}")
            result.errors.append(f"throughput: {exc!r}")
        _purge_nudges()
    if options.sweep:
        today = dt.date.fromisoformat(info["generated_on"])
        log(f"  deadline sweep (as of {today}) ...")
        result.sweep = measure_sweep(today=today, timeout_s=options.sweep_timeout_s,
                                     rollback=options.in_place,
                                     workers=options.sweep_workers)
        s = result.sweep
        log(f"    {s.seconds:.1f} s, {s.queries} queries, {s.processed} marked or reminded "
            f"of {s.due} due, {s.open_deadlines} open"
            f"{'' if s.complete else ' (stopped: time-out)'}")
    log("  decision letter PDF ...")
    result.pdf = measure_pdf(largest, iterations=options.pdf_iterations,
                             warmup=options.pdf_warmup)
    log(f"    {result.pdf.p50:.0f} ms")
    return result


def _throughput(result: ScaleResult, largest: Institution, options: Options, log) -> None:
    caseworker = User.objects.get(pk=_first_with_role(largest, Role.SUPPORT_CASEWORKER))
    cookie = {"Cookie": session_cookie(caseworker)}
    connection.close()  # the server's workers open their own
    with Server(database_url(), workers=options.workers) as server:
        for attr, path, headers in (
                ("bare", "/__bench__/bare/", {}),
                ("floor", f"/{largest.slug}/staff/__bench__/floor/", cookie),
                ("queue", f"/{largest.slug}/staff/reports/", cookie)):
            # a short warm-up (workers import, connect, fill caches), then the measurement
            if options.warmup_s:
                run_load(server.base + path, seconds=options.warmup_s,
                         connections=options.connections, headers=headers,
                         loadgen=options.loadgen)
            measured = run_load(server.base + path, seconds=options.load_seconds,
                                connections=options.connections, headers=headers,
                                loadgen=options.loadgen)
            setattr(result, attr, measured)
            log(f"    {attr}: {measured.per_second:.1f}/s, {measured.errors} errors "
                f"({measured.tool}{'; ' + measured.note if measured.note else ''})")
        result.submissions = run_load(
            server.base + f"/api/v1/{largest.slug}/public/reports/", method="POST",
            seconds=options.load_seconds, connections=options.connections,
            body=submission_body(), headers={"Content-Type": "application/json"},
            loadgen=options.loadgen)
        log(f"    submissions: {result.submissions.per_second:.1f}/s, "
            f"{result.submissions.errors} errors")


def _purge_nudges() -> None:
    """The submissions' after-commit nudges to the outbox relay wait in the broker with no
    worker to take them; drop them (this run's copy of the database is dropped too)."""
    try:
        from config.celery import app

        app.control.purge()
    except Exception:  # noqa: BLE001, S110 - a broker that is not there has nothing queued
        pass
