"""manage.py bench_insights: the term's insight report against hand-written SQL (issue 12
item 7; bench/insights.py)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from bench.insights import largest_institution, measure  # noqa: F401
from institutions.models import Institution


class Command(BaseCommand):
    help = ("Time the termly insight report (every measure) against the equivalent "
            "hand-written SQL on this database, for its largest institution.")

    def add_arguments(self, parser):
        parser.add_argument("--institution", help="Slug (default: the one with most reports).")
        parser.add_argument("--iterations", type=int, default=15)
        parser.add_argument("--weeks", type=int, default=13, help="The term's length.")
        parser.add_argument("--end", type=dt.date.fromisoformat,
                            help="The term's last day (default: the latest report's day).")
        parser.add_argument("--target", type=float, default=1.5,
                            help="Fail if the report takes longer than this times the SQL.")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        inst = (Institution.objects.get(slug=options["institution"])
                if options["institution"] else largest_institution())
        result = measure(institution=inst, iterations=options["iterations"],
                         weeks=options["weeks"], end=options["end"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self.stdout.write(
                f"{result.institution}: {result.reports:,} reports, {result.in_periods:,} in "
                f"the two terms compared\n"
                f"  report_figures (ORM): {result.orm_ms:.1f} ms median, "
                f"{result.queries} queries\n"
                f"  hand-written SQL:     {result.raw_ms:.1f} ms median\n"
                f"  ratio:                {result.ratio:.2f} (target <= {options['target']})\n"
                f"  suppression:          {result.suppress_ms:.1f} ms median")
        if result.ratio > options["target"]:
            raise CommandError(f"The report took {result.ratio:.2f}x the SQL's time.")
