"""Encryption at rest for narratives and files (Fernet: AES-128-CBC + HMAC-SHA256).

Keys come from ``settings.FIELD_ENCRYPTION_KEYS``: a list of Fernet keys, newest first. New data
is encrypted with the first; any key in the list decrypts, so a key is rotated by putting a new
one in front, running ``manage.py rotate_encryption`` (re-encrypts with the first key) and then
dropping the old one.

Record keys (issue 14 item 5, crypto-shredding): a record whose data the retention schedule
will delete is *sealed*: its encrypted fields and files are re-encrypted under a key of its own
(a ``retention.RecordKey``, itself stored encrypted under the global keys). Such a token reads
``rk1:<key id>:<Fernet token>``; the key is found through :func:`set_record_key_resolver`
(registered by the retention app). Deleting the record key makes every copy of the sealed data
unreadable, backups included. :func:`decrypt_bytes` reads both kinds of token.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
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


RECORD_PREFIX = b"rk1:"


class KeyShredded(InvalidToken):
    """The record key of a sealed token is gone: the record was deleted by the schedule."""


_record_key_resolver: Callable[[str], bytes | None] | None = None


def set_record_key_resolver(resolver: Callable[[str], bytes | None]) -> None:
    """``resolver(key_id)``: the raw Fernet key of a record key, or None once shredded."""
    global _record_key_resolver
    _record_key_resolver = resolver


def record_key_id(token: bytes) -> str | None:
    """The record key a sealed token is encrypted under (None for a token under the global
    keys)."""
    if not token.startswith(RECORD_PREFIX):
        return None
    return token[len(RECORD_PREFIX):].split(b":", 1)[0].decode()


def _record_fernet(key_id: str) -> Fernet:
    key = _record_key_resolver(key_id) if _record_key_resolver is not None else None
    if key is None:
        raise KeyShredded(f"Record key {key_id} is gone.")
    return Fernet(key)


def encrypt_for_record(data: bytes, key_id: str) -> bytes:
    """``data`` encrypted under the record key ``key_id`` (a sealed token)."""
    return RECORD_PREFIX + key_id.encode() + b":" + _record_fernet(key_id).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    key_id = record_key_id(token)
    if key_id is None:
        return fernet().decrypt(token)
    return _record_fernet(key_id).decrypt(token.split(b":", 2)[2])


def rotate_token(token: bytes) -> bytes:
    """A sealed token is left as it is: its record key, stored under the global keys, is what
    rotation re-encrypts."""
    if record_key_id(token) is not None:
        return token
    return fernet().rotate(token)


class SealedText(str):
    """Text read from a sealed field: saved again unchanged it stays under its record key."""

    key_id: str = ""

    @classmethod
    def under(cls, value: str, key_id: str) -> SealedText:
        text = cls(value)
        text.key_id = key_id
        return text


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. It cannot be searched or filtered in the database."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, SealedText) and value.key_id:
            return encrypt_for_record(value.encode(), value.key_id).decode()
        return encrypt_bytes(value.encode()).decode()

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            token = value.encode()
            key_id = record_key_id(token)
            text = decrypt_bytes(token).decode()
            return SealedText.under(text, key_id) if key_id else text
        except KeyShredded as exc:  # the record was deleted by the retention schedule
            raise RuntimeError(f"Cannot decrypt {self.model.__name__}.{self.name}: its record "
                               "key was destroyed (deleted by the retention schedule).") from exc
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
