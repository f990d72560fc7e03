"""Receipts, draft tokens and match keys: random values shown once, stored only as HMACs
under server keys (settings.RECEIPT_HMAC_KEY, settings.MATCH_HMAC_KEY), so a copy of the
database alone cannot test a receipt or recover who was named."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

#: Crockford's base32: no I, L, O or U, so a receipt survives being written down.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_CHARS = 16  # 16 x 5 bits = 80 bits of randomness
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def receipt_new() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_CHARS))
    return "-".join(raw[i:i + 4] for i in range(0, RECEIPT_CHARS, 4))


def receipt_normalise(text: str) -> str | None:
    """What a person typed, as the canonical receipt, or None if it cannot be one."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(_READ_AS)
    if len(cleaned) != RECEIPT_CHARS or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def _mac(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def receipt_hmac(institution_id: int, normalised: str) -> str:
    return _mac(settings.RECEIPT_HMAC_KEY, f"receipt:{institution_id}:{normalised}")


def draft_token_new() -> str:
    return secrets.token_urlsafe(32)


def draft_hmac(token: str) -> str:
    return _mac(settings.RECEIPT_HMAC_KEY, f"draft:{token}")


def match_key(institution_id: int, kind: str, value: str) -> str:
    """A keyed hash of a student ID or email, to find the same person named elsewhere."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    return _mac(settings.MATCH_HMAC_KEY, f"{kind}:{institution_id}:{value}")
