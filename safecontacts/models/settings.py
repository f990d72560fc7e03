"""The Safe Contact scheme's own settings for an institution (one row per institution,
``SafeContactSettings.of(institution)``): how the public reaches the EDI office, which
coordinates the scheme (001). How long an application may wait at each step before the EDI
administrators are reminded is a time limit (safecontacts/procedure.py), kept with the
institution's other limits."""

from __future__ import annotations

from django.db import models

from institutions.models import InstitutionSettings


class SafeContactSettings(InstitutionSettings):
    edi_office_email = models.EmailField(
        blank=True, help_text="The EDI office's address, shown on the public directory (001: "
        "the scheme is coordinated by the EDI office).")
    edi_office_text = models.TextField(
        blank=True, default="The Equality, Diversity and Inclusion (EDI) office can put you "
        "in touch with a Safe Contact, or answer questions about the scheme.",
        help_text="How to reach the EDI office, shown on the public directory.")

    class Meta(InstitutionSettings.Meta):
        verbose_name = "Safe Contact scheme settings"
        verbose_name_plural = "Safe Contact scheme settings"

    def __str__(self) -> str:
        return f"Safe Contact scheme settings of {self.institution}"
