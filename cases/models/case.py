"""The case file: the respondent student, the case, its parties, allegations, evidence, who is
assigned to it, and its pauses."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from accounts.models import TenantUserObjectPermission
from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel
from institutions.models import TracksDeadlines
from institutions.procedure import Cohort

from .choices import (
    CaseRole,
    MisconductCategory,
    MisconductType,
    RegistrationStatus,
    Severity,
    Stage,
)


class Student(TenantModel):
    """A student as the institution's records know them. One row per student per institution,
    so previous proven misconduct (§47-48) is found by student, not by name."""

    student_id = models.CharField(max_length=40)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    programme = models.CharField(max_length=200, blank=True)
    cohort = models.CharField(max_length=30, choices=Cohort.choices, default=Cohort.STANDARD)
    registration_status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )

    class Meta:
        base_manager_name = "objects"
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "student_id"], name="uniq_student_id")
        ]
        # The case queue's search by student ID ignores case (UPPER(student_id) = UPPER(%s)).
        indexes = [models.Index(models.F("institution"), Upper("student_id"),
                                name="student_id_search")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.student_id})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


#: What the queue's deadline filters test besides the ordering (cases.selectors.case_queue).
QUEUE_FILTER_COLUMNS = ["stage", "deadline_missed", "action_due"]


class Case(TracksDeadlines, TenantModel):
    """One respondent's case. An allegation against several students opens one case per
    student (each has their own outcome, penalties and appeal), linked by ``related_group``."""

    reference = models.CharField(max_length=30)
    respondent = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="cases")
    cohort = models.CharField(
        max_length=30, choices=Cohort.choices,
        help_text="The respondent's cohort when the case opened; it sets the time limits.",
    )
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.INTAKE)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    allegation_raised_on = models.DateField(
        help_text="When the allegation was made: the 15-working-day and 60-day clocks run "
        "from here (§25, §44)."
    )
    incident_date = models.DateField(null=True, blank=True)
    incident_place = models.CharField(max_length=200, blank=True)
    summary = EncryptedTextField(help_text="Appendix A: what happened, where, who, outcome sought.")
    outcome_sought = EncryptedTextField(blank=True)
    impact = EncryptedTextField(blank=True, help_text="INAM report: the impact on the reporter.")
    police_involved = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=100, blank=True)
    police_alerted = models.BooleanField(
        default=False, help_text="The decision maker alerted the police (§37)."
    )
    registration_override_reason = models.TextField(
        blank=True,
        help_text="Why the procedure applies to a student outside it (withdrawn, expelled, "
        "graduated), recorded by a decision maker (§4.3, §9).",
    )
    related_group = models.CharField(max_length=40, blank=True)
    source_report_id = models.PositiveBigIntegerField(null=True, blank=True)
    is_paused = models.BooleanField(default=False)
    referred_to = models.CharField(max_length=200, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=200, blank=True)
    opened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    deadlines = GenericRelation("institutions.Deadline", object_id_field="object_id",
                                content_type_field="content_type")

    class Meta:
        base_manager_name = "objects"
        ordering = ["-created_at"]
        permissions = [("work_on_case", "Work on the case (assigned)")]
        constraints = [
            models.UniqueConstraint(fields=["institution", "reference"], name="uniq_case_ref")
        ]
        indexes = [
            # The queue's order (next deadline first, then newest, then the key: a total
            # order, so no case moves between pages), whole and by stage or cohort, so a page
            # is read off an index however many cases there are (issue 9). The search by
            # reference has a trigram index made by migration 0006 on PostgreSQL. The columns
            # of the deadline filters are carried in the index (INCLUDE, PostgreSQL), so a
            # filtered count reads the index alone, not 60,000 rows of the table.
            models.Index(fields=["institution", "next_due", "-created_at", "-id"],
                         include=QUEUE_FILTER_COLUMNS, name="case_queue"),
            models.Index(fields=["institution", "stage", "next_due", "-created_at", "-id"],
                         include=QUEUE_FILTER_COLUMNS, name="case_queue_stage"),
            models.Index(fields=["institution", "cohort", "next_due", "-created_at", "-id"],
                         include=QUEUE_FILTER_COLUMNS, name="case_queue_cohort"),
            models.Index(fields=["institution", "action_due"], name="case_action_due"),
            models.Index(fields=["institution"], condition=models.Q(deadline_missed=True),
                         name="case_deadline_missed"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseUserObjectPermission(TenantUserObjectPermission):
    """guardian's direct foreign-key permission rows for cases (they carry the institution)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(TenantUserObjectPermission.Meta):
        abstract = False


