"""Fixed-window rate limits on the cache (Redis in production). Keys never contain an IP
address: public limits are keyed on the session and on the institution.

When the cache is unreachable the limits neither fail (no 500) nor open: every call falls back
to a counter row in the database (:class:`core.models.RateCount`), incremented atomically with
one ``INSERT ... ON CONFLICT DO UPDATE`` (PostgreSQL and SQLite). After a cache failure the
cache is skipped for ``CACHE_RETRY_AFTER`` seconds, so a dead Redis does not cost every
request a connection timeout. Counts made in the database while Redis was down are not copied
back: for the window that straddles the outage the limit may let through up to twice its
number, never more.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

CACHE_RETRY_AFTER = 30  # seconds without trying the cache after it failed
_cache_down_until = 0.0


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts; try again in {retry_after // 60 + 1} minutes.")
        self.retry_after = retry_after


def _window(window: int) -> tuple[int, int]:
    """(this window's number, seconds left in it)."""
    now = int(time.time())
    return now // window, window - now % window


def _cache_usable() -> bool:
    return time.monotonic() >= _cache_down_until


def _cache_failed(exc: Exception) -> None:
    global _cache_down_until
    _cache_down_until = time.monotonic() + CACHE_RETRY_AFTER
    logger.warning("Rate limits: cache unreachable (%s); counting in the database.",
                   type(exc).__name__)


def cache_reset() -> None:
    """Try the cache again on the next call (tests, and after a deploy)."""
    global _cache_down_until
    _cache_down_until = 0.0


# -- the database fallback --------------------------------------------------------------------
def _db_key(name: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), name.encode(), hashlib.sha256).hexdigest()


def _db_count(name: str, bucket: int) -> int:
    from .models import RateCount

    row = RateCount.objects.filter(key=_db_key(name), bucket=bucket).values("count").first()
    return row["count"] if row else 0


def _db_hit(name: str, bucket: int, window: int) -> int:
    return _db_upsert(name, bucket, (bucket + 1) * window + 5)


def _db_upsert(name: str, bucket: int, expires: int) -> int:
    from .models import RateCount

    q = connection.ops.quote_name
    table, key, bucket_, count_, expires_ = (q(RateCount._meta.db_table), q("key"), q("bucket"),
                                             q("count"), q("expires"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {bucket_}, {count_}, {expires_}) "  # noqa: S608
            f"VALUES (%s, %s, 1, %s) ON CONFLICT ({key}, {bucket_}) "
            f"DO UPDATE SET {count_} = {table}.{count_} + 1 RETURNING {count_}",
            [_db_key(name), bucket, expires])
        return int(cursor.fetchone()[0])


def db_sweep(*, now: float | None = None) -> int:
    """Delete fallback counters whose window has passed; returns how many."""
    from .models import RateCount

    deleted, _ = RateCount.objects.filter(expires__lt=int(now or time.time())).delete()
    return deleted


# -- the limits --------------------------------------------------------------------------------
def count(name: str, *, window: int) -> int:
    bucket, _ = _window(window)
    if _cache_usable():
        try:
            return int(cache.get(f"rl:{name}:{bucket}", 0))
        except Exception as exc:  # noqa: BLE001 - any cache failure means: use the database
            _cache_failed(exc)
    return _db_count(name, bucket)


def hit(name: str, *, window: int) -> int:
    """Count one attempt; returns the count in this window."""
    bucket, _ = _window(window)
    key = f"rl:{name}:{bucket}"
    if _cache_usable():
        try:
            if cache.add(key, 1, timeout=window + 5):
                return 1
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=window + 5)
                return 1
        except Exception as exc:  # noqa: BLE001
            _cache_failed(exc)
    return _db_hit(name, bucket, window)


def check(name: str, *, limit: int, window: int) -> None:
    """Raise RateLimited if ``name`` already reached ``limit`` in this window."""
    _, remaining = _window(window)
    if count(name, window=window) >= limit:
        raise RateLimited(remaining)


def first_use(name: str, *, ttl: int) -> bool:
    """True the first time ``name`` is used within ``ttl`` seconds, False after (single-use
    tokens). Atomic on the cache (``add``) and on the database fallback (upsert)."""
    if _cache_usable():
        try:
            if not cache.add(f"once:{name}", 1, timeout=ttl):
                return False
            # Also unused while the cache was down? (Spent then, it is in the database.)
            return _db_count(f"once:{name}", 0) == 0
        except Exception as exc:  # noqa: BLE001
            _cache_failed(exc)
    expires_at = int(time.time()) + ttl
    return _db_upsert(f"once:{name}", 0, expires_at) == 1
