"""Prints fresh values for every secret the production settings require, as lines of an env
file (see .env.example): ``python manage.py generate_keys >> .env``."""

import secrets

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand

#: Every secret config/settings/production.py reads, and how each is made.
KEYS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "AUDIT_HMAC_KEY": lambda: secrets.token_urlsafe(32),
    "FIELD_ENCRYPTION_KEYS": lambda: Fernet.generate_key().decode(),
    "RECEIPT_HMAC_KEY": lambda: secrets.token_urlsafe(32),
    "MATCH_HMAC_KEY": lambda: secrets.token_urlsafe(32),
    "POSTGRES_PASSWORD": lambda: secrets.token_urlsafe(24),
}


class Command(BaseCommand):
    help = ("Print fresh random values for SECRET_KEY, AUDIT_HMAC_KEY, FIELD_ENCRYPTION_KEYS, "
            "RECEIPT_HMAC_KEY, MATCH_HMAC_KEY and POSTGRES_PASSWORD (env-file lines).")

    def handle(self, *args, **options):
        for name, make in KEYS.items():
            self.stdout.write(f"{name}={make()}")
