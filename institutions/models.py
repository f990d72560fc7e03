"""The tenant (Institution), its calendar, its procedure settings, and generic deadlines."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from core.roles import role_choices, role_generic_label
from core.tenancy.scoping import TenantModel

from .procedure import Cohort, Unit, rule_choices

#: Top-level URL segments an institution slug may not take.
RESERVED_SLUGS = frozenset(
    {"admin", "api", "accounts", "static", "media", "dashboard", "healthz", "staff"}
)

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #1d3557.")


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"'{value}' is reserved for the application's own pages.")


class Institution(models.Model):
    class Region(models.TextChoices):
        ENGLAND_AND_WALES = "ENG", "England and Wales"
        SCOTLAND = "SCT", "Scotland"
        NORTHERN_IRELAND = "NIR", "Northern Ireland"

    slug = models.SlugField(unique=True, validators=[validate_slug_not_reserved])
    name = models.CharField(max_length=200)
    region = models.CharField(
        max_length=3,
        choices=Region.choices,
        default=Region.ENGLAND_AND_WALES,
        help_text="Decides which bank holidays are not working days.",
    )
    is_active = models.BooleanField(default=True)

    # Branding for pages and letters.
    letter_name = models.CharField(
        max_length=200, blank=True, help_text="Name on letters, if different from the name."
    )
    address_block = models.TextField(blank=True, help_text="Address printed on letters.")
    logo = models.ImageField(upload_to="logos/", blank=True)
    primary_colour = models.CharField(
        max_length=7, default="#1d3557", validators=[colour_validator]
    )
    accent_colour = models.CharField(max_length=7, default="#e9c46a", validators=[colour_validator])

    # Public pages.
    urgent_help = models.TextField(
        default="In an emergency call 999. If you are on campus, call Security.",
        help_text="Shown on every public page. One line per contact.",
    )
    quick_exit_url = models.URLField(
        blank=True, help_text="Neutral site the quick-exit button opens. Blank: the default."
    )

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_letter_name(self) -> str:
        return self.letter_name or self.name

    def role_label(self, role: str) -> str:
        """This institution's name for a role; the generic label if it has none."""
        labels = getattr(self, "_role_labels", None)
        if labels is None:
            labels = dict(RoleLabel.objects.for_institution(self).values_list("role", "label"))
            self._role_labels = labels
        return labels.get(role) or role_generic_label(role)

    def keep_role_labels(self, labels: list[RoleLabel]) -> None:
        """Keep the institution's labels, read with other rows (a case file), for
        :meth:`role_label`."""
        self._role_labels = {label.role: label.label for label in labels}


class InstitutionSettings(TenantModel):
    """Base for one app's own settings of an institution, one row per institution (issue 8
    §3): the disciplinary procedure's names for its bodies live in ``cases.CaseSettings``,
    Report + Support's in ``reporting.ReportingSettings``, so a new app adds its settings
    without touching :class:`Institution`.

    ``Settings.of(institution)`` is the institution's row, read once per request and kept on
    the institution object; an institution without a row has the defaults (an unsaved row),
    so nothing fails before an admin has saved one. Changes go through the app's audited
    service, never ``save()`` from a view.
    """

    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
        base_manager_name = "objects"

    @classmethod
    def of(cls, institution: Institution):
        cache = institution.__dict__.setdefault("_app_settings", {})
        if cls not in cache:
            cache[cls] = (cls.objects.for_institution(institution).first()
                          or cls(institution=institution))
        return cache[cls]

    @classmethod
    def keep(cls, institution: Institution, rows: list) -> None:
        """Keep the row read with other rows (a case file) for :meth:`of` (``rows``: the
        institution's rows, none or one)."""
        institution.__dict__.setdefault("_app_settings", {})[cls] = (
            rows[0] if rows else cls(institution=institution))

    @classmethod
    def forget(cls, institution: Institution) -> None:
        """Drop the kept row (after a change), so the next ``of`` reads it again."""
        institution.__dict__.get("_app_settings", {}).pop(cls, None)


class ClosureDay(TenantModel):
    """A day the institution is closed (e.g. Christmas closure): not a working day."""

    date = models.DateField()
    reason = models.CharField(max_length=200, default="University closure day")

    class Meta:
        base_manager_name = "objects"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "date"], name="uniq_closure_day")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"


