from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from core.rls import cross_institution
from institutions.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = ("Create (or refresh) the demo: two institutions, staff for every role, and each "
            "app's demo records (settings.DEMO_SEEDERS, in order). Idempotent.")

    def handle(self, *args, **options):
        logins = []
        for path in settings.DEMO_SEEDERS:
            # The demo is made for two institutions at once: on PostgreSQL as the application's
            # role, row-level security lets that through only on the audited path (core.rls).
            with cross_institution(reason=f"seed_demo: {path}"):
                result = import_string(path)()
            if result:
                logins.extend(result)
            self.stdout.write(f"  {path}: done")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        width = max(len(label) for _, label, _ in logins)
        for slug, label, email in logins:
            self.stdout.write(f"  {slug:<10} {label:<{width}}  {email}")
