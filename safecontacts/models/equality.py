"""Equality monitoring of applicants (001's optional questions: special-category data).

Answers are never kept per person: submitting an application adds one to a tally per question
and answer (:class:`EqualityTally`), which has no link to the application, the applicant or
the time of submission (only the calendar year). So nobody, an EDI administrator included, can
read one person's answers; the pages show only the tallies, with small counts suppressed
(safecontacts/equality.py).
"""

from __future__ import annotations

from django.db import models

from core.tenancy.scoping import TenantModel

PREFER_NOT = ("prefer_not_to_say", "Prefer not to say")
#: An optional question left blank.
NOT_ANSWERED = "not_answered"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    ANOTHER = "another", "In another way"
    PREFER_NOT_TO_SAY = PREFER_NOT


class Ethnicity(models.TextChoices):
    """The 2021 census's high-level groups (England and Wales)."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Another ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT


class SexualOrientation(models.TextChoices):
    BISEXUAL = "bisexual", "Bisexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
    ANOTHER = "another", "Another sexual orientation"
    PREFER_NOT_TO_SAY = PREFER_NOT


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    BUDDHIST = "buddhist", "Buddhist"
    CHRISTIAN = "christian", "Christian"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    ANOTHER = "another", "Another religion or belief"
    PREFER_NOT_TO_SAY = PREFER_NOT


#: question key -> (the question as the form asks it, its choices), in the form's order.
QUESTIONS: dict[str, tuple[str, type[models.TextChoices]]] = {
    "gender": ("Which best describes your gender?", Gender),
    "ethnicity": ("Your ethnic origin or racial group", Ethnicity),
    "disability": ("Do you have a disability?", Disability),
    "sexual_orientation": ("Your sexual orientation", SexualOrientation),
    "religion": ("Your religion or belief", Religion),
}


class EqualityTally(TenantModel):
    """How many applicants in ``year`` gave ``answer`` to ``question`` (``not_answered``: left
    it blank). Deliberately no foreign key but the institution, and no timestamp."""

    year = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=24)
    answer = models.CharField(max_length=24)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        ordering = ["year", "question", "answer"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "question", "answer"],
                                    name="uniq_equality_tally"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.question}={self.answer}: {self.count}"
