"""The one table: every measurement, a column per scale, the target and whether it is met."""

from __future__ import annotations

from dataclasses import dataclass, field

from .load import Throughput
from .measure import Latency, SweepResult

QUEUE_P95_MS = 100
FLAT_FACTOR = 2.0  # "flat": p95 at the largest scale at most twice p95 at the smallest
DETAIL_QUERIES = 12
QUEUE_VS_FLOOR = 0.5
FLOOR_VS_BARE = 0.5
SUBMISSIONS_PER_S = 150
SWEEP_SECONDS = 30
SWEEP_QUERIES_PER_DEADLINE = 1.0


@dataclass
class ScaleResult:
    """Everything measured on one database."""

    label: str  # "1k", "100k", "1M"
    database: str
    info: dict
    pages: dict[str, dict[str, tuple]] = field(default_factory=dict)  # who -> key -> (sc, lat)
    queue: Throughput | None = None
    floor: Throughput | None = None
    bare: Throughput | None = None
    submissions: Throughput | None = None
    sweep: SweepResult | None = None
    pdf: Latency | None = None
    errors: list[str] = field(default_factory=list)


def scale_label(total_reports: int) -> str:
    if total_reports >= 1_000_000 and total_reports % 1_000_000 == 0:
        return f"{total_reports // 1_000_000}M"
    if total_reports >= 1000 and total_reports % 1000 == 0:
        return f"{total_reports // 1000}k"
    return str(total_reports)


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _page_cell(lat: Latency | None) -> str:
    if lat is None:
        return "n/a"
    if lat.errors:
        return f"ERROR ({lat.errors[0]})"
    return f"{_ms(lat.p50)} / {_ms(lat.p95)} ms, {lat.query_count} q"


def _rate_cell(t: Throughput | None, ratio_to: Throughput | None = None, name: str = "") -> str:
    if t is None:
        return "n/a"
    if t.requests == 0 and t.errors:
        return f"ERROR ({t.note})"
    text = f"{t.per_second:.1f}/s" if t.per_second < 10 else f"{t.per_second:.0f}/s"
    if ratio_to is not None and ratio_to.per_second:
        text += f" ({t.per_second / ratio_to.per_second:.2f}x {name})"
    if t.errors:
        text += f", {t.errors} errors"
    return text


def _verdict(oks: list[bool | None]) -> str:
    judged = [ok for ok in oks if ok is not None]
    if not judged:
        return "-"
    return "PASS" if all(judged) else "FAIL"


