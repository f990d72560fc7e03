"""Deliver the outbox by hand (no worker needed), e.g. after a mail or Redis outage."""

from django.core.management.base import BaseCommand

from outbox.services import outbox_relay


class Command(BaseCommand):
    help = "Deliver pending outbox messages (emails, letter PDFs) that are due."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="Also deliver messages still waiting out their retry backoff.")
        parser.add_argument("--limit", type=int, default=500,
                            help="Deliver at most this many messages (default 500).")

    def handle(self, *args, now=False, limit=500, **options):
        result = outbox_relay(limit=limit, ignore_backoff=now)
        self.stdout.write(f"Outbox: {result.sent} delivered, {result.retrying} to retry, "
                          f"{result.failed} failed permanently.")
