"""Modules and the campaigns that run them."""

from __future__ import annotations

import datetime as dt

from django.db import models

from core.tenancy.scoping import TenantModel


class Module(TenantModel):
    class Audience(models.TextChoices):
        ALL_STUDENTS = "all_students", "All students"
        FIRST_YEAR_STUDENTS = "first_year_students", "First-year students"
        ALL_STAFF = "all_staff", "All staff"
        DISCIPLINARY_ROLES = "disciplinary_roles", "Staff in a disciplinary role"
        ROLE = "role", "Staff holding a role"

    class Delivery(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"

    class Purpose(models.TextChoices):
        """What holding the module qualifies a person for, when anything."""

        GENERAL = "general", "Awareness (no qualification)"
        DISCIPLINARY_SPECIALIST = (
            "disciplinary_specialist",
            "specialist training in Investigations, Adjudications and Decision Making",
        )
        UNCONSCIOUS_BIAS = "unconscious_bias", "unconscious bias training"
        SAFE_CONTACT_INDUCTION = "safe_contact_induction", "Safe Contact induction"
        SAFE_CONTACT_SPECIALISM = "safe_contact_specialism", "Safe Contact specialist topic"

    key = models.SlugField(max_length=60, help_text="Stable identifier, e.g. 'consent-ed-1'.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=24, choices=Audience.choices)
    #: With audience ROLE: the role key (accounts/roles.py) whose holders must take it.
    audience_role = models.CharField(max_length=40, blank=True)
    mandatory = models.BooleanField(default=False)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)
    duration_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    #: Blank: a completion never expires. Specialist training expires after N years.
    validity_years = models.PositiveSmallIntegerField(null=True, blank=True)
    purpose = models.CharField(max_length=24, choices=Purpose.choices, default=Purpose.GENERAL)
    #: Short label shown on the Safe Contact directory ("Sexual violence", "LGBTQIA+").
    topic = models.CharField(max_length=80, blank=True)
    #: 004: a survivor may opt out of the consent / bystander module; the opt-out meets it.
    allows_opt_out = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "key"], name="uniq_training_module"),
        ]

    def __str__(self) -> str:
        return self.title

    def expiry_for(self, completed_on: dt.date) -> dt.date | None:
        """The last day a completion on ``completed_on`` is in force (blank: never expires)."""
        if not self.validity_years:
            return None
        try:
            end = completed_on.replace(year=completed_on.year + self.validity_years)
        except ValueError:  # 29 February
            end = completed_on.replace(year=completed_on.year + self.validity_years, day=28)
        return end - dt.timedelta(days=1)


class Campaign(TenantModel):
    """A run of a module for a cohort, with its opening date and deadline (Midshire: Bystander
    and Consent opens 15 September, deadline 20 October)."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=150)
    opens_on = models.DateField()
    deadline = models.DateField()
    #: Which learners it is for, when narrower than the module's audience (e.g. "2026").
    cohort = models.CharField(max_length=40, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="campaign_deadline_after_opening",
                violation_error_message="The deadline cannot be before the opening date."),
        ]

    def __str__(self) -> str:
        return self.name
