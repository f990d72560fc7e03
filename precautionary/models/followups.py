"""What follows a decision on precautionary measures (002 §22-23): the student's appeal, the
reviews, the record of who was told, breaches and victimisation."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel

from .matter import Decision, Matter, Measure, RiskLevel


class Appeal(TenantModel):
    """The student's appeal in writing to a nominated member of the Management Committee (or
    the institution's equivalent) within five working days of the decision (§22)."""

    class Status(models.TextChoices):
        UNDER_REVIEW = "under_review", "Under review"
        DECIDED = "decided", "Decided"

    class Result(models.TextChoices):
        UPHELD = "upheld", "Measures upheld"
        VARIED = "varied", "Measures varied"
        LIFTED = "lifted", "Measures lifted"
        LATE_REFUSED = "late_refused", "Not considered: late without good reason"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="appeals")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField()
    grounds = EncryptedTextField()
    window_due = models.DateField()
    is_late = models.BooleanField(default=False)
    late_reason = EncryptedTextField(blank=True)
    reviewer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices,
                              default=Status.UNDER_REVIEW)
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)
    reasons = EncryptedTextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Appeal received {self.received_on}"


class Review(TenantModel):
    """A review of the measures in force: the scheduled one (every six weeks, §22) or one
    asked for after a material change in the circumstances."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled review"
        MATERIAL_CHANGE = "material_change", "Review on a material change"

    class Result(models.TextChoices):
        CONTINUE = "continue", "Measures continue"
        VARY = "vary", "Measures varied"
        LIFT = "lift", "Measures lifted"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    requested_on = models.DateField(null=True, blank=True)
    material_change = EncryptedTextField(blank=True)
    held_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)
    reasons = EncryptedTextField(blank=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held_on or 'pending'})"


class Share(TenantModel):
    """Who was told of the measures, and when (§22: need-to-know; §38: the investigator).
    ``content`` is what they were given: the measures and their scope, never the reasons."""

    class Recipient(models.TextChoices):
        SECURITY = "security", "Security"
        RESIDENCES = "residences", "Residences"
        DEPARTMENT = "department", "Department"
        STUDENTS_UNION = "students_union", "Students' Union"
        INVESTIGATOR = "investigator", "Investigator of the case (§38)"
        OTHER = "other", "Someone else"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="shares")
    recipient_kind = models.CharField(max_length=20, choices=Recipient.choices)
    recipient = models.CharField(max_length=200, help_text="Who was told (name or team).")
    shared_on = models.DateField(default=timezone.localdate)
    shared_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    measures = models.ManyToManyField(Measure, related_name="shares")
    content = models.JSONField(default=list)

    class Meta:
        base_manager_name = "objects"
        ordering = ["shared_on", "pk"]

    def __str__(self) -> str:
        return f"Shared with {self.recipient} on {self.shared_on}"


class Breach(TenantModel):
    """A breach of a measure, or a report of victimisation of anyone involved (§23)."""

    class Kind(models.TextChoices):
        BREACH = "breach", "Breach of a measure"
        VICTIMISATION = "victimisation", "Victimisation of someone involved"

    class Action(models.TextChoices):
        NONE = "none", "Recorded; no further action"
        NEW_MEASURE = "new_measure", "New measures proposed"
        NEW_ALLEGATION = "new_allegation", "Referred as a new allegation on the case"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="breaches")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="breaches")
    person_affected = models.CharField(max_length=200, blank=True)
    occurred_on = models.DateField()
    description = EncryptedTextField()
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.NONE)
    new_decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(default=timezone.localdate)

    class Meta:
        base_manager_name = "objects"
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"
