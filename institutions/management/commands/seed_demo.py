from django.core.management.base import BaseCommand

from institutions.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create (or refresh) the two demo institutions and their staff. Idempotent."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        width = max(len(label) for _, label, _ in logins)
        for slug, label, email in logins:
            self.stdout.write(f"  {slug:<10} {label:<{width}}  {email}")
