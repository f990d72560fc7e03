"""The disciplinary procedure's own settings for an institution: what it calls its bodies and
how its Board may sit. One row per institution (``CaseSettings.of(institution)``)."""

from __future__ import annotations

from django.db import models

from institutions.models import InstitutionSettings
from institutions.procedure import Rule

from .choices import AppealRoute, Authority

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

    appeal_route = models.CharField(
        max_length=20, choices=AppealRoute.choices, default=AppealRoute.COMMITTEE,
        help_text="How appeals are heard: 002's paper review by the appeal body, or 004's "
        "designated member who may fix the penalty or convene an appeals panel.")
    reporting_party_review = models.BooleanField(
        default=False,
        help_text="A reporting student may ask for an informal review of the outcome by "
        "someone independent (004: they cannot appeal; the review does not change the "
        "outcome).")
    informal_authority = models.CharField(
        max_length=20, choices=Authority.choices, default=Authority.INFORMAL_OFFICER,
        help_text="Whose power the penalties of an informal outcome are imposed under "
        "(004's sanctions table: the Head of School or nominee).")

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
