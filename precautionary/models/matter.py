"""A precautionary matter (002 §19-23): one student, the group convened for them, its risk
assessments, its decisions and the measures they put in place. Not a finding of guilt (§19)."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel
from institutions.models import TracksDeadlines

from .catalogue import MeasureType


class Ground(models.TextChoices):
    """The grounds for initiating precautionary measures (002 §20)."""

    INVESTIGATION = "investigation", \
        "To ensure a full and proper investigation can be carried out"
    PROTECTION = "protection", "To protect the reporting student or others"
    SERIOUS_HARM = "serious_harm", "Possible serious harm to the reporting student or others"
    MENTAL_HEALTH = "mental_health", \
        "The student's mental health is at risk, or significant distress"
    SENSITIVE = "sensitive", "An issue of a highly sensitive nature"
    DISRUPTION = "disruption", "An ongoing threat of disruption to students or activities"
    HEALTH_SAFETY = "health_safety", "Refusal to comply with a health and safety requirement"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class MatterCounter(TenantModel):
    """Per-institution, per-year counter behind matter references (KINGSWAY-PM-2026-0001)."""

    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="uniq_matter_counter")
        ]


class Matter(TracksDeadlines, TenantModel):
    class Stage(models.TextChoices):
        REFERRED = "referred", "Referred to the group"
        ASSESSED = "assessed", "Risk assessed"
        PROPOSED = "proposed", "Measures proposed"
        IN_FORCE = "in_force", "Measures in force"
        NO_MEASURES = "no_measures", "No measures in force"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=40)
    student = models.ForeignKey("cases.Student", on_delete=models.PROTECT,
                                related_name="precautionary_matters")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="precautionary_matters")
    report = models.ForeignKey("reporting.Report", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="precautionary_matters")
    origin_request = models.OneToOneField(
        "precautionary.RiskAssessmentRequest", null=True, blank=True, on_delete=models.PROTECT,
        related_name="matter")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRED)
    grounds = models.JSONField(default=list, blank=True,
                               help_text="The §20 grounds (codes of Ground).")
    referral_reason = EncryptedTextField(blank=True)
    #: Why measures stay in force after the linked case is completed (002 §19: measures are
    #: pending the outcome; a case completes with one in force only for a recorded reason).
    continues_after_case_reason = models.TextField(blank=True)
    opened_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  help_text="Empty: referred automatically.")
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    deadlines = GenericRelation("institutions.Deadline", object_id_field="object_id",
                                content_type_field="content_type")

    class Meta:
        base_manager_name = "objects"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "reference"],
                                    name="uniq_matter_ref")
        ]
        indexes = [
            models.Index(fields=["institution", "stage", "next_due"], name="matter_queue"),
        ]

    def __str__(self) -> str:
        return self.reference


class MatterRole(models.TextChoices):
    CHAIR = "chair", "Chair of the group"
    MEMBER = "member", "Member of the group"
    APPEAL_REVIEWER = "appeal_reviewer", "Appeal reviewer"


class MatterMember(TenantModel):
    """A person convened for one matter (need-to-know, §21): access to that matter only."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=MatterRole.choices)
    appointed_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["appointed_at", "pk"]
        indexes = [models.Index(fields=["institution", "user", "matter"],
                                name="matter_member_user")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class ProtectedPerson(TenantModel):
    """Someone a measure protects (a no-contact condition names them). They are told what the
    order covers, never the reasons or the allegation."""

    class Relation(models.TextChoices):
        REPORTING_STUDENT = "reporting_student", "Reporting student"
        WITNESS = "witness", "Witness"
        STAFF = "staff", "Member of staff"
        OTHER = "other", "Someone else"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="protected")
    name = models.CharField(max_length=200)
    relation = models.CharField(max_length=20, choices=Relation.choices)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    student_id = models.CharField(max_length=40, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class RiskAssessment(TenantModel):
    """The group's risk assessment (§21): the §20 grounds and the §21 factors, a level, a
    date. Reassessed at each review (``review``)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="assessments")
    grounds = models.JSONField(default=list)
    nature = EncryptedTextField(help_text="The nature of the alleged misconduct.")
    circumstances = EncryptedTextField(help_text="The circumstances of those involved.")
    police_views = EncryptedTextField(blank=True, help_text="The views of the police, if any.")
    witness_input = EncryptedTextField(blank=True, help_text="Any input from witnesses.")
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    assessed_on = models.DateField(default=timezone.localdate)
    assessed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    review = models.OneToOneField("precautionary.Review", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="assessment")

    class Meta:
        base_manager_name = "objects"
        ordering = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"Risk {self.get_level_display().lower()} ({self.assessed_on})"


class Decision(TenantModel):
    """The group's decision on measures (§22): proposed, then representations invited (or
    skipped with the reason: urgent, sensitive, high risk), then decided by the chair."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        REPRESENTATIONS = "representations", "Representations invited"
        DECIDED = "decided", "Decided"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Skip(models.TextChoices):
        URGENT = "urgent", "Urgent"
        SENSITIVE = "sensitive", "Of a sensitive nature"
        HIGH_RISK = "high_risk", "High risk to a reporting student or others"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="decisions")
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    reasons = EncryptedTextField()
    disruption_steps = EncryptedTextField(
        help_text="The steps taken to minimise disruption to the student's studies (§22).")
    support_offered = EncryptedTextField(help_text="The support available to the student.")
    reporting_student_support = EncryptedTextField(
        blank=True, help_text="Support given to the reporting student (§23).")
    proposed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField(default=timezone.localdate)
    representations_due = models.DateField(null=True, blank=True)
    skipped_because = models.CharField(max_length=20, choices=Skip.choices, blank=True)
    skip_reason = EncryptedTextField(blank=True)
    representations = EncryptedTextField(blank=True)
    representations_received_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    #: The last day of the student's appeal window (§22: five working days from the decision).
    appeal_due = models.DateField(null=True, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["proposed_on", "pk"]

    def __str__(self) -> str:
        return f"Decision of {self.proposed_on} ({self.get_status_display().lower()})"


class Measure(TenantModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "In force"
        VARIED = "varied", "Varied (replaced by a new version)"
        LIFTED = "lifted", "Lifted"
        EXPIRED = "expired", "Expired"
        REPLACED = "replaced", "Replaced when the case ended"
        WITHDRAWN = "withdrawn", "Withdrawn before a decision"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="measures")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="measures")
    measure_type = models.ForeignKey(MeasureType, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=300,
                             help_text="What it covers: the places, events or people.")
    conditions = models.TextField(blank=True)
    protected = models.ManyToManyField(ProtectedPerson, blank=True, related_name="measures")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    varies = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="variations")

    class Meta:
        base_manager_name = "objects"
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["institution", "status", "measure_type"],
                                name="measure_status")]

    def __str__(self) -> str:
        return f"{self.measure_type.name}: {self.scope}"
