"""manage.py bench_generate --reports 1000000: the benchmark data (bench/generate.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.dbcopy import is_postgres
from bench.generate import Generator, Plan


class Command(BaseCommand):
    help = "Generate the benchmark data into this (migrated, empty) database."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=1000,
                            help="Total reports: 1000, 100000 or 1000000 (any number works).")
        parser.add_argument("--institutions", type=int, default=None,
                            help="Default: 10, 100, 1000 for the named scales.")
        parser.add_argument("--cases", type=int, default=None, help="Default: reports / 5.")
        parser.add_argument("--open-deadlines", type=int, default=None,
                            help="Default: as many as reports.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--light", action="store_true",
                            help="Copy the demo's configuration only (no demo cases): quicker.")

    def handle(self, *args, **options):
        if not is_postgres():
            self.stderr.write("Not PostgreSQL: inserting without COPY (fine for small scales).")
        plan = Plan.make(options["reports"], options["institutions"], options["cases"],
                         options["open_deadlines"], options["seed"])
        self.stdout.write(
            f"Generating into {connection.settings_dict['NAME']}: {plan.total_reports} reports, "
            f"{sum(plan.cases)} cases, {plan.open_deadlines} open deadlines, "
            f"{plan.institutions} institutions (largest {plan.reports[0]} reports / "
            f"{plan.cases[0]} cases)")
        try:
            info = Generator(plan, out=self.stdout.write, full_demo=not options["light"]).run()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"largest: {info['largest']}, small: {info['small']}")
