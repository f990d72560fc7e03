"""The student a matter is about (002 §19: a matter may open "at an early stage", before any
case, so the student may not be on record yet). The student's record is the cases app's, and
only its service finds or adds one (``cases.services.students.student_find_or_create``);
precautionary sits below cases, so cases registers that service here when it starts
(``CasesConfig.ready``), as it registers its conflict source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_source: Callable[..., tuple[Any, bool]] | None = None


def register_student_source(fn: Callable[..., tuple[Any, bool]]) -> None:
    global _source  # noqa: PLW0603 - set once, at start-up
    _source = fn


def matter_student_find_or_record(*, institution, actor, student_id: str, given_name: str = "",
                                  family_name: str = "", email: str = "", **details):
    """The institution's student with ``student_id``; one not on record is recorded (both
    names needed; ``details``: address, programme), in the caller's transaction, by the cases
    app's service. An existing record is never overwritten."""
    if _source is None:
        raise RuntimeError("No student source: the cases app registers one when it starts.")
    student, _created = _source(institution=institution, actor=actor, student_id=student_id,
                                given_name=given_name, family_name=family_name, email=email,
                                **details)
    return student
