"""Equality monitoring of applicants, shown only in aggregate (001; special-category data).

Answers live only as tallies (models/equality.py). What the EDI administrators see is each
question's counts, with small counts suppressed so that a count cannot point at a person.

Only **closed years** are shown: the tallies of the calendar year still running are left out
until it ends. Otherwise whoever looked at the figures before and after one application (the
EDI administrators see each application arrive) could read that person's answers from the
difference, which suppressing small counts does not prevent. A year is shown whole once it is
over, when no single application can be told apart in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from .models import QUESTIONS, EqualityTally
from .models.equality import NOT_ANSWERED

#: The smallest count shown as a number. A count from 1 to ``EQUALITY_MIN_COUNT - 1`` is shown
#: as "fewer than 5": one or two people with a rare answer (a disability, a religion) in a
#: small scheme could otherwise be recognised by whoever knows the applicants. Where exactly
#: one count of a question is suppressed, the next smallest is suppressed too, so that it
#: cannot be worked out from the question's total. Zero is shown: it says nothing of anyone.
EQUALITY_MIN_COUNT = 5

SUPPRESSED = f"fewer than {EQUALITY_MIN_COUNT}"
#: A count hidden only so that a suppressed one cannot be worked out from the total.
WITHHELD = "not shown"

#: In :func:`suppress`'s answer: a count hidden because it is small, or to protect another.
SMALL, PROTECTS = None, -1


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: hidden
    withheld: bool = False  # hidden to protect another count, not because it is small

    @property
    def shown(self) -> str:
        if self.count is not None:
            return str(self.count)
        return WITHHELD if self.withheld else SUPPRESSED


@dataclass(frozen=True)
class QuestionSummary:
    key: str
    question: str
    cells: list[Cell]
    total: int | None


def suppress(counts: list[int]) -> list[int | None]:
    """``counts`` with those from 1 to EQUALITY_MIN_COUNT - 1 replaced by ``SMALL`` (None),
    and one more (the smallest shown, above zero) by ``PROTECTS`` (-1) when only one was
    replaced."""
    out: list[int | None] = [SMALL if 0 < n < EQUALITY_MIN_COUNT else n for n in counts]
    hidden = [i for i, n in enumerate(out) if n is SMALL]
    if len(hidden) == 1:
        shown = [(n, i) for i, n in enumerate(out) if n]
        if shown:
            out[min(shown)[1]] = PROTECTS
    return out


def _closed(institution):
    """The tallies of the years that are over (see the module's docstring)."""
    return EqualityTally.objects.for_institution(institution).filter(
        year__lt=timezone.localdate().year)


def equality_summary(*, institution, year: int | None = None) -> list[QuestionSummary]:
    """Every question's counts for the institution (one closed year, or every closed year),
    suppressed; one query. The year still running counts for nothing until it ends."""
    tallies = _closed(institution)
    if year is not None:
        tallies = tallies.filter(year=year)
    counts: dict[tuple[str, str], int] = {
        (row["question"], row["answer"]): row["n"]
        for row in tallies.values("question", "answer").annotate(n=Sum("count")).order_by()}
    summaries = []
    for key, (question, choices) in QUESTIONS.items():
        answers = [*choices.choices, (NOT_ANSWERED, "Not answered")]
        raw = [counts.get((key, value), 0) for value, _label in answers]
        total = sum(raw)
        shown = suppress(raw)
        summaries.append(QuestionSummary(
            key=key, question=question,
            cells=[Cell(label, None if n in (SMALL, PROTECTS) else n, withheld=n == PROTECTS)
                   for (_value, label), n in zip(answers, shown, strict=True)],
            total=total if total == 0 or total >= EQUALITY_MIN_COUNT else None))
    return summaries


def equality_years(institution) -> list[int]:
    """The closed years with tallies, newest first."""
    return sorted(set(_closed(institution).values_list("year", flat=True)), reverse=True)
