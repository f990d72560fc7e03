"""Precautionary measures' own settings for an institution (one row per institution,
``PrecautionarySettings.of(institution)``): whether every conduct case is referred to the group,
and the institution's words for the group and the appeal body. How often measures are reviewed
is the institution's time limit for ``precautionary_review`` (precautionary/procedure.py: six
weeks in calendar days by default), kept with its other time limits."""

from __future__ import annotations

from django.db import models

from institutions.models import InstitutionSettings


class PrecautionarySettings(InstitutionSettings):
    refer_every_conduct_case = models.BooleanField(
        default=False,
        help_text="Every new conduct case is referred to the group automatically (Midshire: "
        "'All Conduct cases are referred to the Cause for Concern group'). Off: the group "
        "considers a case when it is referred to it.")
    group_label = models.CharField(
        max_length=100, default="Precautionary Measures Group",
        help_text="This institution's name for the group (e.g. 'Cause for Concern group').")
    appeal_body_label = models.CharField(
        max_length=150, default="a nominated member of the Management Committee",
        help_text="To whom a student appeals against precautionary measures (002 §22).")

    class Meta(InstitutionSettings.Meta):
        verbose_name = "precautionary measures settings"
        verbose_name_plural = "precautionary measures settings"

    def __str__(self) -> str:
        return f"Precautionary measures settings of {self.institution}"
