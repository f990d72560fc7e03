"""manage.py bench_run --databases st_bench_1k,st_bench_100k,st_bench_1m: measure every
generated database and print one table, a column per scale (bench/run.py, bench/report.py)."""

import json

from django.core.management.base import BaseCommand, CommandError

from bench.load import wrk_path
from bench.report import as_json, build_table, markdown
from bench.run import Options, measure_database


class Command(BaseCommand):
    help = "Run the benchmark on generated databases and print the table."

    def add_arguments(self, parser):
        parser.add_argument("--databases", default="",
                            help="Comma-separated database names, smallest scale first "
                                 "(default: the configured database).")
        parser.add_argument("--iterations", type=int, default=20,
                            help="Measured requests per page (after 2 warm-ups).")
        parser.add_argument("--page-budget", type=float, default=20.0,
                            help="Seconds per page at most (at least 3 requests).")
        parser.add_argument("--load-seconds", type=float, default=10.0)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--no-throughput", action="store_true")
        parser.add_argument("--no-sweep", action="store_true")
        parser.add_argument("--sweep-timeout", type=float, default=900.0)
        parser.add_argument("--sweep-workers", type=int, default=2,
                            help="processes sharing the institutions, as the Celery worker's "
                                 "--concurrency (docker-compose.yml: 2)")
        parser.add_argument("--in-place", action="store_true",
                            help="Measure the database itself, not a throwaway copy.")
        parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto",
                            help="Load generator (auto: wrk when installed).")
        parser.add_argument("--output", help="Also write the table (Markdown) here.")
        parser.add_argument("--json", help="Also write every number (JSON) here.")

    def handle(self, *args, **options):
        if not wrk_path() and not options["no_throughput"]:
            self.stderr.write("wrk is not installed (apt-get install wrk): throughput is "
                              "measured with the Python load generator, which on a small "
                              "machine takes CPU from the server and measures lower.")
        opts = Options(iterations=options["iterations"], page_budget_s=options["page_budget"],
                       load_seconds=options["load_seconds"], connections=options["connections"],
                       workers=options["workers"], throughput=not options["no_throughput"],
                       sweep=not options["no_sweep"], sweep_timeout_s=options["sweep_timeout"],
                       sweep_workers=options["sweep_workers"],
                       in_place=options["in_place"], loadgen=options["loadgen"])
        names = [n.strip() for n in options["databases"].split(",") if n.strip()] or [None]
        results = []
        for name in names:
            self.stdout.write(f"{name or 'the configured database'}:")
            try:
                results.append(measure_database(name, opts, log=self.stdout.write))
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            table = self._write(results, options)  # after each database: nothing is lost
        self.stdout.write("")
        self.stdout.write(table)

    def _write(self, results, options) -> str:
        header, rows = build_table(results)
        table = markdown(header, rows)
        if options["output"]:
            with open(options["output"], "w") as handle:
                handle.write(table + "\n")
        if options["json"]:
            with open(options["json"], "w") as handle:
                json.dump(as_json(results), handle, indent=1, default=str)
        return table
