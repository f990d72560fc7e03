"""Retrying a transaction that PostgreSQL rolled back because of a conflict with another one.

A deadlock (SQLSTATE 40P01) or a serialisation failure (40001) is not a bug in the request: the
database chose this transaction as the victim and rolled it back whole, so running it again is
the documented remedy. That is only safe at the transaction boundary, once the whole
transaction has rolled back: :func:`retry_on_conflict` refuses to retry inside an open
``atomic`` block, and the web side (``core.middleware.ConflictRetryMiddleware``) checks that
nothing the request wrote had already committed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connection

T = TypeVar("T")

DEADLOCK = "40P01"
SERIALIZATION_FAILURE = "40001"
TRANSIENT_SQLSTATES = frozenset({DEADLOCK, SERIALIZATION_FAILURE})


def attempts() -> int:
    """How often a conflicting transaction is tried in all (setting CONFLICT_RETRY_ATTEMPTS)."""
    return max(1, int(getattr(settings, "CONFLICT_RETRY_ATTEMPTS", 4)))


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error, looking through Django's wrapper to the driver's."""
    seen = 0
    while exc is not None and seen < 5:
        code = getattr(exc, "pgcode", None) or getattr(exc, "sqlstate", None)
        if code:
            return str(code)
        exc, seen = exc.__cause__, seen + 1
    return None


def is_transient_conflict(exc: BaseException) -> bool:
    return isinstance(exc, DatabaseError) and sqlstate(exc) in TRANSIENT_SQLSTATES


def backoff(attempt: int) -> None:
    """Wait a random, growing moment (full jitter) so the transactions that collided do not
    collide again in step."""
    base = float(getattr(settings, "CONFLICT_RETRY_BACKOFF", 0.02))
    time.sleep(random.uniform(0, base * (2 ** attempt)))  # noqa: S311 - not for security


def retry_on_conflict(fn: Callable[..., T], *args, **kwargs) -> T:
    """Call ``fn`` (which opens its own transactions), again after a deadlock or serialisation
    failure, up to :func:`attempts` times in all. Inside an open transaction the error is
    re-raised at once: only the outermost boundary can retry."""
    outermost = not connection.in_atomic_block
    for attempt in range(1, attempts() + 1):
        try:
            return fn(*args, **kwargs)
        except DatabaseError as exc:
            if not (outermost and is_transient_conflict(exc)) or attempt == attempts():
                raise
            backoff(attempt)
    raise AssertionError("unreachable")  # pragma: no cover
