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


class CrossInstitutionGrant(models.Model):
    """One use of the explicit cross-institution path (``core.rls.cross_institution``): who,
    why, when. On PostgreSQL the row is written by the SECURITY DEFINER function
    ``rls_cross_institution_begin`` (the application's role may not write this table itself),
    and while it is open (``ended_at`` empty, same connection, same transaction) the
    row-level security policies let that transaction see every institution's rows. It is the
    audit trail of such access; it belongs to no institution."""

    reason = models.CharField(max_length=300)
    actor_id = models.BigIntegerField(null=True, blank=True,
                                      help_text="The user on whose behalf, if any.")
    db_user = models.CharField(max_length=128, blank=True,
                               help_text="The database role that asked.")
    backend_pid = models.IntegerField(null=True, blank=True)
    xact_started = models.DateTimeField(null=True, blank=True,
                                        help_text="The transaction's start (now()).")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["backend_pid", "xact_started"],
                                name="core_crossgrant_pid_xact")]

    def __str__(self) -> str:
        return f"cross-institution access {self.started_at:%Y-%m-%d %H:%M}: {self.reason}"
