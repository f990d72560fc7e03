"""Retention of records (issue 14 item 5): each institution's schedule, the per-record keys that
make deletion final (crypto-shredding), legal holds, and the tombstones left behind.

* :class:`RetentionSettings`: how long each kind of record is kept after it ends (defaults a
  UK university commonly sets: six years after the Completion of Procedures, one year for an
  anonymous report that led nowhere), how many days before deletion the data protection
  contact is reminded, and that contact's address.
* :class:`RecordKey`: a Fernet key of one record (a report or a case), stored encrypted under
  the global keys. The record's encrypted fields and files are sealed under it
  (``core.crypto``); deleting the row destroys every copy of them, backups included.
* :class:`LegalHold`: a named matter that stops the schedule for a case or a report.
* :class:`Tombstone` and :class:`TombstoneFact`: what stays after deletion: the kind, the
  reference, months, and the facts the insight reports count (no narrative, no name).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel
from institutions.models import InstitutionSettings


def _years(default: int, help_text: str):
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=help_text)


class RetentionSettings(InstitutionSettings):
    """The institution's retention schedule. The defaults are what the institution sets, not
    the law: six years after the end is common practice among UK universities."""

    case_years = _years(6, "Years a disciplinary case is kept after its Completion of "
                        "Procedures (or its closure with no action or a referral elsewhere).")
    closed_report_years = _years(6, "Years a disclosure or report closed without escalation "
                                 "is kept after it was closed.")
    anonymous_report_years = _years(1, "Years an anonymous report that was closed without a "
                                    "referral (no case, no HR referral) is kept.")
    reminder_days = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Days before deletion the data protection contact is reminded.")
    data_protection_email = models.EmailField(
        blank=True, help_text="The data protection contact reminded before deletion (empty: "
        "the institution's data protection officers).")

    class Meta(InstitutionSettings.Meta):
        verbose_name = "retention schedule"
        verbose_name_plural = "retention schedule"

    def __str__(self) -> str:
        return f"Retention schedule of {self.institution}"


class Kind(models.TextChoices):
    CASE = "case", "Disciplinary case"
    CLOSED_REPORT = "closed_report", "Report closed without escalation"
    ANONYMOUS_REPORT = "anonymous_report", "Anonymous report, not referred"


class RecordKey(TenantModel):
    """The key one record's data is sealed under (``subject``: ``app.model`` and pk, as the
    audit trail names it). Deleting this row is the deletion."""

    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64)
    key_id = models.CharField(max_length=32, unique=True)
    key = EncryptedTextField(help_text="The Fernet key, under the global keys.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        base_manager_name = "objects"
        constraints = [models.UniqueConstraint(fields=["institution", "subject_type",
                                                       "subject_id"], name="uniq_record_key")]

    def __str__(self) -> str:
        return f"key of {self.subject_type}:{self.subject_id}"


class LegalHold(TenantModel):
    """A named matter (a claim, a complaint to the OIA, a police request) that stops the
    schedule for a case or a report until it is released."""

    matter = models.CharField(max_length=200)
    reason = models.TextField()
    # A released hold no longer keeps its record: once deleted, ``reference`` still names it.
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    report = models.ForeignKey("reporting.Report", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(max_length=30, help_text="The held record's reference.")
    placed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    placed_on = models.DateField()
    released_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    released_on = models.DateField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-placed_on", "-pk"]
        indexes = [models.Index(fields=["institution", "released_on"])]

    def __str__(self) -> str:
        return self.matter

    @property
    def active(self) -> bool:
        return self.released_on is None


class Tombstone(TenantModel):
    """A deleted record: its kind, its reference and the months it was made and ended. The
    audit trail's events about the record keep naming ``subject_type:subject_id``, which now
    resolves here (:func:`retention.selectors.tombstone_for`)."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64)
    reference = models.CharField(max_length=30)
    opened_month = models.DateField(help_text="The first day of the month it was made.")
    ended_month = models.DateField(help_text="The first day of the month it ended.")
    deleted_on = models.DateField()

    class Meta:
        base_manager_name = "objects"
        ordering = ["-deleted_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "subject_type",
                                                       "subject_id"], name="uniq_tombstone")]

    def __str__(self) -> str:
        return f"{self.reference} (deleted {self.deleted_on:%b %Y})"


class TombstoneFact(TenantModel):
    """One thing the insight reports counted about a deleted record (``measure``: which count,
    ``value``: the group it fell in, ``on``: the day that placed it in a period). The day is
    kept, not the month: a term starts mid-month, and the term's numbers must not move."""

    tombstone = models.ForeignKey(Tombstone, on_delete=models.CASCADE, related_name="facts")
    measure = models.CharField(max_length=40)
    value = models.CharField(max_length=120, blank=True)
    position = models.IntegerField(default=0)
    on = models.DateField()

    class Meta:
        base_manager_name = "objects"
        indexes = [models.Index(fields=["institution", "measure", "on"])]
