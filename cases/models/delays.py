"""Delays told (002 §44; 004 "we aim to complete investigations within 90 days"): each time the
aim to complete a case will be missed, the new expected date and the reason the parties were
sent in a delay letter."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel

from .case import Case


class CaseDelay(TenantModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="delays")
    aim_rule = models.CharField(max_length=40, help_text="The aim that will be missed.")
    aim_due = models.DateField(help_text="When the aim fell due before this delay.")
    new_date = models.DateField(help_text="When the case is now likely to conclude (§44).")
    reason = models.TextField(help_text="The reason for the delay, as the letter states it.")
    told_on = models.DateField(help_text="The day the delay letter was issued.")
    notified_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["told_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} delayed to {self.new_date}"
