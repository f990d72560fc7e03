"""The disciplinary procedure's own settings for an institution: what it calls its bodies and
how its Board may sit. One row per institution (``CaseSettings.of(institution)``)."""

from __future__ import annotations

from django.db import models

from institutions.models import InstitutionSettings
from institutions.procedure import Rule

#: The time limits that may be an institution's aim to complete a case (§44; 004's 90 days).
DELAY_AIM_RULES = [
    (Rule.FORMAL_TARGET.value, Rule.FORMAL_TARGET.label),
    (Rule.INVESTIGATION_TARGET.value, Rule.INVESTIGATION_TARGET.label),
]


class CaseSettings(InstitutionSettings):
    board_label = models.CharField(
        max_length=100, default="Board of Discipline",
        help_text="This institution's name for the Board (e.g. 'Student Discipline Panel').")
    appeal_body_label = models.CharField(
        max_length=100, default="Management Committee",
        help_text="Who hears appeals (e.g. 'Designated member').")
    short_programme_board_of_two = models.BooleanField(
        default=True,
        help_text="For Summer School and Executive Education the Board may sit as two, the "
        "chair with a casting vote (002 §54).",
    )
    delay_aim_rule = models.CharField(
        max_length=40, choices=DELAY_AIM_RULES, default=Rule.FORMAL_TARGET.value,
        help_text="The time limit that is the aim to complete a case: its length is the "
        "institution's time limit (002 §44: 60 days from the allegation; 004: investigations "
        "within 90 days). When it will be missed the parties get a delay letter.")
    delay_warning_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="How many working days before the aim the case page warns that a delay "
        "letter is due.")
    alumni_team_email = models.EmailField(
        blank=True,
        help_text="The alumni team's address: told of every penalty that ends or suspends "
        "alumni privileges (002 §63). Empty: the case page says nobody was told.")

    class Meta(InstitutionSettings.Meta):
        verbose_name = "disciplinary procedure settings"
        verbose_name_plural = "disciplinary procedure settings"

    def __str__(self) -> str:
        return f"Procedure settings of {self.institution}"
