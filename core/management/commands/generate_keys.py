"""Prints fresh values for every secret the production settings require, as lines of an env
file (see .env.example): ``python manage.py generate_keys >> .env``."""

import secrets

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand

from core.crypto import signing_key_pair

#: Every secret config/settings/production.py reads, and how each is made.
KEYS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "AUDIT_HMAC_KEY": lambda: secrets.token_urlsafe(32),
    "FIELD_ENCRYPTION_KEYS": lambda: Fernet.generate_key().decode(),
    "RECEIPT_HMAC_KEY": lambda: secrets.token_urlsafe(32),
    "MATCH_HMAC_KEY": lambda: secrets.token_urlsafe(32),
    "POSTGRES_PASSWORD": lambda: secrets.token_urlsafe(24),
    # The login the application connects as (manage.py create_app_role; it owns nothing).
    "APP_DB_PASSWORD": lambda: secrets.token_urlsafe(24),
}


class Command(BaseCommand):
    help = ("Print fresh random values for SECRET_KEY, AUDIT_HMAC_KEY, FIELD_ENCRYPTION_KEYS, "
            "RECEIPT_HMAC_KEY, MATCH_HMAC_KEY, POSTGRES_PASSWORD, APP_DB_PASSWORD and the audit "
            "checkpoint key pair (env-file lines).")

    def handle(self, *args, **options):
        for name, make in KEYS.items():
            self.stdout.write(f"{name}={make()}")
        signing, public = signing_key_pair()
        self.stdout.write(f"AUDIT_CHECKPOINT_SIGNING_KEY={signing}")
        self.stdout.write(f"AUDIT_CHECKPOINT_PUBLIC_KEY={public}")
