"""manage.py bench_rls --database st_bench_1k: what row-level security costs each page
(bench/rls.py), as a Markdown table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench.rls import markdown, measure_rls


class Command(BaseCommand):
    help = "Measure the pages with no RLS setting, with it as the owner, and as the app role."

    def add_arguments(self, parser):
        parser.add_argument("--database", required=True, help="A generated database.")
        parser.add_argument("--iterations", type=int, default=20,
                            help="Measured requests per page and mode (in two rounds).")
        parser.add_argument("--page-budget", type=float, default=20.0)
        parser.add_argument("--output", help="Also write the table (Markdown) here.")

    def handle(self, *args, database, iterations, page_budget, output, **options):
        try:
            info, results = measure_rls(database, iterations=iterations,
                                        budget_s=page_budget, log=self.stdout.write)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        table = markdown(database, info, results)
        self.stdout.write("\n" + table)
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(table)
