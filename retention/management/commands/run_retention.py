"""``manage.py run_retention --institution SLUG [--dry-run] [--today YYYY-MM-DD]``: one run
of the institution's retention schedule (remind, seal, delete), as Celery beat runs it daily.
``--dry-run`` lists what would be done and changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.rls import tenant_transaction
from institutions.models import Institution
from retention.run import retention_run


class Command(BaseCommand):
    help = "Run an institution's retention schedule: reminders, sealing and deletion."

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True, help="The institution's slug.")
        parser.add_argument("--dry-run", action="store_true",
                            help="List what would be done; change nothing.")
        parser.add_argument("--today", help="The day to run as (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        institution = Institution.objects.filter(slug=options["institution"]).first()
        if institution is None:
            raise CommandError(f"No institution {options['institution']!r}.")
        today = (dt.date.fromisoformat(options["today"]) if options["today"]
                 else timezone.localdate())
        with tenant_transaction(institution.pk):
            summary = retention_run(institution=institution, today=today,
                                    dry_run=options["dry_run"])
        prefix = "Would have: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{summary}")
        for label, items in (("reminded", summary.reminded), ("sealed", summary.sealed),
                             ("deleted", summary.deleted)):
            for item in items:
                self.stdout.write(f"  {label}: {item}")
