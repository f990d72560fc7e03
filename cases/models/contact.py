"""How each person on a case agreed to receive the letters it sends them (004 "how decisions are
communicated": agreed at the start of the investigation): by email, as a secure link to the
letter, or through their support caseworker. One row per person: the respondent (``party``
empty) or a party to the case."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel

from .case import Case, Party


class ContactPreference(TenantModel):
    class Method(models.TextChoices):
        EMAIL = "email", "By email (a secure link to each letter)"
        THROUGH_CASEWORKER = "through_caseworker", "Through their support caseworker"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_preferences")
    party = models.OneToOneField(Party, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="contact_preference",
                                 help_text="Empty: the respondent.")
    method = models.CharField(max_length=20, choices=Method.choices)
    email = models.EmailField(blank=True, help_text="Where the links go (email only).")
    agreed_on = models.DateField(help_text="When it was agreed with the person.")
    agreed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                                  help_text="The member of staff who agreed it with them.")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["party_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(party__isnull=True),
                                    name="uniq_respondent_contact_preference"),
        ]

    def __str__(self) -> str:
        return self.get_method_display()

    @property
    def recipient_key(self) -> str:
        return f"party-{self.party_id}" if self.party_id else "respondent"
