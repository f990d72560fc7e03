from __future__ import annotations

from django.db import models


class RateCount(models.Model):
    """A rate-limit counter kept in the database while the cache (Redis) is unreachable
    (core.ratelimit). ``key`` is an HMAC of the limit's name, so a database copy cannot tie a
    count to a session; rows die with their window (``expires``, swept daily)."""

    key = models.CharField(max_length=64)
    bucket = models.BigIntegerField(help_text="The window's number: epoch seconds // window.")
    count = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(help_text="Epoch seconds after which the row is useless.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "bucket"],
                                               name="core_ratecount_key_bucket")]
        indexes = [models.Index(fields=["expires"])]

    def __str__(self) -> str:
        return f"rate count {self.bucket}: {self.count}"
