"""The request for a risk assessment that a higher-risk disclosure, report or case raises (001:
referral to the Harassment Management Group; 002 §19-20). It comes from a report, a case, or a
Safe Contact's contact log entry (which names nobody: the request carries the person's contact
details only with their recorded consent)."""

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
    contact_log_entry = models.ForeignKey(
        "safecontacts.ContactLogEntry", null=True, blank=True, on_delete=models.PROTECT,
        related_name="risk_requests",
        help_text="A Safe Contact's referral (001): the entry of their contact log.")
    contact_consent = models.BooleanField(
        default=False, help_text="The person agreed that their contact details go to the "
        "group.")
    contact_details = EncryptedTextField(
        blank=True, help_text="How the group may reach the person: only with their consent.")
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

    @property
    def source(self) -> str:
        """Where the request comes from: ``report``, ``case`` or ``safe_contact``."""
        if self.report_id:
            return "report"
        if self.case_id:
            return "case"
        return "safe_contact" if self.contact_log_entry_id else ""

    @property
    def source_label(self) -> str:
        """Where it comes from, in words (a Safe Contact's referral names nobody)."""
        parts = []
        if self.report_id:
            parts.append(f"Report {self.report.reference}")
        if self.case_id:
            parts.append(f"case {self.case.reference}")
        if self.contact_log_entry_id:
            parts.append("A Safe Contact's referral")
        return ", ".join(parts)
