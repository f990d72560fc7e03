"""How completions reach the records: imports of a learning platform's export, in-person
sessions with their attendance register, and the reminders sent before a staff member's
qualification expires.

Where an uploaded export is kept (issue 11 §8): in its :class:`ImportRun` row, encrypted
(``core.crypto``), and only as long as it is needed. core/ has no shared file-storage helper
(each app stores evidence its own way), and the worker that processes a large file may run on
another machine than the web server, so the database row is the one place both can read. The
content is emptied as soon as the run ends (done or failed) or its preview is abandoned
(``training.tasks.training_imports_housekeeping_task``); what is kept afterwards is the
counts, the columns used and the row-by-row error report.
"""

from __future__ import annotations

from django.db import models

from core.tenancy.scoping import TenantModel

from .course import Module
from .people import Completion, Learner


class DateFormat(models.TextChoices):
    """How the export writes its completion dates (an XLSX date cell is read as a date
    whatever is chosen here)."""

    ISO = "%Y-%m-%d", "2026-10-20 (year-month-day)"
    UK = "%d/%m/%Y", "20/10/2026 (day/month/year)"
    US = "%m/%d/%Y", "10/20/2026 (month/day/year)"
    UK_DASHES = "%d-%m-%Y", "20-10-2026 (day-month-year)"
    DOTS = "%d.%m.%Y", "20.10.2026 (day.month.year)"


class ModuleMatch(models.TextChoices):
    KEY = "key", "The module's key (e.g. consent-ed-1)"
    TITLE = "title", "The module's title"


#: The columns a mapping names, in the order the pages show them: (field, label, required).
MAPPED_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("email_column", "Email", True),
    ("external_id_column", "Student or staff number", False),
    ("name_column", "Name", False),
    ("department_column", "Department", False),
    ("cohort_column", "Cohort (entry year)", False),
    ("year_column", "Year of study", False),
    ("module_column", "Module", False),
    ("completed_on_column", "Completion date", True),
)


class ImportMapping(TenantModel):
    """Which column of the institution's learning-platform export holds what, saved at the
    last import so that the next one is prefilled (one row per institution). Columns are
    named by their header, matched without regard to case or surrounding spaces."""

    email_column = models.CharField(max_length=100)
    external_id_column = models.CharField(max_length=100, blank=True)
    name_column = models.CharField(max_length=100, blank=True)
    department_column = models.CharField(max_length=100, blank=True)
    cohort_column = models.CharField(max_length=100, blank=True)
    year_column = models.CharField(max_length=100, blank=True)
    #: Blank: every import names one module at upload.
    module_column = models.CharField(max_length=100, blank=True)
    module_match = models.CharField(max_length=8, choices=ModuleMatch.choices,
                                    default=ModuleMatch.KEY)
    completed_on_column = models.CharField(max_length=100)
    date_format = models.CharField(max_length=12, choices=DateFormat.choices,
                                   default=DateFormat.ISO)
    updated_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["institution"], name="uniq_training_import_mapping"),
        ]

    def __str__(self) -> str:
        return f"Import columns of {self.institution_id}"

    def columns(self) -> dict[str, str]:
        return {field: getattr(self, field) for field, _label, _required in MAPPED_COLUMNS}


class ImportRun(TenantModel):
    """One upload of a learning platform's export and what became of it."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for its columns to be confirmed"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        DISCARDED = "discarded", "Discarded"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    filename = models.CharField(max_length=200)
    file_format = models.CharField(max_length=4, choices=Format.choices)
    #: The uploaded file, encrypted; emptied when the run ends (see the module's docstring).
    content = models.BinaryField(default=bytes, editable=False)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    headers = models.JSONField(default=list)
    #: The roster kind given to people the file adds (an export is of students or of staff).
    learner_kind = models.CharField(max_length=8, choices=Learner.Kind.choices,
                                    default=Learner.Kind.STUDENT)
    #: The columns used (ImportMapping's fields and values), fixed when the run starts.
    mapping = models.JSONField(default=dict, blank=True)
    fixed_module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    learners_created = models.PositiveIntegerField(default=0)
    learners_updated = models.PositiveIntegerField(default=0)
    #: Why a run failed as a whole (never a row's problem: those are ImportRowErrors).
    failure = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Touched after each batch: a run whose worker died is taken up again once it is stale.
    updated_at = models.DateTimeField(auto_now=True)

    WORKING = (Status.QUEUED, Status.RUNNING)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "status"], name="import_run_status")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%d %b %Y})"

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING

    @property
    def percent_done(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 100


class ImportRowError(TenantModel):
    """One row of an import that was not applied, and why (the row-by-row error report)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="row_errors")
    #: As a spreadsheet numbers it: the header is row 1.
    row_number = models.PositiveIntegerField()
    #: The row's email as given, so the administrator can find the person.
    email = models.CharField(max_length=254, blank=True)
    problem = models.CharField(max_length=300)

    class Meta:
        base_manager_name = "objects"
        ordering = ["row_number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "row_number"], name="uniq_import_row_error"),
        ]

    def __str__(self) -> str:
        return f"Row {self.row_number}: {self.problem}"


class TrainingSession(TenantModel):
    """An in-person session of a module (a Consent.Ed Level 2 workshop, a Safe Contact
    induction), with its attendance register."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    location = models.CharField(max_length=200)
    facilitator = models.CharField(max_length=200)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["institution", "held_on"], name="training_session_day")]

    def __str__(self) -> str:
        return f"{self.module} on {self.held_on:%d %b %Y}"


class Attendance(TenantModel):
    """One learner on a session's register. Marking them as attended records their completion
    (source REGISTER) through ``completion_record``; ``completion`` is that record."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="register")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField(default=False)
    completion = models.ForeignKey(Completion, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    #: The register created ``completion`` (rather than finding it already recorded): only
    #: then may unmarking the attendance withdraw it.
    created_completion = models.BooleanField(default=False)
    marked_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["learner__full_name", "learner__email", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="uniq_attendance"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} at {self.session}"


class ExpiryReminder(TenantModel):
    """A reminder sent to a member of staff that a completion they need for their role
    expires soon: one per completion and threshold (60 and 14 days before), never twice."""

    completion = models.ForeignKey(Completion, on_delete=models.CASCADE,
                                   related_name="expiry_reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    #: False: a nearer threshold was due the same day, so this one was passed over.
    emailed = models.BooleanField(default=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["completion", "days_before"],
                                    name="uniq_expiry_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.days_before} days before {self.completion}"
