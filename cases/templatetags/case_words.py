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


@register.simple_tag(takes_context=True)
def cite(context, key: str, default: str = "") -> str:
    """' (§47-48)' after a label at an institution running 002, its own reference (or
    nothing) at another: ``{% cite "previous_misconduct" %}`` (cases/procedure_text.py)."""
    from ..procedure_text import procedure_words

    return procedure_words(context.get("institution")).cite(key, default)


@register.simple_tag(takes_context=True)
def proc(context, key: str, default: str = "") -> str:
    """The bare reference: ``{% proc "allegation_summary" %}``."""
    from ..procedure_text import procedure_words

    return procedure_words(context.get("institution")).ref(key, default)


@register.filter
def say(text, institution) -> str:
    """A text written in 002's words, in the institution's procedure's words."""
    from ..procedure_text import procedure_words

    return procedure_words(institution).say(text)


@register.filter
def letter_kind(letter, institution) -> str:
    """A letter's kind in the institution's words (its letter kind's ``label_at``)."""
    from letters.registry import UnknownKind, kind_of

    try:
        return kind_of(letter.kind).label_at(institution)
    except UnknownKind:
        return letter.get_kind_display()


@register.simple_tag(takes_context=True)
def term(context, key: str, default: str) -> str:
    """The procedure's own name for a thing: ``{% term "allegation_form" "Alleged Misconduct
    Form" %}`` (002's name as the default)."""
    from ..procedure_text import procedure_words

    return procedure_words(context.get("institution")).label(key, default)


@register.simple_tag
def told_of_pause(pause, party):
    """The day ``party`` was told of ``pause`` (§44), from the notices the case file loaded."""
    return next((n.told_on for n in pause.notices.all() if n.party_id == party.pk), None)
