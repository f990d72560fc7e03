"""The institution's own words in generic labels: 'the Board' becomes 'the Student Discipline
Panel' at an institution that calls its Board that."""

from __future__ import annotations

import re

from django import template

from ..models import CaseSettings

register = template.Library()


@register.filter
def board_name(institution) -> str:
    """The institution's name for its Board ('Board of Discipline', 'Student Discipline
    Panel')."""
    return CaseSettings.of(institution).board_label if institution else "Board"


@register.filter
def board_words(text, institution) -> str:
    """Stage, decision and letter labels name 'the Board'; say the institution's name for it."""
    text = str(text)
    board = (CaseSettings.of(institution).board_label if institution else "") or "Board"
    if board == "Board":
        return text
    text = re.sub(r"\bthe Board\b", f"the {board}", text)
    return re.sub(r"^Board\b", board, text)
