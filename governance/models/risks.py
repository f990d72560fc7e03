"""The risk assessments register (000 §6): an activity assessed in its context (working alone,
an overnight trip, an event with alcohol, a power imbalance; the special assessments for
safeguarding children and vulnerable adults), its owner, the controls and the next review. The
owner is reminded before and on the review date by the shared deadline sweep
(governance/procedure.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel


class RiskAssessment(TenantModel):
    """Not precautionary.RiskAssessment (a group's assessment of one student's matter): an
    assessment of an activity, kept in the governance register."""

    class Context(models.TextChoices):
        WORKING_ALONE = "working_alone", "Working alone"
        OVERNIGHT_TRIP = "overnight_trip", "Overnight trip"
        ALCOHOL = "alcohol", "Event involving alcohol"
        POWER_IMBALANCE = "power_imbalance", "Power imbalance"
        CHILDREN = "children", "Safeguarding children (special assessment)"
        VULNERABLE_ADULTS = "vulnerable_adults", \
            "Safeguarding vulnerable adults (special assessment)"
        OTHER = "other", "Another activity"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class Level(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    #: The contexts that need the special safeguarding assessment (000 §6).
    SAFEGUARDING = (Context.CHILDREN, Context.VULNERABLE_ADULTS)

    title = models.CharField(max_length=200)
    context = models.CharField(max_length=20, choices=Context.choices)
    activity = models.TextField(blank=True, help_text="What is assessed: where, when, who.")
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    controls = models.TextField(blank=True)
    residual_risk = models.CharField(max_length=10, choices=Level.choices, blank=True)
    review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    activated_on = models.DateField(null=True, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["review_on", "pk"]
        indexes = [
            models.Index(fields=["institution", "status", "review_on"], name="riskreg_queue"),
            models.Index(fields=["institution", "owner", "status"], name="riskreg_owner"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_safeguarding(self) -> bool:
        return self.context in self.SAFEGUARDING

    def overdue(self, today) -> bool:
        return (self.status == self.Status.ACTIVE and self.review_on is not None
                and self.review_on < today)
