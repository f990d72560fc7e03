"""Governance registers. For now: personal relationship declarations (000, 003), which feed the
conflict-of-interest checks of every disciplinary role (cases/conflicts.py)."""

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel


class RelationshipDeclaration(TenantModel):
    """A member of staff declares a personal relationship with someone (a student or colleague).
    The person is identified by student ID or email, whichever the declarer knows."""

    class Nature(models.TextChoices):
        PERSONAL = "personal", "Personal or family relationship"
        INTIMATE = "intimate", "Intimate or romantic relationship"
        ACADEMIC = "academic", "Academic, supervisory or welfare involvement"
        FINANCIAL = "financial", "Financial or business relationship"
        OTHER = "other", "Other"

    declarer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(max_length=200)
    person_student_id = models.CharField(max_length=40, blank=True)
    person_email = models.EmailField(blank=True)
    nature = models.CharField(max_length=20, choices=Nature.choices)
    details = models.TextField(blank=True)
    declared_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-declared_on"]
        indexes = [
            models.Index(fields=["institution", "person_student_id"]),
            models.Index(fields=["institution", "person_email"]),
        ]

    def __str__(self) -> str:
        return f"{self.declarer} declares {self.get_nature_display().lower()} with " \
               f"{self.person_name}"
