"""Report + Support: disclosures and reports, named or anonymous, their follow-up by receipt,
evidence, and the support casework around them (004 "Standing Together"; 000; 001).

Privacy by design:
* narratives, names, contact details and messages are encrypted at rest (core/crypto.py);
* an anonymous report stores no IP address, no user agent and no time of day: only the date;
* a receipt is stored only as an HMAC under a server key, so the database alone cannot test one;
* a person named as involved is matched across reports by a keyed hash of their student ID or
  email, never by the plain value.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import TenantUserObjectPermission
from cases.models import MisconductCategory, MisconductType
from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel
from institutions.models import InstitutionSettings, TracksDeadlines


class ReportingSettings(InstitutionSettings):
    """Report + Support's own settings for an institution (``ReportingSettings.of(inst)``)."""

    identity_custodian_roles = models.JSONField(
        default=list, blank=True,
        help_text="Roles that may see a named reporter's identity (e.g. ['support_caseworker']). "
        "Everyone else sees a pseudonym. Empty: support caseworkers only.",
    )
    first_contact_email = models.EmailField(
        blank=True, help_text="Team address told of each new disclosure (no details are sent).")

    class Meta(InstitutionSettings.Meta):
        verbose_name = "Report + Support settings"
        verbose_name_plural = "Report + Support settings"

    def __str__(self) -> str:
        return f"Report + Support settings of {self.institution}"

    def custodian_roles(self) -> list[str]:
        """The roles that may see a named reporter's identity (support caseworkers if none
        are set)."""
        return list(self.identity_custodian_roles or ["support_caseworker"])


class ReportCategory(TenantModel):
    """What happened, in the reporter's words, mapped to §24 and Appendix C for escalation."""

    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    hint = models.CharField(max_length=300, blank=True)
    misconduct_type = models.CharField(max_length=6, choices=MisconductType.choices)
    category = models.CharField(max_length=20, choices=MisconductCategory.choices)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["position", "label"]
        verbose_name_plural = "report categories"
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="uniq_report_category")
        ]

    def __str__(self) -> str:
        return self.label


class SupportService(TenantModel):
    """An entry of the public support directory, kept by staff."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "At the institution"
        EXTERNAL = "external", "Outside the institution"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    hours = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["kind", "position", "name"]

    def __str__(self) -> str:
        return self.name


class ReportTag(TenantModel):
    label = models.CharField(max_length=60)

    class Meta:
        base_manager_name = "objects"
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "label"], name="uniq_report_tag")
        ]

    def __str__(self) -> str:
        return self.label


class Report(TracksDeadlines, TenantModel):
    class ReporterRole(models.TextChoices):
        STUDENT = "student", "A student"
        STAFF = "staff", "A member of staff"
        VISITOR = "visitor", "A visitor or someone else"
        PREFER_NOT = "prefer_not", "I'd rather not say"

    class Perspective(models.TextChoices):
        SELF = "self", "It happened to me"
        WITNESS = "witness", "I saw it happen"
        SOMEONE_ELSE = "someone_else", "Someone told me about it"

    class When(models.TextChoices):
        LAST_WEEK = "last_week", "In the last week"
        LAST_MONTH = "last_month", "In the last month"
        LAST_YEAR = "last_year", "In the last year"
        OVER_A_YEAR = "over_a_year", "More than a year ago"
        ONGOING = "ongoing", "It is still happening"
        NOT_SURE = "not_sure", "I'm not sure"

    class Location(models.TextChoices):
        HALL = "hall", "Hall of residence or student accommodation"
        NIGHTLIFE = "nightlife", "Bar, club or nightlife venue"
        DEPARTMENT = "department", "Department, lecture or teaching space"
        CAMPUS = "campus", "Elsewhere on campus (library, sports, social spaces)"
        ONLINE = "online", "Online or on social media"
        OFF_CAMPUS = "off_campus", "Off campus"
        OTHER = "other", "Somewhere else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ASSIGNED = "assigned", "Assigned"
        AWAITING_REPORTER = "awaiting_reporter", "Awaiting the reporter"
        IN_SUPPORT = "in_support", "In support"
        ESCALATED = "escalated", "Escalated to a formal report"
        CLOSED = "closed", "Closed"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online meeting"

    reference = models.CharField(max_length=30)
    reporter_role = models.CharField(max_length=12, choices=ReporterRole.choices)
    perspective = models.CharField(max_length=14, choices=Perspective.choices,
                                   default=Perspective.SELF)
    categories = models.ManyToManyField(ReportCategory, related_name="+")
    when = models.CharField(max_length=12, choices=When.choices)
    incident_date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=12, choices=Location.choices)
    location_detail = EncryptedTextField(blank=True)
    narrative = EncryptedTextField(blank=True)
    wants_support = models.BooleanField(default=False)
    wants_information = models.BooleanField(default=False)
    wants_formal_report = models.BooleanField(default=False)

    is_anonymous = models.BooleanField()
    receipt_hmac = models.CharField(max_length=64, blank=True, db_index=True)
    contact_name = EncryptedTextField(blank=True)
    contact_email = EncryptedTextField(blank=True)
    contact_phone = EncryptedTextField(blank=True)
    contact_student_id = EncryptedTextField(blank=True)
    preferred_contact = models.CharField(max_length=10, choices=ContactMethod.choices,
                                         blank=True)

    submitted_on = models.DateField(help_text="The date only: no time is kept.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey("accounts.User", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    tags = models.ManyToManyField(ReportTag, blank=True, related_name="reports")
    first_contact_on = models.DateField(null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="source_reports")
    formal_consent_on = models.DateField(null=True, blank=True)
    hr_referred_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=300, blank=True)
    awaiting_staff = models.BooleanField(
        default=False, help_text="The reporter wrote and nobody has answered yet.")

    class Meta:
        base_manager_name = "objects"
        ordering = ["-submitted_on", "-pk"]
        permissions = [("support_report", "Support the reporter (assigned)")]
        constraints = [
            models.UniqueConstraint(fields=["institution", "reference"], name="uniq_report_ref"),
            models.UniqueConstraint(fields=["receipt_hmac"], condition=~models.Q(receipt_hmac=""),
                                    name="uniq_receipt"),
        ]
        indexes = [
            # The queue's order (waiting for staff, next deadline, newest), whole and by
            # status, so a page is read off an index however many reports there are (issue 9).
            # The search by part of a reference has a trigram index (migration 0004, core.trigram).
            models.Index(fields=["institution", "-awaiting_staff", "next_due", "-submitted_on",
                                 "-id"], name="report_queue"),
            models.Index(fields=["institution", "status", "-awaiting_staff", "next_due",
                                 "-submitted_on", "-id"], name="report_queue_status"),
            models.Index(fields=["institution", "assignee", "-awaiting_staff", "next_due",
                                 "-submitted_on", "-id"], name="report_queue_assignee"),
            # The insight reports count a term's reports by kind, identity, reporter and
            # location (insights/measures): read off this index alone on PostgreSQL (INCLUDE),
            # never the whole table with its encrypted narratives (issue 12 item 7).
            models.Index(fields=["institution", "submitted_on"],
                         include=["wants_formal_report", "is_anonymous", "reporter_role",
                                  "location"], name="report_insights"),
            models.Index(fields=["institution", "formal_consent_on"],
                         condition=models.Q(formal_consent_on__isnull=False),
                         name="report_escalated_on"),
            models.Index(fields=["institution", "hr_referred_on"],
                         condition=models.Q(hr_referred_on__isnull=False),
                         name="report_hr_referred_on"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def pseudonym(self) -> str:
        """How people who may not know the reporter's identity see them."""
        return f"Reporter {self.reference.rsplit('-', 1)[-1]}"


