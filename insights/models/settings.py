"""Insights' own settings for an institution (one row per institution,
``InsightsSettings.of(institution)``): the threshold below which a count is never published.

With the default threshold of 5, a count from 1 to 4 is published as "fewer than 5" (issue 12:
"counts from 1 to the institution's threshold shown as 'fewer than 5'": the threshold itself
is the first count shown, so that "fewer than 5" is true of every hidden small count); zero is
shown. ``insights.suppression`` then hides whatever else would let a hidden count be worked out.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from institutions.models import InstitutionSettings


class InsightsSettings(InstitutionSettings):
    threshold = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text="Counts from 1 to one less than this are published as 'fewer than N' (5: "
        "counts of 1 to 4 are hidden), with whatever else would let one be worked out. "
        "Zero is shown.")

    class Meta(InstitutionSettings.Meta):
        verbose_name = "insights settings"
        verbose_name_plural = "insights settings"

    def __str__(self) -> str:
        return f"Insights settings of {self.institution}"
