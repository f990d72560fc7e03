"""Fixed-window rate limits on the cache (Redis in production). Keys never contain an IP
address: public limits are keyed on the session and on the institution."""

from __future__ import annotations

import time

from django.core.cache import cache


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts; try again in {retry_after // 60 + 1} minutes.")
        self.retry_after = retry_after


def _key(name: str, window: int) -> tuple[str, int]:
    bucket = int(time.time()) // window
    return f"rl:{name}:{bucket}", window - int(time.time()) % window


def count(name: str, *, window: int) -> int:
    key, _ = _key(name, window)
    return int(cache.get(key, 0))


def hit(name: str, *, window: int) -> int:
    key, _ = _key(name, window)
    if cache.add(key, 1, timeout=window + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return 1


def check(name: str, *, limit: int, window: int) -> None:
    """Raise RateLimited if ``name`` already reached ``limit`` in this window."""
    key, remaining = _key(name, window)
    if int(cache.get(key, 0)) >= limit:
        raise RateLimited(remaining)
