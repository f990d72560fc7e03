"""Everything the Safe Contact scheme asks of the training app, in one place (001: the
induction training, and the specialist topics shown on the directory). Answers come from
``training.selectors``, the one place that decides whether a completion is in force and when
someone last trained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from training.models import Module
from training.selectors import last_completions, modules_held

INDUCTION = Module.Purpose.SAFE_CONTACT_INDUCTION
SPECIALISM = Module.Purpose.SAFE_CONTACT_SPECIALISM
#: Holding a current completion of this specialist module makes a Safe Contact a "Safe Contact
#: (Sexual Violence)" (001).
SEXUAL_VIOLENCE_KEY = "sc-sexual-violence"

__all__ = ["INDUCTION", "SEXUAL_VIOLENCE_KEY", "SPECIALISM", "Module", "further_training_since",
           "induction_held", "is_sexual_violence", "specialism_modules", "specialisms_held"]


def induction_held(*, institution, user_id: int, on: dt.date) -> bool:
    """Does the person hold a current completion of the Safe Contact induction on ``on``?"""
    return bool(modules_held(institution=institution, user_ids=[user_id], on=on,
                             purposes=[INDUCTION]).get(user_id))


def specialisms_held(*, institution, user_ids: Iterable[int], on: dt.date
                     ) -> dict[int, list[Module]]:
    """For each user id, the Safe Contact specialist modules they hold in force on ``on``
    (two queries, whatever the number of people)."""
    return modules_held(institution=institution, user_ids=list(user_ids), on=on,
                        purposes=[SPECIALISM])


def is_sexual_violence(modules: Iterable[Module]) -> bool:
    return any(m.key == SEXUAL_VIOLENCE_KEY for m in modules)


def specialism_modules(institution) -> list[Module]:
    """The institution's specialist topics for Safe Contacts (the directory's filter)."""
    return list(Module.objects.for_institution(institution)
                .filter(purpose=SPECIALISM, is_active=True).order_by("topic", "title"))


def further_training_since(*, institution, user_ids: Iterable[int], since: dt.date
                           ) -> dict[int, dt.date]:
    """For each user id who completed a Safe Contact specialist module on or after ``since``,
    the date of the latest such completion (one query): 001 encourages further training."""
    return last_completions(institution=institution, user_ids=user_ids, since=since,
                            purposes=[SPECIALISM])
