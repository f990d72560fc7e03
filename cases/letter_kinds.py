"""The disciplinary procedure's kinds of letter, declared to the letters app (found by
``letters.apps.LettersConfig.ready``). Default texts: ``services/letter_defaults.py``; who
receives each and the facts it states: ``services/letters.py``."""

from __future__ import annotations

from letters.registry import Kind, register

from .models import LetterKind
from .portal import case_portal_actions
from .procedure_text import procedure_words
from .services.contact import case_letter_route
from .services.letter_defaults import DEFAULTS
from .services.letters import (
    case_letter_context,
    case_letter_recipients,
    case_letter_samples,
    require_letter_sender,
)
from .templatetags.case_words import board_words

#: The fields a template may use, shown in the letter template editor.
FIELDS = [
    ("recipient.name", "The person the letter is to"),
    ("is_respondent / is_reporting_party", "Which of them it is (use with {% if %})"),
    ("student.name, student.student_id", "The reported student"),
    ("reference, date", "The case reference and the date of the letter"),
    ("institution.name, institution.address", "Your institution"),
    ("decision_maker, informal_officer, board, appeal_body, appeal_reviewer",
     "Your institution's names for these roles and bodies"),
    ("allegations", "A list: each has type, category, severity"),
    ("outcome.result_label, outcome.reasons, outcome.decided_on, outcome.penalties",
     "The decision; each penalty has name, amount, details"),
    ("appeal_deadline, appeal_window, appeal_grounds", "The right of appeal"),
    ("oia_deadline, oia_months", "Completion of Procedures: the OIA time limit"),
    ("extra.hearing_date, extra.arrangements, extra.membership, extra.witnesses, "
     "extra.documents, extra.objection_deadline", "Notice of the Board hearing"),
    ("extra.aim, extra.aim_due, extra.new_date, extra.reason",
     "Notice of a delay: the aim, when it fell due, the new expected date and why (§44)"),
]

#: How the editor's preview names the recipients.
ROLE_LABELS = {"respondent": "The reported student", "reporting_party": "A reporting party"}

def label_in_own_words(institution, key: str, label: str) -> str:
    """'Formal decision (§50-51)' at an institution running 002; at another, its own name and
    reference for the letter (cases/procedure_text.py)."""
    words = procedure_words(institution)
    if words.cites_paragraphs:
        return board_words(label, institution)
    name = words.label(f"letter.{key}", label.split(" (")[0])
    return f"{name.split(' (')[0]}{words.cite(f'letter.{key}')}"


register(*(
    Kind(key=kind.value, label=kind.label, subject=DEFAULTS[kind][0], body=DEFAULTS[kind][1],
         recipients=case_letter_recipients, context=case_letter_context,
         samples=case_letter_samples, roles=("respondent", "reporting_party"),
         silenced={"reporting_party": "reporting parties"}, require_sender=require_letter_sender,
         link="case", app="cases", fields=tuple(FIELDS), role_labels=ROLE_LABELS,
         label_for=lambda institution, label, _key=kind.value: label_in_own_words(
             institution, _key, label),
         route=case_letter_route, portal_actions=case_portal_actions)
    for kind in LetterKind
))
