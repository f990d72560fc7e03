"""Decisions and penalties: the per-institution penalty catalogue with authority limits, the
outcome of each stage, and the penalties it imposed."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel

from .case import Case
from .choices import Authority


class PenaltyType(TenantModel):
    """One penalty of the institution's catalogue (§49, §62, Appendix C; Leicester's table)."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    reference = models.CharField(max_length=60, blank=True)
    is_fine = models.BooleanField(default=False)
    takes_amount = models.BooleanField(
        default=False, help_text="A sum of money other than a fine, e.g. making good the cost "
        "of damage (§49.7, §62.5).")
    fine_minimum = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    fine_maximum = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    recorded_on_file = models.BooleanField(
        default=True, help_text="Noted on the student's record (a verbal warning is not, §49.2)."
    )
    ends_alumni_privileges = models.BooleanField(
        default=False, help_text="The alumni team is told when this is imposed (§63)."
    )
    needs_criminal_conviction = models.BooleanField(
        default=False, help_text="Only where the student has a criminal conviction (§49.11)."
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="uniq_penalty_code")
        ]

    def __str__(self) -> str:
        return self.name


class PenaltyAuthority(TenantModel):
    """Who may impose a penalty, and up to what fine. No row: that body may not impose it."""

    penalty_type = models.ForeignKey(PenaltyType, on_delete=models.CASCADE,
                                     related_name="authorities")
    authority = models.CharField(max_length=20, choices=Authority.choices)
    maximum_fine = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True,
        help_text="For fines: the most this body may set (e.g. the Academic Registrar £250).",
    )
    only_on_criminal_conviction = models.BooleanField(
        default=False,
        help_text="This body may impose it only where the student has a criminal conviction "
        "(Leicester: expulsion by the Academic Registrar).",
    )

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["penalty_type", "authority"],
                                    name="uniq_penalty_authority")
        ]

    def __str__(self) -> str:
        return f"{self.get_authority_display()} may impose {self.penalty_type}"


class Outcome(TenantModel):
    """The decision that ends a stage: informal outcome (§30), formal decision (§45), Board
    decision (§61-64), or appeal outcome (§35, §69)."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", "Informal outcome"
        FORMAL = "formal", "Formal decision"
        BOARD = "board", "Board decision"
        APPEAL = "appeal", "Appeal outcome"

    class Result(models.TextChoices):
        NO_MISCONDUCT = "no_misconduct", "No misconduct found"
        MISCONDUCT = "misconduct", "Misconduct found"
        DISMISSED = "dismissed", "Allegation dismissed"
        REFERRED = "referred", "Referred to another procedure"
        UPHELD = "upheld", "Allegation upheld"
        REFERRED_TO_BOARD = "referred_to_board", "Referred to the Board"
        CONFIRMED = "confirmed", "Outcome confirmed"
        AMENDED = "amended", "Outcome amended"
        OVERTURNED = "overturned", "Outcome overturned"
        REFERRED_BACK = "referred_back", "Referred back for reconsideration"
        REHEARING = "rehearing", "Re-hearing ordered"
        APPEAL_REFUSED = "appeal_refused", "Late appeal not accepted"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    result = models.CharField(max_length=20, choices=Result.choices)
    reasons = EncryptedTextField()
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(max_length=20, choices=Authority.choices, blank=True)
    decided_on = models.DateField(default=timezone.localdate)
    on_student_record = models.BooleanField(
        help_text="Informal outcomes are never recorded on the student's file (§31)."
    )
    considered_previous_record = models.BooleanField(default=False)
    admitted = models.BooleanField(default=False, help_text="§47.2")
    mitigation = EncryptedTextField(blank=True, help_text="§47.3-47.4")
    is_current = models.BooleanField(
        default=True, help_text="False once an appeal amended or overturned it."
    )
    alumni_team_notified_on = models.DateField(
        null=True, blank=True,
        help_text="When the alumni team's email was queued (§63): only for an outcome with a "
        "penalty that ends alumni privileges.")

    class Meta:
        base_manager_name = "objects"
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_result_display()}"


class ImposedPenalty(TenantModel):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="penalties")
    penalty_type = models.ForeignKey(PenaltyType, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    details = models.CharField(max_length=300, blank=True,
                               help_text="e.g. the period of a suspension or exclusion.")

    class Meta:
        base_manager_name = "objects"
        ordering = ["pk"]

    def __str__(self) -> str:
        amount = f" £{self.amount}" if self.amount is not None else ""
        return f"{self.penalty_type}{amount}"
