"""A mail backend for outage tests: every send fails as an unreachable SMTP server does (and
quotes an address, as real SMTP errors do, so tests can check that it is not stored)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

FAILING = "tests.outbox.backends.FailingEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {"sam@student.test": (421, b"Service not available, closing channel")})
