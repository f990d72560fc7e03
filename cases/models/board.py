"""The Board of Discipline (§52-65): the clerk's notice, objections, hearings and votes."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel

from .case import Case


class BoardNotice(TenantModel):
    """Everything §58 says the clerk tells the student."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="board_notices")
    sent_on = models.DateField()
    hearing_date = models.DateField()
    hearing_format = models.CharField(max_length=10, choices=Format.choices)
    alternative_attendance = models.BooleanField(
        default=False, help_text="The student may attend an in-person hearing by video.")
    arrangements = models.TextField(help_text="Procedural and logistical arrangements.")
    evidence_summary = EncryptedTextField()
    proceeds_if_absent = models.BooleanField(default=True)
    witnesses = models.TextField(blank=True, help_text="Witnesses to be called, one per line.")
    witness_questions = models.CharField(
        max_length=20, choices=[("direct", "Directly"), ("through_chair", "Through the Chair")],
        default="through_chair")
    witnesses_by_video = models.BooleanField(default=False)
    documents = models.TextField(help_text="Documents relied on, one per line.")
    identities_disclosed = models.TextField(
        blank=True, help_text="Reporting student, witnesses and attendees named to the student.")
    right_to_be_accompanied = models.BooleanField(default=True)
    right_to_submit_evidence = models.BooleanField(default=True)
    membership = models.JSONField(help_text="Board members and their places, as sent.")
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["sent_on", "pk"]


class BoardObjection(TenantModel):
    """The student's objection to a member (§58: within 5 working days of the notice)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        UPHELD = "upheld", "Upheld: member replaced"
        REJECTED = "rejected", "Rejected"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="board_objections")
    member = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    received_on = models.DateField()
    decision = models.CharField(max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["received_on", "pk"]


class Hearing(TenantModel):
    """One scheduled sitting of the Board and what became of it (§59-60)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        ADJOURNED = "adjourned", "Adjourned"
        STUDENT_ABSENT = "student_absent", "Student did not attend"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    scheduled_for = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    note = models.TextField(blank=True)
    absence_good_reason = models.BooleanField(
        null=True, blank=True, help_text="The Chair's view of the student's reason (§59).")
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["scheduled_for", "pk"]


class BoardVote(TenantModel):
    """Each member's vote on offence and penalty (§61)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="board_votes")
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=20)
    offence_committed = models.BooleanField()
    penalty_codes = models.JSONField(default=list, blank=True)

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["hearing", "member"], name="uniq_board_vote")
        ]
