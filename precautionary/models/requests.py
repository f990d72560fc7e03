"""Precautionary measures (002 §19-23; Leicester "Cause for Concern"). For now: the request
for a risk assessment that a higher-risk disclosure or report raises (001: referral to the
Harassment Management Group). The group's assessment and measures come with their own issue."""

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel


class RiskAssessmentRequest(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", "Awaiting the group"
        IN_PROGRESS = "in_progress", "Being assessed"
        DONE = "done", "Assessed"

    report = models.ForeignKey("reporting.Report", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="risk_requests")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="risk_requests")
    reason = EncryptedTextField(help_text="Why the risk is higher (the grounds of §20).")
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                     related_name="+")
    requested_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Risk assessment requested {self.requested_on}"
