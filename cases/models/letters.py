"""Letters: per-institution templates, and issued letters, which never change (a correction is
a new version)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel

from .case import Case


class LetterKind(models.TextChoices):
    INFORMAL_OUTCOME = "informal_outcome", "Informal outcome report (§30)"
    FORMAL_DECISION = "formal_decision", "Formal decision (§50-51)"
    BOARD_NOTICE = "board_notice", "Notice of the Board (§58)"
    BOARD_DECISION = "board_decision", "Board decision (§64)"
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome (§69)"
    NO_APPEAL_CLOSURE = "no_appeal_closure", "Closure: no appeal lodged (§66)"
    COMPLETION_OF_PROCEDURES = "completion_of_procedures", "Completion of Procedures (§36, §70-71)"


class LetterTemplate(TenantModel):
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Django template language; see the preview for fields.")
    updated_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind"], name="uniq_letter_template")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Letter(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Being generated"
        ISSUED = "issued", "Issued"
        FAILED = "failed", "Generation failed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    version = models.PositiveIntegerField(default=1)
    recipient_key = models.CharField(
        max_length=40, help_text="'respondent' or 'party-<id>': one letter per recipient.")
    recipient = models.JSONField(help_text="{'name', 'role', 'email', 'address'} as sent.")
    context = models.JSONField(help_text="The facts the letter states, frozen at issue.")
    subject = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    pdf = models.FileField(upload_to="letters/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Empty: issued by the system (e.g. closure when no appeal was lodged).")
    issued_on = models.DateField(default=timezone.localdate)
    issued_at = models.DateTimeField(null=True, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    error = models.TextField(blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "recipient_key", "version"],
                                    name="uniq_letter_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.case})"