class CaseCounter(TenantModel):
    """Per-institution, per-year counter behind case references (KINGSWAY-2026-0001)."""

    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="uniq_case_counter")
        ]


class Party(TenantModel):
    """A reporting party or a witness. Their identity may be withheld from the respondent
    where there is a risk of harm (§58)."""

    class Kind(models.TextChoices):
        REPORTING_PARTY = "reporting_party", "Reporting party"
        WITNESS = "witness", "Witness"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    student_id = models.CharField(max_length=40, blank=True)
    is_staff_member = models.BooleanField(default=False)
    identity_withheld = models.BooleanField(
        default=False, help_text="Keep this person's identity from the respondent (§58)."
    )
    notes = EncryptedTextField(blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["kind", "name"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class Allegation(TenantModel):
    class Finding(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        PROVEN = "proven", "Proven on the balance of probabilities"
        NOT_PROVEN = "not_proven", "Not proven"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allegations")
    misconduct_type = models.CharField(max_length=6, choices=MisconductType.choices)
    category = models.CharField(max_length=20, choices=MisconductCategory.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = EncryptedTextField()
    finding = models.CharField(max_length=12, choices=Finding.choices, default=Finding.PENDING)

    class Meta:
        base_manager_name = "objects"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.misconduct_type} ({self.get_severity_display().lower()})"


class EvidenceDocument(TenantModel):
    """A document on the case file. The file is stored encrypted (core/crypto.py)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class CaseAssignment(TenantModel):
    """A member of staff in a role on the case. Ended assignments stay: prior involvement in
    the case at another stage is what the conflict check looks for (§39, §53, §55)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=CaseRole.choices)
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "role", "user"], condition=models.Q(ended_at__isnull=True),
                name="uniq_active_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class CasePause(TenantModel):
    """A pause of the whole case: every running clock stops (§12, §16, §44)."""

    class Reason(models.TextChoices):
        POLICE = "police", "Police investigation"
        MEDICAL = "medical", "Medical unfitness of a key person (§12)"
        ASSESSMENTS = "assessments", "Impending assessments"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    student_told_on = models.DateField(
        null=True, blank=True, help_text="When the student was told of the delay (§44)."
    )
    reporting_parties_told_on = models.DateField(
        null=True, blank=True,
        help_text="When the reporting parties were told of the pause (004: \"keep you "
        "updated on progress\")."
    )
    started_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["started_on"]


class PauseNotice(TenantModel):
    """When one party was told of a pause (§44: "the Secretary ... will inform the Student(s)
    involved of any delay"). One row per party per pause: ``party`` is a reporting party, or
    empty for the student the case is about. The pause's ``student_told_on`` and
    ``reporting_parties_told_on`` are kept by the service as the summary of these rows."""

    pause = models.ForeignKey(CasePause, on_delete=models.CASCADE, related_name="notices")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="pause_notices")
    told_on = models.DateField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["pause_id", "party_id"]
        constraints = [
            models.UniqueConstraint(fields=["pause", "party"], name="one_notice_per_party",
                                    condition=models.Q(party__isnull=False)),
            models.UniqueConstraint(fields=["pause"], name="one_notice_to_the_student",
                                    condition=models.Q(party__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.party or 'The student'} told on {self.told_on}"
