"""The precautionary letters, declared to the letters app (found by
``letters.apps.LettersConfig.ready``). Default texts: ``services/letter_defaults.py``; who
receives each and the facts it states: ``services/letters.py``."""

from __future__ import annotations

from letters.registry import Kind, Recipient, Route, register

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

def matter_letter_route(matter, recipient: Recipient) -> Route | None:
    """The student receives the group's letters the way they agreed for the case the matter
    belongs to (004 "how decisions are communicated"); with no case or no agreement, or to a
    protected person, staff send them by hand. Delivered by the letters module."""
    if recipient.role != "student" or matter.case_id is None:
        return None
    case = matter.case
    inst = matter.institution_id
    preferences = case.contact_preferences.model.objects.for_institution(inst)
    pref = preferences.filter(case=case, party__isnull=True).first()
    if pref is None:
        return None
    if pref.method == Route.EMAIL:
        return Route(method=Route.EMAIL, to=pref.email or recipient.email)
    handler = (case.assignments.model.objects.for_institution(inst)
               .filter(case=case, role="caseworker", ended_at__isnull=True)
               .values_list("user_id", flat=True).first())
    return Route(method=Route.THROUGH_CASEWORKER, handler=handler)


ROLE_LABELS = {"student": "The student", "protected_person": "A protected person"}

register(*(
    Kind(key=kind.value, label=kind.label, subject=DEFAULTS[kind][0], body=DEFAULTS[kind][1],
         recipients=matter_letter_recipients, context=matter_letter_context,
         samples=matter_letter_samples,
         roles=("protected_person",) if kind == LetterKind.PROTECTED_NOTICE else ("student",),
         silenced={"protected_person": "protected people"},
         require_sender=require_letter_sender, app="precautionary", fields=tuple(FIELDS),
         role_labels=ROLE_LABELS, route=matter_letter_route, label_for=say)
    for kind in LetterKind
))
