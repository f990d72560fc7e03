"""The disciplinary procedure's kinds of letter, declared to the letters app (found by
``letters.apps.LettersConfig.ready``). Default texts: ``services/letter_defaults.py``; who
receives each and the facts it states: ``services/letters.py``."""

from __future__ import annotations

from letters.registry import Kind, register

from .models import LetterKind
from .services.letter_defaults import DEFAULTS
from .services.letters import (
    case_letter_context,
    case_letter_recipients,
    case_letter_samples,
    require_letter_sender,
)

register(*(
    Kind(key=kind.value, label=kind.label, subject=DEFAULTS[kind][0], body=DEFAULTS[kind][1],
         recipients=case_letter_recipients, context=case_letter_context,
         samples=case_letter_samples, roles=("respondent", "reporting_party"),
         silenced={"reporting_party": "reporting parties"}, require_sender=require_letter_sender,
         link="case", app="cases")
    for kind in LetterKind
))
