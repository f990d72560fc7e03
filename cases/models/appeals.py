"""Appeals (§33-35 against an informal outcome; §66-70 against a formal or Board decision),
with the Appendix B fields, and each institution's grounds of appeal; 004's appeals panel,
convened by the designated member, and the reporting student's informal review."""

from __future__ import annotations

from django.db import models

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel

from .case import Case, CaseAssignment, Party
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
        PANEL = "panel", "With the appeals panel"
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


class AppealPanel(TenantModel):
    """004: the designated member finds grounds for an appeal they do not settle themselves
    and convenes a panel of three with no previous involvement in the case, which considers
    the appeal in full and decides it, with reasons."""

    class Status(models.TextChoices):
        CONVENED = "convened", "Convened"
        DECIDED = "decided", "Decided"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeal_panels")
    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="panel")
    convened_on = models.DateField()
    convened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                    related_name="+")
    referral_reasons = models.TextField(
        help_text="Why the designated member found grounds for the panel to consider.")
    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.CONVENED)
    result = models.CharField(max_length=20, blank=True)
    reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    outcome = models.OneToOneField(Outcome, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="appeal_panel")

    class Meta:
        base_manager_name = "objects"
        ordering = ["convened_on", "pk"]

    def __str__(self) -> str:
        return f"Appeals panel on {self.case}"


class AppealPanelMember(TenantModel):
    """A place on an appeals panel; the appointment on the case it holds (``assignment``)
    carries the training and conflict-of-interest checks, as a Board member's does."""

    class Place(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"

    panel = models.ForeignKey(AppealPanel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=10, choices=Place.choices)
    assignment = models.OneToOneField(CaseAssignment, on_delete=models.PROTECT,
                                      related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["place", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="uniq_appeal_panel_member")
        ]


class InformalReview(TenantModel):
    """004: a reporting student cannot appeal, but may ask for an informal review of the
    decision or the process (directly or through their caseworker). Someone independent
    reviews it for learning; the review does not change the outcome."""

    class Via(models.TextChoices):
        DIRECT = "direct", "From the student, to the Student Conduct team"
        CASEWORKER = "caseworker", "Through the student's support caseworker"
        ONLINE = "online", "From the student, online (their secure letter link)"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        COMPLETED = "completed", "Completed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="informal_reviews")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    via = models.CharField(max_length=20, choices=Via.choices)
    concerns = EncryptedTextField(help_text="What the student is dissatisfied with.")
    #: Empty while a request made online waits for staff to ask someone independent.
    reviewer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                                 null=True, blank=True)
    #: Empty when the student asked online (no member of staff recorded it).
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    findings = EncryptedTextField(blank=True)
    learning = models.TextField(blank=True, help_text="Learning for the future.")
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"Informal review on {self.case} requested {self.requested_on}"

    @property
    def reviewer_name(self) -> str | None:
        return str(self.reviewer) if self.reviewer_id else None

    @property
    def awaits_reviewer(self) -> bool:
        return self.status == self.Status.REQUESTED and self.reviewer_id is None
