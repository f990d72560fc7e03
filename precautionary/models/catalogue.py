"""Each institution's catalogue of precautionary measures (002 §21; 004: Non-Contact,
Temporary Exclusion and Temporary Suspension Orders)."""

from __future__ import annotations

from django.db import models

from core.tenancy.scoping import TenantModel


class MeasureType(TenantModel):
    class Kind(models.TextChoices):
        EXCLUSION = "exclusion", "Exclusion from areas, facilities or halls"
        SUSPENSION_STUDIES = "suspension_studies", "Suspension from studies"
        SUSPENSION_EVENTS = "suspension_events", "Suspension from events or activities"
        NO_CONTACT = "no_contact", "No contact with named people"
        ACCOMMODATION = "accommodation", "Move of accommodation"
        STAY_AWAY = "stay_away", "Request to stay away"

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    #: The measure protects named people (a no-contact condition): each is told what it covers.
    names_protected_people = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="uniq_measure_type")
        ]

    def __str__(self) -> str:
        return self.name