class ReportUserObjectPermission(TenantUserObjectPermission):
    content_object = models.ForeignKey(Report, on_delete=models.CASCADE)

    class Meta(TenantUserObjectPermission.Meta):
        abstract = False


class ReportCounter(TenantModel):
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="uniq_report_counter")
        ]


class InvolvedPerson(TenantModel):
    """Someone the reporter names as involved (optional). Matched across reports and cases by
    keyed hashes, for the repeat-respondent signal that only staff see."""

    class Role(models.TextChoices):
        STUDENT = "student", "A student"
        STAFF = "staff", "A member of staff"
        VISITOR = "visitor", "Someone else"
        UNKNOWN = "unknown", "I don't know"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="involved")
    name = EncryptedTextField(blank=True)
    student_id = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.UNKNOWN)
    description = EncryptedTextField(blank=True)
    student_id_key = models.CharField(max_length=64, blank=True, db_index=True)
    email_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["pk"]


class ReportMessage(TenantModel):
    class Direction(models.TextChoices):
        TO_REPORTER = "to_reporter", "To the reporter"
        FROM_REPORTER = "from_reporter", "From the reporter"

    class Channel(models.TextChoices):
        RECEIPT_PAGE = "receipt_page", "Follow-up page"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online meeting"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=14, choices=Direction.choices)
    channel = models.CharField(max_length=14, choices=Channel.choices)
    body = EncryptedTextField()
    sent_on = models.DateField(help_text="The date only, as for the report.")
    author = models.ForeignKey("accounts.User", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    read_by_reporter = models.BooleanField(default=False)

    class Meta:
        base_manager_name = "objects"
        ordering = ["sent_on", "pk"]


class InternalNote(TenantModel):
    """Staff-only: the reporter never sees these."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["created_at", "pk"]


class Appointment(TenantModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person on campus"
        ONLINE = "online", "Online (e.g. Microsoft Teams)"

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        HELD = "held", "Held"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appointments")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["date", "pk"]


class SupportAction(TenantModel):
    class Kind(models.TextChoices):
        TUTOR_CONTACT = "tutor_contact", "Spoke to tutor or School about missed assessments"
        MITIGATING = "mitigating", "Mitigating circumstances request"
        INTERNAL_REFERRAL = "internal_referral", "Referral to an internal service"
        EXTERNAL_REFERRAL = "external_referral", "Referral to an external service"
        SAFETY_PLANNING = "safety_planning", "Safety planning"
        PRACTICAL = "practical", "Practical or emotional support"
        OTHER = "other", "Other support"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = EncryptedTextField(blank=True)
    service = models.ForeignKey(SupportService, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    done_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["done_on", "pk"]


class ReportEvidence(TenantModel):
    """A file the reporter gave. Stored encrypted; type checked by content."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="report-evidence/%Y/%m/")
    original_name = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_on = models.DateField()
    from_reporter = models.BooleanField(default=True)
    added_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["added_on", "pk"]


class ReportDraft(TenantModel):
    """A report being written, step by step, before it is submitted. Held only by an
    unguessable token in the person's session; encrypted; deleted on submission or after a
    day (reporting.tasks)."""

    token_hmac = models.CharField(max_length=64, unique=True)
    data = EncryptedTextField(default="{}")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"


class ReportDraftFile(TenantModel):
    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="report-drafts/")
    original_name = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        base_manager_name = "objects"
        ordering = ["pk"]
