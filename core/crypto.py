"""Encryption at rest for narratives and files (Fernet: AES-128-CBC + HMAC-SHA256).

Keys come from ``settings.FIELD_ENCRYPTION_KEYS``: a list of Fernet keys, newest first. New data
is encrypted with the first; any key in the list decrypts, so a key is rotated by putting a new
one in front, running ``manage.py rotate_encryption`` (re-encrypts with the first key) and then
dropping the old one.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


def derive_key(secret: str) -> str:
    """A Fernet key derived from a secret string (for development defaults only)."""
    return base64.urlsafe_b64encode(hashlib.sha256(("field-encryption:" + secret).encode())
                                    .digest()).decode()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise RuntimeError("FIELD_ENCRYPTION_KEYS is empty.")
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def rotate_token(token: bytes) -> bytes:
    return fernet().rotate(token)


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. It cannot be searched or filtered in the database."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_bytes(value.encode()).decode()

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return decrypt_bytes(value.encode()).decode()
        except InvalidToken as exc:  # a key was dropped before the data was rotated
            raise RuntimeError(
                f"Cannot decrypt {self.model.__name__}.{self.name}: no matching key in "
                "FIELD_ENCRYPTION_KEYS."
            ) from exc

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull",):
            raise TypeError(f"{self.name} is encrypted; it cannot be filtered with "
                            f"'{lookup_name}'.")
        return super().get_lookup(lookup_name)


def signing_key_pair() -> tuple[str, str]:
    """A fresh Ed25519 (signing key, public key), base64: the audit checkpoints' keys."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    private_bytes = private.private_bytes(raw, serialization.PrivateFormat.Raw,
                                          serialization.NoEncryption())
    public_bytes = private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    return base64.b64encode(private_bytes).decode(), base64.b64encode(public_bytes).decode()
