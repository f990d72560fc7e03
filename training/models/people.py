"""The roster and its completion records."""

from __future__ import annotations

from django.db import models

from core.tenancy.scoping import TenantModel

from .course import Module


class Learner(TenantModel):
    """A person on the training roster: a student (from the student record or the learning
    platform) or a member of staff (linked to their membership when they have an account)."""

    class Kind(models.TextChoices):
        STUDENT = "student", "Student"
        STAFF = "staff", "Staff"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    email = models.EmailField()
    #: Student ID or staff number, as the learning platform exports it.
    external_id = models.CharField(max_length=40, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=150, blank=True)
    #: Students: the entry cohort ("2026"); first-year students are this year's cohort.
    cohort = models.CharField(max_length=40, blank=True)
    year_of_study = models.PositiveSmallIntegerField(null=True, blank=True)
    membership = models.OneToOneField("accounts.Membership", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="learner")
    is_active = models.BooleanField(default=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "email"], name="uniq_learner_email"),
        ]
        indexes = [models.Index(fields=["institution", "kind", "department"],
                                name="learner_department")]

    def __str__(self) -> str:
        return self.full_name or self.email


class Completion(TenantModel):
    class Source(models.TextChoices):
        IMPORT = "import", "Learning platform import"
        REGISTER = "register", "Attendance register"
        MANUAL = "manual", "Entered by a training administrator"
        EXEMPTION = "exemption", "Met by exemption"
        MIGRATED = "migrated", "Recorded before the training app"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="completions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    #: Last day in force; blank when the module does not expire.
    expires_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-completed_on", "-pk"]
        constraints = [
            # Re-importing the same export changes nothing (issue 11 §8: idempotent).
            models.UniqueConstraint(fields=["learner", "module", "completed_on"],
                                    name="uniq_completion"),
        ]
        indexes = [models.Index(fields=["institution", "module", "learner"],
                                name="completion_module")]

    def __str__(self) -> str:
        return f"{self.module} ({self.completed_on})"

    @property
    def is_exemption(self) -> bool:
        return self.source == self.Source.EXEMPTION
