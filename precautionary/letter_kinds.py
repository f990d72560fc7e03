"""The precautionary letters, declared to the letters app (found by
``letters.apps.LettersConfig.ready``). Default texts: ``services/letter_defaults.py``; who
receives each and the facts it states: ``services/letters.py``."""

from __future__ import annotations

from letters.registry import Kind, register

from .services.letter_defaults import DEFAULTS
from .services.letters import (
    LetterKind,
    matter_letter_context,
    matter_letter_recipients,
    matter_letter_samples,
    require_letter_sender,
)
from .wording import say

FIELDS = [
    ("recipient.name", "The person the letter is to"),
    ("is_student / is_protected_person", "Which of them it is (use with {% if %})"),
    ("student.name", "The student the measures concern"),
    ("reference, date", "The matter's reference and the date of the letter"),
    ("institution.name, institution.address", "Your institution"),
    ("group, appeal_body", "Your institution's names for the group and the appeal body"),
    ("not_a_finding", "The statement that the measures are not a finding of guilt"),
    ("measures", "A list: each has type, scope, conditions, starts_on, ends_on"),
    ("decision.reasons, decision.disruption_steps, decision.support_offered, "
     "decision.decided_on, decision.representations_due", "The decision (student only)"),
    ("appeal_deadline, appeal_window", "The right of appeal (student only)"),
    ("appeal.result_label, appeal.reasons", "The appeal's outcome"),
    ("review.result_label, review.reasons", "The review's outcome"),
]

ROLE_LABELS = {"student": "The student", "protected_person": "A protected person"}

register(*(
    Kind(key=kind.value, label=kind.label, subject=DEFAULTS[kind][0], body=DEFAULTS[kind][1],
         recipients=matter_letter_recipients, context=matter_letter_context,
         samples=matter_letter_samples,
         roles=("protected_person",) if kind == LetterKind.PROTECTED_NOTICE else ("student",),
         silenced={"protected_person": "protected people"},
         require_sender=require_letter_sender, app="precautionary", fields=tuple(FIELDS),
         role_labels=ROLE_LABELS, label_for=say)
    for kind in LetterKind
))
