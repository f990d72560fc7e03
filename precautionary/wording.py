"""The institution's own words for precautionary pages, letters and forms. Texts here are
written in 002's words (§19-23); the disciplinary procedure's configuration says them in the
institution's (cases/procedure_text.py). Precautionary may not import cases, so cases tells it
(``register_wording_source`` from ``CasesConfig.ready``); without a source texts are as
written."""

from __future__ import annotations

from collections.abc import Callable

from core.forms import form_in_words

WordingSource = Callable[[object, str], str]
_SOURCES: list[WordingSource] = []


def register_wording_source(fn: WordingSource) -> None:
    """``fn(institution, text)``: the text in the institution's words (idempotent)."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)


def say(institution, text) -> str:
    text = str(text)
    for source in _SOURCES:
        text = source(institution, text)
    return text


def form_in_own_words(form, institution):
    return form_in_words(form, lambda text: say(institution, text))
