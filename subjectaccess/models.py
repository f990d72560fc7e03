"""Subject access requests (UK GDPR Art. 15; issue 14 item 6) and the redacted copies of case
documents put in a Board of Discipline's bundle (002 §58: some identities withheld).

Privacy by design: the person's identifiers are encrypted at rest; a request is named in the
audit trail and in logs only by its opaque ``reference``; an export is stored encrypted like a
letter's PDF, downloaded once by the handler before it expires, then deleted.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel


def one_calendar_month_after(day: dt.date) -> dt.date:
    """UK GDPR Art. 12(3): one month from receipt, to the corresponding day of the next month,
    or its last day when that month is shorter (31 January -> 28/29 February)."""
    import calendar

    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class SubjectAccessRequest(TenantModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        IN_REVIEW = "in_review", "Matches being reviewed"
        EXPORTING = "exporting", "Export being generated"
        EXPORTED = "exported", "Export ready"
        CLOSED = "closed", "Closed"

    #: Opaque: what the audit trail and the pages' titles use instead of the person's name.
    reference = models.CharField(max_length=20)
    name = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    student_id = EncryptedTextField(blank=True)
    #: The receipt of an anonymous report, if the person gave it: kept only as its HMAC.
    receipt_hmac = models.CharField(max_length=64, blank=True)
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    handled_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "reference"],
                                               name="uniq_sar_reference")]
        indexes = [models.Index(fields=["institution", "status", "due_on"],
                                name="sar_queue")]

    def __str__(self) -> str:
        return self.reference


class SubjectAccessMatch(TenantModel):
    """A record that may be about the person; the handler confirms which are."""

    class Kind(models.TextChoices):
        REPORTER = "reporter", "Reporter of a report"
        INVOLVED = "involved", "Named in a report"
        RESPONDENT = "respondent", "Respondent in a case"
        PARTY = "party", "Reporting party or witness in a case"
        STAFF = "staff", "Member of staff"
        LEARNER = "learner", "Training records"

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE,
                                related_name="matches")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    #: Says which record, never who: "Report R-2026-0004", "Case KSE-2026-0001".
    label = models.CharField(max_length=200)
    matched_on = models.CharField(max_length=100, help_text="Which identifiers matched.")
    confirmed = models.BooleanField(null=True, help_text="Unset until the handler reviews it.")

    class Meta:
        base_manager_name = "objects"
        ordering = ["kind", "object_id"]
        constraints = [models.UniqueConstraint(fields=["request", "kind", "object_id"],
                                               name="uniq_sar_match")]

    def __str__(self) -> str:
        return self.label


class SubjectAccessExport(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Being generated"
        READY = "ready", "Ready to download"
        DOWNLOADED = "downloaded", "Downloaded"
        EXPIRED = "expired", "Expired"

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE,
                                related_name="exports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="subject-access/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Export {self.pk} of {self.request}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and (now or timezone.now()) >= self.expires_at


class BundleDocument(TenantModel):
    """What a Board of Discipline's members see of one statement or evidence document on a case
    (002 §58): a redacted copy, or a record that it was withheld and why. The original stays on
    the case file for the decision maker (the Secretary) and the clerk."""

    class Source(models.TextChoices):
        STATEMENT = "statement", "Statement"
        EVIDENCE = "evidence", "Evidence document"

    class Status(models.TextChoices):
        REDACTED = "redacted", "Redacted copy in the bundle"
        WITHHELD = "withheld", "Withheld from the bundle"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    source_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices)
    #: The parties whose identities are withheld (ids of cases.Party).
    withheld_parties = models.JSONField(default=list)
    redacted_text = EncryptedTextField(blank=True)
    pdf = models.FileField(upload_to="bundles/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    withheld_reason = models.TextField(blank=True)
    prepared_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["source", "source_id"]
        constraints = [models.UniqueConstraint(fields=["case", "source", "source_id"],
                                               name="uniq_bundle_document")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.source_id} ({self.get_status_display()})"
