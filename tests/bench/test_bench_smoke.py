"""The benchmark suite at a tiny scale (issue 9 §1: CI runs it as a smoke test, not timed): the
generator makes consistent data the application can use, and the measuring code fills every
row of its table. No timing is asserted.

On PostgreSQL the generator uses COPY and the throughput rows are measured against a real
gunicorn (which needs the committed rows: a transactional test); on SQLite the test database
lives in this process's memory, so the throughput rows are skipped there and only there."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.dbcopy import is_postgres
from bench.generate import Generator, Plan
from bench.report import build_table, markdown
from bench.run import Options, measure_database
from cases.models import Case
from institutions.models import Deadline, Institution
from reporting.models import Report
from reporting.services.submission import report_submit

pytestmark = pytest.mark.django_db(transaction=True)


def _as_in_production(monkeypatch) -> None:
    """Undo tests/conftest.py's force_login that verifies a second factor: the benchmark signs
    its staff in by itself (bench/sessions.py), and must get past the second step by itself."""
    monkeypatch.undo()


def test_generate_then_measure_every_row(settings, monkeypatch):
    _as_in_production(monkeypatch)
    settings.ROOT_URLCONF = "bench.root_urls"  # the floor and bare views
    plan = Plan.make(200, institutions=3)
    info = Generator(plan, out=lambda line: None, full_demo=False).run()

    bench = Institution.objects.filter(slug__startswith="bench-")
    assert bench.count() == 3
    reports = Report.objects.across_institutions(reason="test").filter(institution__in=bench)
    cases = Case.objects.across_institutions(reason="test").filter(institution__in=bench)
    assert reports.count() == 200
    assert cases.count() == 40
    assert set(cases.values_list("stage", flat=True)) >= {"intake", "investigation", "closed"}
    assert reports.first().narrative  # decrypts with the application's key
    open_deadlines = Deadline.objects.across_institutions(reason="test").filter(
        institution__in=bench, status__in=["running", "paused"])
    assert open_deadlines.count() == info["open_deadlines"] >= 190
    # the counters continue after the generated references: a new submission just works
    largest = Institution.objects.get(slug=info["largest"]["slug"])
    new = report_submit(institution=largest, data={
        "reporter_role": "student", "categories": ["harassment"], "when": "last_month",
        "location": "hall", "narrative": "After the benchmark.", "wants": ["support"],
        "anonymous": True}).report
    assert Report.objects.for_institution(largest).filter(reference=new.reference).count() == 1

    postgres = is_postgres()
    options = Options(iterations=1, page_budget_s=5, warmup=0, load_seconds=1, warmup_s=0,
                      connections=2, workers=1, throughput=postgres, sweep=True,
                      sweep_timeout_s=60, in_place=True, loadgen="python", pdf_iterations=1,
                      pdf_warmup=0)
    result = measure_database(None, options, log=lambda line: None)
    assert connection.vendor  # still connected to the test database

    for who in ("largest", "small"):
        pages = result.pages[who]
        assert {"reports.queue.first", "reports.queue.deep", "cases.queue.first",
                "cases.queue.search_ref", "reports.detail", "cases.detail"} <= set(pages)
        for key, (_scenario, latency) in pages.items():
            assert latency.errors == [], key
            assert latency.samples_ms, key
            assert latency.query_count, key
    assert result.sweep is not None
    assert result.sweep.queries > 0
    assert result.pdf is not None
    assert result.pdf.samples_ms
    assert not result.pdf.errors
    if postgres:
        for attr in ("bare", "floor", "queue", "submissions"):
            measured = getattr(result, attr)
            assert measured.requests > 0, (attr, measured)
            assert measured.errors == 0, (attr, measured)

    header, rows = build_table([result])
    table = markdown(header, rows)
    assert table.count("\n") == len(rows) + 1
    throughput_rows = {"Report queue, first page", "Session floor", "Bare view",
                       "Anonymous submissions"}
    for row in rows:
        if row[0].startswith("**"):
            continue  # a section heading
        value = row[2]
        assert value not in ("", "-"), row
        assert "ERROR" not in value, row
        if not postgres and any(row[0].startswith(t) for t in throughput_rows):
            assert value == "n/a", row
        else:
            assert value != "n/a", row


@pytest.mark.once
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row-level security is PostgreSQL's")
def test_rls_benchmark_measures_every_page_in_each_mode(monkeypatch):
    """bench_rls (bench/rls.py): every page answers in all three modes, as the app role too,
    and the setting's extra round trips are counted."""
    from bench.rls import MODES, markdown, measure_rls

    _as_in_production(monkeypatch)

    Generator(Plan.make(200, institutions=3), out=lambda line: None, full_demo=False).run()
    info, results = measure_rls(None, iterations=2, warmup=0, budget_s=5, in_place=True,
                                log=lambda line: None)
    assert {"reports.queue.first", "cases.queue.first", "cases.detail"} <= {
        page.scenario.key for page in results}
    for page in results:
        for mode, _label in MODES:
            assert page.latency[mode].errors == [], (page.scenario.key, mode)
            assert len(page.latency[mode].samples_ms) == 2, (page.scenario.key, mode)
        assert page.round_trips["app"] > 0, page.scenario.key
    table = markdown("test", info, results)
    assert table.count("| ") >= len(results)
