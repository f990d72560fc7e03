"""Aggregated figures from outside the case records (000 §2): surveys, audits, exit interviews
and the national prevalence survey, imported per institution from a CSV file and attached to a
period. A report on that period shows them beside the institution's own figures, suppressed the
same way. The rows are counts as the source gave them (staff-only, like the records the
measures count); only their suppressed form is ever published."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel

from .reports import CoversPeriod


class Source(models.TextChoices):
    SURVEY = "survey", "Survey"
    AUDIT = "audit", "Audit"
    EXIT_INTERVIEW = "exit_interview", "Exit interviews"
    NATIONAL_PREVALENCE = "national_prevalence", "National Prevalence Survey"


class ExternalImport(CoversPeriod, TenantModel):
    class Status(models.TextChoices):
        IMPORTED = "imported", "Imported: shown in reports on its period"
        WITHDRAWN = "withdrawn", "Withdrawn: left out of reports generated from now on"

    title = models.CharField(max_length=200, help_text="What the figures are, as the report "
                             "names them (\"Student safety survey, autumn 2026\").")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    #: Rows that were not imported and anything else the publisher should know:
    #: [{"row": 7 or null, "column": "value", "message": "..."}].
    problems = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IMPORTED)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    withdrawn_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["institution", "series", "status"],
                                name="insights_import_series"),
                   models.Index(fields=["institution", "-uploaded_at"],
                                name="insights_import_recent")]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    @property
    def rows_refused(self) -> int:
        return sum(1 for p in self.problems if p.get("row"))


class ExternalFigure(TenantModel):
    """One value of an import: a count for one category of one measure in one period (a
    column of the report's table)."""

    upload = models.ForeignKey(ExternalImport, on_delete=models.CASCADE, related_name="figures")
    source = models.CharField(max_length=20, choices=Source.choices)
    measure = models.CharField(max_length=200)
    category = models.CharField(max_length=200)
    period = models.CharField(max_length=100)
    value = models.PositiveIntegerField()
    row = models.PositiveIntegerField(help_text="Its row in the file.")

    class Meta:
        base_manager_name = "objects"
        ordering = ["row", "pk"]

    def __str__(self) -> str:
        return f"{self.measure} / {self.category} / {self.period}: {self.value}"
