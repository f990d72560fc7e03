"""Appeals (§33-35 against an informal outcome; §66-70 against a formal or Board decision),
with the Appendix B fields, and each institution's grounds of appeal."""

from __future__ import annotations

from django.db import models

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel

from .case import Case
from .outcomes import Outcome


class AppealGround(TenantModel):
    """A ground of appeal (§34.1-34.4 / §67.1-67.4; Leicester's six)."""

    code = models.SlugField(max_length=40)
    text = models.CharField(max_length=300)
    reference = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="uniq_appeal_ground")
        ]

    def __str__(self) -> str:
        return self.text


class Appeal(TenantModel):
    class Status(models.TextChoices):
        LATE_PENDING = "late_pending", "Late: awaiting a decision on the reason"
        UNDER_REVIEW = "under_review", "Under review"
        DECIDED = "decided", "Decided"
        REFUSED_LATE = "refused_late", "Late appeal not accepted"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals")
    against = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="appeals")
    # Appendix B
    student_id = models.CharField(max_length=40)
    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    contact = models.CharField(max_length=300, help_text="Address or email.")
    telephone = models.CharField(max_length=40, blank=True)
    incident_date = models.DateField(null=True, blank=True)
    decision_received_on = models.DateField()
    grounds = models.ManyToManyField(AppealGround, related_name="+")
    summary = EncryptedTextField(help_text="What is challenged and why; new evidence explained.")
    received_on = models.DateField()
    window_due = models.DateField(help_text="The last day of the appeal window.")
    is_late = models.BooleanField(default=False)
    late_reason = EncryptedTextField(blank=True)
    late_decision_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    outcome = models.OneToOneField(Outcome, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="appeal_decided")
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Empty: lodged by the student online, from their letters page.")

    class Meta:
        base_manager_name = "objects"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Appeal on {self.case} received {self.received_on}"
