"""Action plans (003, the Prevent duty plan): a plan with versions, and its items (guidance
paragraph, risk references, action, timing, lead, notes, status, due and review dates). Leads
are reminded before and on an item's dates and, once a date has passed, told with the
governance officers, by the shared deadline sweep (governance/procedure.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel


class ActionPlan(TenantModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    introduction = models.TextField(blank=True, help_text="What the plan covers.")
    key = models.TextField(blank=True, help_text="Abbreviations and how to read the columns.")
    current_version = models.CharField(max_length=20, blank=True)
    version_date = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["institution", "status", "title"], name="plan_list")]

    def __str__(self) -> str:
        return self.title

    def overdue(self, today) -> bool:
        return (self.status == self.Status.ACTIVE and self.next_review_on is not None
                and self.next_review_on < today)


class ActionPlanVersion(TenantModel):
    """One version of a plan (003: "Ver. 14 - 1 Nov 2018"), with a note and the items as they
    stood."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=20)
    dated = models.DateField()
    note = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-dated", "-pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "version"],
                                               name="uniq_plan_version")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class ActionItem(TenantModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ONGOING = "ongoing", "Ongoing"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    CLOSED = (Status.DONE, Status.DROPPED)

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    guidance_paragraphs = models.CharField(max_length=100, blank=True)
    risk_refs = models.CharField(max_length=100, blank=True)
    action = models.TextField()
    timing = models.TextField(blank=True, help_text="Timing or detail, as the plan words it.")
    lead = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    lead_description = models.CharField(max_length=300, blank=True,
                                        help_text="The lead as the plan names them.")
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices,
                              default=Status.NOT_STARTED)
    due_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["plan", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="uniq_plan_item_number")]
        indexes = [
            models.Index(fields=["institution", "status", "due_on"], name="planitem_due"),
            models.Index(fields=["institution", "lead", "status"], name="planitem_lead"),
        ]

    def __str__(self) -> str:
        return f"Item {self.number} of {self.plan}"

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    def overdue(self, today) -> bool:
        return self.is_open and any(
            day is not None and day < today for day in (self.due_on, self.review_on))