class AcademicTerm(TenantModel):
    name = models.CharField(max_length=100)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        base_manager_name = "objects"
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="uniq_term_name"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                   name="term_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class RoleLabel(TenantModel):
    role = models.CharField(max_length=40, choices=role_choices)
    label = models.CharField(max_length=120)

    class Meta:
        base_manager_name = "objects"
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "role"], name="uniq_role_label")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} = {self.label}"


class TimeLimit(TenantModel):
    """One time limit of the institution's procedure for one cohort."""

    rule = models.CharField(max_length=40, choices=rule_choices)
    cohort = models.CharField(max_length=30, choices=Cohort.choices, default=Cohort.STANDARD)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.WORKING_DAYS)
    reference = models.CharField(max_length=100, blank=True, help_text="Policy paragraph.")

    class Meta:
        base_manager_name = "objects"
        ordering = ["rule", "cohort"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "rule", "cohort"], name="uniq_time_limit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} ({self.get_cohort_display()}): {self.describe()}"

    def describe(self) -> str:
        return f"{self.amount} {Unit(self.unit).label}"


class Deadline(TenantModel):
    """A time limit running against one object (a case, a report, an appeal ...).

    Later apps register deadlines through ``institutions.services.deadlines``; the daily task
    reminds (two working days before, and on the day) and marks missed ones.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        CANCELLED = "cancelled", "Cancelled"
        CLOSED = "closed", "Window closed"

    class Kind(models.TextChoices):
        ACTION = "action", "Staff must act by"
        WINDOW = "window", "A party may act until"

    purpose = models.CharField(max_length=200, help_text="What the deadline is for.")
    rule = models.CharField(max_length=40, choices=rule_choices, blank=True)
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.ACTION,
        help_text="A window (e.g. for an appeal) closes when it passes; it is never 'missed'.")
    rule_description = models.CharField(max_length=200, help_text="e.g. '10 working days (§66)'")
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.WORKING_DAYS)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    start_date = models.DateField()
    due_date = models.DateField()
    original_due_date = models.DateField()
    paused_since = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    completed_on = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_role = models.CharField(max_length=40, choices=role_choices, blank=True)
    reminder_before_sent = models.BooleanField(default=False)
    reminder_due_sent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["institution", "status", "due_date"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} due {self.due_date}"

    @property
    def subject(self):
        """The object the deadline runs against, loaded within the deadline's institution
        (a plain GenericForeignKey would use the unscoped base manager, which fails closed)."""
        model = self.content_type.model_class()
        manager = model._default_manager
        if hasattr(manager, "for_institution"):
            return manager.for_institution(self.institution_id).get(pk=self.object_id)
        return manager.get(pk=self.object_id)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RUNNING, self.Status.PAUSED)


class TracksDeadlines(models.Model):
    """The deadlines running against an object, summed up on the object itself so that a queue
    of a hundred thousand cases sorts and filters on indexed columns (issue 9) instead of
    computing every case's next deadline on each page.

    The deadline services keep it true (``institutions.services.summary``): every change of a
    deadline of the object refreshes it in the same transaction, and the daily sweep refreshes
    the objects whose deadlines it closed or marked missed, in one statement. Nothing else
    writes these fields.

    * ``next_due``, ``next_purpose``, ``next_kind``: the open (running or paused) deadline due
      first, or a missed one whose work is still not done (it is the most urgent). A party's
      window that has passed is left out (from the day after it passes: the daily sweep
      closes it and refreshes);
    * ``action_due``: when the first running staff deadline falls due: the object is overdue
      from the day after (``is_overdue_on``);
    * ``deadline_missed``: a deadline was missed and what it was for is still not done.
    """

    next_due = models.DateField(null=True, blank=True, editable=False)
    next_purpose = models.CharField(max_length=200, blank=True, editable=False)
    next_kind = models.CharField(max_length=10, blank=True, editable=False)
    action_due = models.DateField(null=True, blank=True, editable=False)
    deadline_missed = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    @staticmethod
    def overdue_on(today):
        """A filter for the objects overdue on ``today`` (apps add their own 'still open')."""
        return models.Q(deadline_missed=True) | models.Q(action_due__lt=today)

    def is_overdue_on(self, today) -> bool:
        return self.deadline_missed or (self.action_due is not None and self.action_due < today)
