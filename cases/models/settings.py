"""The disciplinary procedure's own settings for an institution: what it calls its bodies and
how its Board may sit. One row per institution (``CaseSettings.of(institution)``)."""

from __future__ import annotations

from django.db import models

from institutions.models import InstitutionSettings


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

    procedure_shape = models.CharField(
        max_length=10, default="002", blank=True,
        choices=[("002", "002: numbered paragraphs, a Board of Discipline"),
                 ("004", "004: section headings, a Student Discipline Panel")],
        help_text="Which procedure's words the pages use: '002' (paragraph numbers, Board of "
        "Discipline) or '004' (section headings, Student Discipline Panel). See "
        "cases/procedure_text.py. Empty: 002's.")
    wording = models.JSONField(
        default=dict, blank=True,
        help_text="This institution's own words where they differ from its procedure's: "
        "{\"key\": \"reference\"}, e.g. {\"formal_decision\": \"Regulation 11.4\"}; an empty "
        "text hides the reference. Keys: cases/procedure_text.py.")

    class Meta(InstitutionSettings.Meta):
        verbose_name = "disciplinary procedure settings"
        verbose_name_plural = "disciplinary procedure settings"

    def __str__(self) -> str:
        return f"Procedure settings of {self.institution}"
