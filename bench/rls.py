"""What row-level security costs a page (issue 15's second wall; BENCHMARKS.md "Row-level
security"): the same pages as ``bench_run`` at the largest institution of a generated database,
measured in-process three ways, one after another, on a throwaway copy:

* **no setting**: the execute wrapper that starts each transaction with ``SET LOCAL
  app.institution_id`` switched off (as before issue 15), connected as the tables' owner;
* **setting, owner**: the wrapper on; the owner is not subject to the policies;
* **setting, app role**: the wrapper on, connected as the role of ``create_app_role`` (``SET
  ROLE`` on each new connection), to which the policies apply: production.

The setting's own statements go straight to the driver (not in the query count); the extra round
trips are counted here from the state of the connection before each statement: one in an
autocommit statement's own ``BEGIN; SET LOCAL`` and one for its ``COMMIT``, one at the start of
a transaction Django opened."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.db.backends.signals import connection_created
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

from accounts.models import User
from core.rls import setting as rls_setting
from institutions.models import Institution

from .measure import (
    Latency,
    QueryCounter,
    Scenario,
    _fmt,
    measure_page,
    percentile,
    scenarios_for,
)
from .run import generated_database
from .sessions import staff_client

MODES = (("off", "no setting (owner)"), ("owner", "setting, owner"),
         ("app", "setting, app role"))


@dataclass
class PageResult:
    scenario: Scenario
    latency: dict[str, Latency] = field(default_factory=dict)
    round_trips: dict[str, int] = field(default_factory=dict)


class _Counter(QueryCounter):
    """Statements through Django, and the most extra round trips the setting added to one
    request's."""

    def __init__(self) -> None:
        super().__init__()
        self.extra = 0
        self.most_extra = 0

    def reset(self) -> None:
        super().reset()
        self.extra = 0

    def __call__(self, execute, sql, params, many, context):
        raw = context["connection"].connection
        if (rls_setting.current_institution_id() is not None
                and raw.info.transaction_status == TRANSACTION_STATUS_IDLE):
            self.extra += 2 if raw.autocommit else 1
            self.most_extra = max(self.most_extra, self.extra)
        return super().__call__(execute, sql, params, many, context)


@contextlib.contextmanager
def _mode(mode: str) -> Iterator[None]:
    original = rls_setting._SetAtTransactionStart.__call__

    def passthrough(self, execute, sql, params, many, context):
        return execute(sql, params, many, context)

    def as_app_role(sender, connection, **kwargs):
        with connection.connection.cursor() as cursor:
            cursor.execute(f'SET ROLE "{role}"')

    if mode == "off":
        rls_setting._SetAtTransactionStart.__call__ = passthrough  # type: ignore[method-assign]
    role = app_role()
    if mode == "app":
        connection_created.connect(as_app_role)
    connection.close()  # the next request's connection starts in the mode
    try:
        yield
    finally:
        rls_setting._SetAtTransactionStart.__call__ = original  # type: ignore[method-assign]
        connection_created.disconnect(as_app_role)
        connection.close()


def app_role() -> str:
    """Roles belong to the server: the database's name keeps two runs' apart."""
    return f"st_bench_app_{connection.settings_dict['NAME']}"[:63]


def measure_rls(name: str | None, *, iterations: int = 20, warmup: int = 2,
                budget_s: float = 20.0, in_place: bool = False,
                log: Callable[[str], None] = print) -> tuple[dict, list[PageResult]]:
    """Each page in each mode, interleaved by round (off, owner, app; again) so that a busy
    machine slows all three alike. ``in_place``: the configured database itself (the smoke
    test), not a copy of ``name``."""
    with generated_database(name, suffix="_rls", in_place=in_place, log=log) as (_, info):
        if not in_place:
            call_command("migrate", verbosity=0)  # the policies (post_migrate), if not yet
        call_command("create_app_role", "--name", app_role(), "--password", "bench-only",
                     stdout=StringIO())
        largest = Institution.objects.get(slug=info["largest"]["slug"])
        results = []
        for scenario in scenarios_for(largest):
            page = PageResult(scenario)
            for _round in range(2):
                for mode, _ in MODES:
                    with _mode(mode):
                        client = staff_client(User.objects.get(pk=scenario.user_id))
                        counter = _Counter()
                        latency = measure_page(client, scenario.url,
                                               iterations=iterations // 2, warmup=warmup,
                                               budget_s=budget_s / 2, counter=counter)
                        extra = counter.most_extra
                    merged = page.latency.setdefault(mode, Latency())
                    merged.samples_ms += latency.samples_ms
                    merged.queries += latency.queries
                    merged.errors += latency.errors
                    page.round_trips[mode] = max(page.round_trips.get(mode, 0), extra)
            log(f"  {scenario.label}: " + ", ".join(
                f"{mode} p50 {_fmt(page.latency[mode].p50)} ms" for mode, _ in MODES))
            results.append(page)
        return info, results


def markdown(name: str, info: dict, results: list[PageResult]) -> str:
    head = ("| page | queries | extra round trips | " + " | ".join(
        f"{label} p50 / p95 ms" for _, label in MODES) + " | app role vs no setting (p50) |")
    lines = [f"Database `{name}`, largest institution `{info['largest']['slug']}`.", "",
             head, "|" + "---|" * (4 + len(MODES) - 1)]
    for page in results:
        cells = []
        for mode, _ in MODES:
            lat = page.latency[mode]
            cells.append("error" if lat.errors else f"{_fmt(lat.p50)} / {_fmt(lat.p95)}")
        off, app = page.latency["off"].p50, page.latency["app"].p50
        delta = f"{app - off:+.1f} ms ({(app - off) / off:+.0%})" if off and app else "-"
        lines.append(f"| {page.scenario.label} | {page.latency['app'].query_count} | "
                     f"{page.round_trips.get('app', 0)} | " + " | ".join(cells) + f" | {delta} |")
    offs = [p.latency["off"].p50 for p in results if p.latency["off"].p50]
    apps = [p.latency["app"].p50 for p in results if p.latency["app"].p50]
    if offs and apps:
        lines += ["", f"Median page p50: no setting {percentile(offs, 50):.0f} ms, app role "
                      f"{percentile(apps, 50):.0f} ms."]
    return "\n".join(lines) + "\n"