def build_table(results: list[ScaleResult]) -> tuple[list[str], list[list[str]]]:
    header = ["Measurement", "Target", *[f"{r.label} reports" for r in results], "Result"]
    rows: list[list[str]] = []
    scenario_keys: list[tuple[str, str]] = []
    for r in results:
        for who in ("largest", "small"):
            for key, (scenario, _lat) in r.pages.get(who, {}).items():
                if (key, scenario.label) not in scenario_keys:
                    scenario_keys.append((key, scenario.label))

    for who, title in (("largest", "largest institution"), ("small", "a small institution")):
        sizes = ", ".join(f"{r.label}: {r.info[who]['reports']} reports / "
                          f"{r.info[who]['cases']} cases" for r in results)
        rows.append([f"**Pages, {title}** ({sizes}); p50 / p95, queries per request", "",
                     *["" for _ in results], ""])
        for key, label in scenario_keys:
            lats = [r.pages.get(who, {}).get(key, (None, None))[1] for r in results]
            is_queue = ".queue." in key
            if is_queue and who == "largest":
                target = f"p95 < {QUEUE_P95_MS} ms, flat"
                oks: list[bool | None] = [
                    (lat.p95 < QUEUE_P95_MS and not lat.errors) if lat and lat.p95 is not None
                    else False for lat in lats]
                first, last = lats[0], lats[-1]
                if len(lats) > 1 and first and last and first.p95 and last.p95:
                    oks.append(last.p95 <= FLAT_FACTOR * max(first.p95, 1.0))
            elif not is_queue:
                target = f"<= {DETAIL_QUERIES} queries"
                oks = [(lat.query_count is not None and lat.query_count <= DETAIL_QUERIES
                        and not lat.errors) if lat else False for lat in lats]
            else:
                target = "(reference)"
                oks = [None if lat and not lat.errors else False for lat in lats]
            rows.append([label, target, *[_page_cell(lat) for lat in lats], _verdict(oks)])

    rows.append(["**Throughput** (gunicorn, 2 sync workers, 127.0.0.1)", "",
                 *["" for _ in results], ""])
    rows.append(["Report queue, first page, largest institution (logged in)",
                 f">= {QUEUE_VS_FLOOR}x the session floor",
                 *[_rate_cell(r.queue, r.floor, "floor") for r in results],
                 _verdict([(r.queue.per_second >= QUEUE_VS_FLOOR * r.floor.per_second
                            and not r.queue.errors) if r.queue and r.floor else None
                           for r in results])])
    rows.append(["Session floor: minimal staff view, same middleware, logged in",
                 f">= {FLOOR_VS_BARE}x the bare view",
                 *[_rate_cell(r.floor, r.bare, "bare") for r in results],
                 _verdict([(r.floor.per_second >= FLOOR_VS_BARE * r.bare.per_second
                            and not r.floor.errors) if r.floor and r.bare else None
                           for r in results])])
    rows.append(["Bare view: no session, no database", "(reference)",
                 *[_rate_cell(r.bare) for r in results], "-"])
    rows.append(["Anonymous submissions (public API, throttles raised), largest institution",
                 f">= {SUBMISSIONS_PER_S}/s, 0 errors",
                 *[_rate_cell(r.submissions) for r in results],
                 _verdict([(r.submissions.per_second >= SUBMISSIONS_PER_S
                            and r.submissions.errors == 0) if r.submissions else None
                           for r in results])])

    rows.append(["**Background work**", "", *["" for _ in results], ""])

    def sweep_cell(s: SweepResult | None) -> str:
        if s is None:
            return "n/a"
        per = s.queries / s.processed if s.processed else float(s.queries)
        text = (f"{s.seconds:.1f} s, {s.queries:,} q for {s.open_deadlines:,} open "
                f"({s.processed:,} marked/reminded: {per:.1f} q each)")
        if not s.complete:
            text = (f"> {s.seconds:.0f} s: stopped after {s.institutions} of "
                    f"{s.institutions_total} institutions, {s.processed:,} of {s.due:,} due "
                    f"marked/reminded ({per:.1f} q each); all of them at this rate: "
                    f"~{s.seconds * s.due / max(1, s.processed):.0f} s")
        return text

    workers = max((r.sweep.workers for r in results if r.sweep), default=1)
    rows.append([f"Daily deadline sweep, every institution, {workers} worker process"
                 f"{'es' if workers != 1 else ''} (the Celery worker's concurrency)",
                 f"<= {SWEEP_SECONDS} s; queries not growing per deadline",
                 *[sweep_cell(r.sweep) for r in results],
                 _verdict([(s.complete and s.seconds <= SWEEP_SECONDS
                            and (s.queries / max(1, s.processed)) < SWEEP_QUERIES_PER_DEADLINE)
                           if (s := r.sweep) else None for r in results])])
    rows.append(["Decision letter PDF (formal decision, WeasyPrint)", "(reference)",
                 *[(f"{_ms(r.pdf.p50)} ms" if r.pdf and not r.pdf.errors else "n/a")
                   for r in results], "-"])
    return header, rows


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def as_json(results: list[ScaleResult]) -> list[dict]:
    def lat(latency: Latency | None):
        if latency is None:
            return None
        return {"p50_ms": latency.p50, "p95_ms": latency.p95, "queries": latency.query_count,
                "samples": len(latency.samples_ms), "errors": latency.errors}

    def thr(t: Throughput | None):
        if t is None:
            return None
        return {"per_second": round(t.per_second, 1), "requests": t.requests,
                "errors": t.errors, "tool": t.tool, "note": t.note}

    out = []
    for r in results:
        out.append({
            "label": r.label, "database": r.database, "generated": r.info,
            "pages": {who: {k: lat(v[1]) for k, v in pages.items()}
                      for who, pages in r.pages.items()},
            "queue": thr(r.queue), "floor": thr(r.floor), "bare": thr(r.bare),
            "submissions": thr(r.submissions),
            "sweep": r.sweep.__dict__ if r.sweep else None, "pdf": lat(r.pdf),
            "errors": r.errors,
        })
    return out
