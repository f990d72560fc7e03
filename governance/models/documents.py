"""Policy and procedure reviews (000 §7): each policy with its owner, when it was last approved,
when its next review is due, and its version history (each approval a version with a note). The
owner is reminded before and on the review date, and told (with the governance officers) once
it is overdue, by the shared deadline sweep (governance/procedure.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel


class PolicyDocument(TenantModel):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", "In force"
        RETIRED = "retired", "Retired"

    title = models.CharField(max_length=200)
    reference = models.CharField(max_length=40, blank=True,
                                 help_text="The institution's own code, if any.")
    responsible = models.CharField(max_length=200, blank=True,
                                   help_text="The division or body responsible for its content.")
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)
    url = models.URLField(blank=True)
    review_interval_months = models.PositiveSmallIntegerField(default=36)
    current_version = models.CharField(max_length=20, blank=True)
    last_approved_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    retired_on = models.DateField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["next_review_on", "title", "pk"]
        indexes = [
            models.Index(fields=["institution", "status", "next_review_on"],
                         name="policyreg_queue"),
            models.Index(fields=["institution", "owner"], name="policyreg_owner"),
        ]

    def __str__(self) -> str:
        return self.title

    def overdue(self, today) -> bool:
        return (self.status == self.Status.IN_FORCE and self.next_review_on is not None
                and self.next_review_on < today)


class PolicyVersion(TenantModel):
    """One approval of a policy: its version, when and by whom (a body: "SMC", "Council"),
    and what changed."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE,
                                 related_name="versions")
    version = models.CharField(max_length=20)
    approved_on = models.DateField()
    approved_by = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-approved_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["document", "version"],
                                               name="uniq_policy_version")]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"
