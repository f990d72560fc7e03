"""A Safe Contact from application to retirement (001): one row per application, which becomes
the person's record in the scheme. Its stage says where it waits; the services move it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel
from institutions.models import TracksDeadlines


class StaffType(models.TextChoices):
    PROFESSIONAL_SERVICES = "professional_services", "Professional Services staff"
    ACADEMIC = "academic", "Academic staff"


class SafeContact(TracksDeadlines, TenantModel):
    class Stage(models.TextChoices):
        SUBMITTED = "submitted", "Application received: informal chat to hold"
        INDUCTION = "induction", "Informal chat held: induction training to complete"
        BIOGRAPHY = "biography", "Trained: biography to write and approve"
        ACTIVE = "active", "Active (on the directory)"
        PAUSED = "paused", "Paused (on leave)"
        RETIRED = "retired", "Retired"
        DECLINED = "declined", "Declined"

    #: An application still in the pipeline, or a Safe Contact still in the scheme: a person
    #: has at most one of these per institution.
    CURRENT = (Stage.SUBMITTED, Stage.INDUCTION, Stage.BIOGRAPHY, Stage.ACTIVE, Stage.PAUSED)
    PIPELINE = (Stage.SUBMITTED, Stage.INDUCTION, Stage.BIOGRAPHY)

    person = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                               related_name="safe_contact_records")
    # -- the application form (001) ------------------------------------------------------
    full_name = models.CharField(max_length=200)
    email = models.EmailField(help_text="The applicant's work email address.")
    job_title = models.CharField(max_length=200)
    department = models.CharField(max_length=200)
    staff_type = models.CharField(max_length=24, choices=StaffType.choices)
    motivation = EncryptedTextField(
        help_text="Motivation and suitability for the role, 150 to 200 words.")
    motivation_words = models.PositiveSmallIntegerField()
    line_manager_permission = models.BooleanField(
        help_text="No: accepted, and flagged for the EDI office to follow up.")
    sexual_violence_interest = models.BooleanField(
        help_text="Interested in becoming a Safe Contact (Sexual Violence).")
    submitted_on = models.DateField(default=timezone.localdate)
    # -- the pipeline --------------------------------------------------------------------
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SUBMITTED)
    stage_since = models.DateField(default=timezone.localdate)
    chat_on = models.DateField(null=True, blank=True)
    chat_staff = models.ManyToManyField("accounts.User", blank=True, related_name="+",
                                        help_text="The two members of staff who held the "
                                        "informal chat.")
    chat_notes = EncryptedTextField(blank=True)
    induction_confirmed_on = models.DateField(null=True, blank=True)
    biography = models.TextField(blank=True, help_text="Published on the directory.")
    contact_email = models.EmailField(
        blank=True, help_text="The address the Safe Contact chooses to publish.")
    biography_written_on = models.DateField(null=True, blank=True)
    biography_approved_on = models.DateField(null=True, blank=True)
    biography_approved_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    active_since = models.DateField(null=True, blank=True)
    #: The reason of the last pause, retirement or decline (each is also in the audit trail).
    status_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "person"], name="uniq_current_safe_contact",
                condition=Q(stage__in=["submitted", "induction", "biography", "active",
                                       "paused"])),
        ]
        indexes = [models.Index(fields=["institution", "stage", "full_name"],
                                name="safecontact_stage")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_stage_display()})"

    @property
    def flagged(self) -> bool:
        """No line manager's permission: accepted, but the EDI office follows it up."""
        return not self.line_manager_permission

    @property
    def is_current(self) -> bool:
        return self.stage in self.CURRENT
