"""Proof of work for anonymous actions (GlobaLeaks' answer to floods), with no IP address.

The server hands out a signed challenge (``challenge_issue``); the browser (static/js/work.js)
or an API client finds a ``nonce`` such that ``sha256(challenge + nonce)`` starts with
``PUBLIC_WORK_BITS`` zero bits: about 2**bits hashes for the sender, one for the server. A
challenge is bound to its purpose and institution, expires after ``PUBLIC_WORK_MAX_AGE``, and
can be spent once (spent challenges are remembered in the cache, or the database while the
cache is down: core.ratelimit.first_use).

How the limits use it (reporting/public, reporting/api_public.py): the institution-wide
limits, the ones a flood could exhaust for everybody, count only requests that bring no valid
work. A real reporter whose browser solved the work is never stopped by them, whatever a
flooder sends without work; a flooder who does the work pays for every request. A reporter
with JavaScript off still gets through on the no-work path:

* a receipt: every browser's first try is always looked up, so a flood of wrong receipts
  cannot lock a no-JavaScript reporter out; once the institution's no-work budget is used up,
  a browser that already gave a wrong receipt waits (reporting/services/followup.py);
* a report: sends without work share a stricter institution budget (a report costs storage
  and a caseworker's time, so new cookies must not buy unlimited ones); when a scripted flood
  has used it up, the reporter is asked to wait, their answers kept, and told that with
  JavaScript on it goes straight away.

Per-session limits apply to everyone. The work is SHA-256, not a memory-hard function: it
makes a flood cost CPU, it does not stop a determined, well-equipped sender.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core import signing

from . import ratelimit

SALT = "core.work"
BITS = 16
MAX_AGE = 60 * 60
NONCE_MAX = 64


def _bits() -> int:
    return int(getattr(settings, "PUBLIC_WORK_BITS", BITS))


def _max_age() -> int:
    return int(getattr(settings, "PUBLIC_WORK_MAX_AGE", MAX_AGE))


def challenge_issue(*, purpose: str, institution_id: int) -> dict:
    """A fresh challenge: ``{"challenge": str, "bits": int}``."""
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"p": purpose, "i": institution_id, "r": secrets.token_hex(8)})
    return {"challenge": token, "bits": _bits()}


def leading_zero_bits(digest: bytes) -> int:
    count = 0
    for byte in digest:
        if byte == 0:
            count += 8
            continue
        return count + 8 - byte.bit_length()
    return count


def solve(challenge: str, bits: int) -> str:
    """Find a nonce (for tests and API clients written in Python)."""
    nonce = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}{nonce}".encode()).digest()) < bits:
        nonce += 1
    return str(nonce)


def work_spend(*, challenge: str, nonce: str, purpose: str, institution_id: int) -> bool:
    """True if this is valid, unspent work for this purpose and institution; it is then spent.
    Anything else (missing, forged, expired, too little work, replayed) is False."""
    if not challenge or not nonce or len(nonce) > NONCE_MAX:
        return False
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(challenge,
                                                                  max_age=_max_age())
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if payload.get("p") != purpose or payload.get("i") != institution_id:
        return False
    digest = hashlib.sha256(f"{challenge}{nonce}".encode()).digest()
    if leading_zero_bits(digest) < _bits():
        return False
    spent = hashlib.sha256(challenge.encode()).hexdigest()[:40]
    return ratelimit.first_use(f"work:{spent}", ttl=_max_age() + 60)
