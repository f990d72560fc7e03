"""Personal relationship declarations (000 §8): a member of staff declares a relationship with a
student, or with a colleague where one has authority over the other. They feed the
conflict-of-interest checks of every disciplinary role (cases/conflicts.py,
precautionary/conflicts.py) and of the Safe Contact scheme's informal chat; an HR partner
reviews each one and records the management plan and the outcome.

The details are confidential: only the declarer, HR partners and the institution admin read
them (governance.selectors); the conflict checks say only that a relationship was declared.
The free text (details, plan, action taken) is encrypted at rest."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel


class RelationshipDeclaration(TenantModel):
    """The person is identified by student ID or email, whichever the declarer knows (the
    conflict checks match a case's parties on those)."""

    class Kind(models.TextChoices):
        STAFF_STUDENT = "staff_student", "With a student"
        STAFF_STAFF = "staff_staff", "With a colleague, where one of us has authority over " \
            "the other"

    class Nature(models.TextChoices):
        PERSONAL = "personal", "Personal or family relationship"
        INTIMATE = "intimate", "Intimate or romantic relationship"
        FINANCIAL = "financial", "Financial or business relationship"
        OTHER = "other", "Other"

    class Authority(models.TextChoices):
        DECLARER = "declarer", "I have authority over them (for example, I manage them)"
        PERSON = "person", "They have authority over me"

    class Status(models.TextChoices):
        AWAITING_REVIEW = "awaiting_review", "Awaiting HR review"
        REVIEWED = "reviewed", "Reviewed by HR"

    class Outcome(models.TextChoices):
        NOTED = "noted", "Noted: no conflict needs managing"
        MANAGED = "managed", "Managed under the management plan"
        INVOLVEMENT_REMOVED = "involvement_removed", \
            "The academic, supervisory or welfare involvement was removed"
        REFERRED = "referred", "Referred for action under the staff procedures"

    declarer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STAFF_STUDENT)
    person_name = models.CharField(max_length=200)
    person_student_id = models.CharField(max_length=40, blank=True)
    person_email = models.EmailField(blank=True)
    nature = models.CharField(max_length=20, choices=Nature.choices)
    details = EncryptedTextField(blank=True)
    #: With a student: the declarer's involvement with them (000: "any direct or indirect
    #: academic, supervisory, or welfare involvement" makes the relationship prohibited).
    academic_involvement = models.BooleanField(default=False)
    supervisory_involvement = models.BooleanField(default=False)
    welfare_involvement = models.BooleanField(default=False)
    #: With a colleague: who has authority over whom.
    authority = models.CharField(max_length=10, choices=Authority.choices, blank=True)
    #: A relationship with a student with any involvement (set by the services).
    prohibited = models.BooleanField(default=False)
    declared_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices,
                              default=Status.AWAITING_REVIEW)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    management_plan = EncryptedTextField(blank=True)
    action_taken = EncryptedTextField(blank=True)
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-declared_on", "-pk"]
        indexes = [
            models.Index(fields=["institution", "person_student_id"]),
            models.Index(fields=["institution", "person_email"]),
            models.Index(fields=["institution", "declarer", "declared_on"],
                         name="declaration_declarer"),
            models.Index(fields=["institution", "status", "prohibited", "declared_on"],
                         name="declaration_queue"),
        ]

    def __str__(self) -> str:
        return f"Declaration by {self.declarer} ({self.declared_on:%d %b %Y})"

    @property
    def involvements(self) -> list[str]:
        return [label for flag, label in (
            (self.academic_involvement, "academic"),
            (self.supervisory_involvement, "supervisory"),
            (self.welfare_involvement, "welfare")) if flag]

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None

    @staticmethod
    def is_prohibited(*, kind: str, academic: bool, supervisory: bool, welfare: bool) -> bool:
        """000 §8: a relationship between a member of staff and a student with any direct or
        indirect academic, supervisory or welfare involvement."""
        return kind == RelationshipDeclaration.Kind.STAFF_STUDENT and (
            academic or supervisory or welfare)
