"""The disciplinary procedure's letters: who receives each kind (the respondent, and reporting
parties where the procedure says so), the facts it states, and made-up facts for previews. The
letters app does the rest (templates, PDF, storage, versions, the silence check of 000 §9);
the kinds are declared to it in ``cases/letter_kinds.py``.

Letters to reporting parties never bind them to silence (000 §9): ``letters.services`` checks
the rendered text of every such letter, and refuses a template that would do so."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from institutions.calendar import add_months
from institutions.procedure import Rule
from institutions.selectors import time_limit_for
from letters import services as letters
from letters.registry import Recipient
from letters.rendering import human_date, render_body
from letters.services import letter_html, letter_open, letter_render, letter_template_check
from letters.silence import binds_to_silence

from ..models import (
    Appeal,
    AppealGround,
    Case,
    CaseSettings,
    ImposedPenalty,
    Letter,
    LetterKind,
    Outcome,
    Party,
)
from ..policies import enforce
from ..procedure_text import procedure_words
from .common import open_deadlines

__all__ = [
    "binds_to_silence", "build_context", "case_letter_context",
    "case_letter_recipients", "case_letter_samples", "human_date", "letter_correct",
    "letter_html", "letter_issue", "letter_open", "letter_render", "letter_template_check",
    "render_body", "require_letter_sender", "sample_context", "TO_REPORTING_PARTIES",
]

#: The letters a case's reporting parties always receive, whatever the caller says: the
#: decisions (§30 informal outcome report "to the reporting individual"; §50 and §64 "directly
#: involved" / "relevant interest"), the appeal's outcome (§69) and the closure (§66). The
#: Completion of Procedures letter goes to them when it conveys an appeal's outcome (§69-70),
#: not when the student asks for one after a closure they were already told of (§66). The
#: respondent's notices (the Board's notice, §58) are theirs alone.
TO_REPORTING_PARTIES = frozenset({
    LetterKind.INFORMAL_OUTCOME, LetterKind.FORMAL_DECISION, LetterKind.BOARD_DECISION,
    LetterKind.APPEAL_OUTCOME, LetterKind.NO_APPEAL_CLOSURE})


def _to_reporting_parties(case: Case, kind: str) -> bool:
    if kind in TO_REPORTING_PARTIES:
        return True
    if kind == LetterKind.COMPLETION_OF_PROCEDURES:
        return Appeal.objects.for_institution(case.institution_id).filter(
            case=case, outcome__isnull=False).exists()
    return False


def letter_issue(*, case: Case, kind: str, actor, outcome: Outcome | None = None,
                 to_reporting_parties: bool = False, extra: dict | None = None,
                 recipient_keys: set[str] | None = None) -> list[Letter]:
    """Issue a letter of ``kind`` on the case to the respondent, and to the reporting parties
    where the procedure says so (``TO_REPORTING_PARTIES``, or ``to_reporting_parties``).
    Returns the letters (pending), the respondent's first."""
    to_reporting_parties = to_reporting_parties or _to_reporting_parties(case, kind)
    return letters.letter_issue(
        about=case, kind=kind, actor=actor, recipient_keys=recipient_keys,
        options={"outcome": outcome, "to_reporting_parties": to_reporting_parties,
                 "extra": extra or {}})


@transaction.atomic
def letter_correct(*, letter: Letter, actor, reason: str) -> list[Letter]:
    """Issue a corrected version of a letter to the same recipient. The original stays as it
    was; the new version points at it (``corrects``) and says what was corrected."""
    letter = Letter.objects.for_institution(letter.institution_id).select_related(
        "case__institution").get(pk=letter.pk)
    case = letter.case
    if case is None:  # the view found it on a case; a letter about a report is not ours
        raise PermissionDenied("This letter is not about a case.")
    enforce("letter_correct", case=case, actor=actor, obj=letter)
    outcome = None
    if letter.context.get("outcome"):
        outcome = Outcome.objects.for_institution(case.institution_id).filter(
            pk=letter.context["outcome"]["id"]).first()
    return letters.letter_correct(letter=letter, actor=actor, reason=reason, options={
        "outcome": outcome, "extra": letter.context.get("extra") or {},
        "to_reporting_parties": letter.recipient_key != "respondent"})


def require_letter_sender(actor, case: Case) -> None:
    """Who may record that a case's letter was sent (the ``letter_delivery`` policy; whether
    the letter is issued yet, the letters module checks as a field error)."""
    enforce("letter_delivery", case=case, actor=actor)


# -- the kinds' declarations (used by cases/letter_kinds.py) -----------------------------------

def case_letter_recipients(case: Case, options: Mapping) -> list[Recipient]:
    student = case.respondent
    recipients = [Recipient(key="respondent", name=student.full_name, role="respondent",
                            email=student.email, address=student.address)]
    if options.get("to_reporting_parties"):
        recipients += [
            Recipient(key=f"party-{p.pk}", name=p.name, role="reporting_party", email=p.email)
            for p in Party.objects.for_institution(case.institution_id)
            .filter(case=case, kind=Party.Kind.REPORTING_PARTY)
        ]
    return recipients


def case_letter_context(case: Case, kind: str, recipient: Recipient, options: Mapping) -> dict:
    return build_context(case, kind, options.get("outcome"), recipient,
                         options.get("extra") or {})


def case_letter_samples(institution, kind: str, role: str) -> Iterator[dict]:
    """Made-up facts as ``role`` would receive them: for a reporting party, with every outcome
    a letter may state (a template can hide a sentence behind ``{% if outcome.result %}``)."""
    base = sample_context(institution, kind, reporting_party=role == "reporting_party")
    yield base
    if role != "reporting_party":
        return
    yield {**base, "outcome": None, "appeal_deadline": "", "appeal_window": ""}
    for kind_value in Outcome.Kind.values:
        for result in Outcome.Result.values:
            yield {**base, "outcome": {**base["outcome"], "kind": kind_value,
                                       "result": result}}


def build_context(case: Case, kind: str, outcome: Outcome | None, recipient: Recipient,
                  extra: dict) -> dict:
    """The facts a case's letter states, frozen at issue. ``appeal_window`` is the rule as
    written ("10 working days (§66)"): templates say "within {{ appeal_window }}", never put
    it in brackets."""
    inst = case.institution
    today = timezone.localdate()
    context = {
        "date": human_date(today),
        "reference": case.reference,
        "recipient": recipient.as_sent(),
        "is_respondent": recipient.role == "respondent",
        "is_reporting_party": recipient.role == "reporting_party",
        "student": {"name": case.respondent.full_name,
                    "student_id": case.respondent.student_id},
        "institution": {"name": inst.display_letter_name, "address": inst.address_block},
        "decision_maker": inst.role_label("decision_maker"),
        "informal_officer": inst.role_label("informal_resolution_officer"),
        "board": CaseSettings.of(inst).board_label,
        "appeal_body": CaseSettings.of(inst).appeal_body_label,
        "appeal_reviewer": inst.role_label("appeal_reviewer"),
        "allegations": [
            {"type": a.get_misconduct_type_display(), "category": a.get_category_display(),
             "severity": a.get_severity_display()}
            for a in case.allegations.all()
        ],
        "extra": extra,
    }
    if outcome is not None:
        context["outcome"] = {
            "id": outcome.pk,
            "kind": outcome.kind,
            "result": outcome.result,
            "result_label": outcome.get_result_display(),
            "reasons": outcome.reasons,
            "decided_on": human_date(outcome.decided_on),
            "penalties": [
                {"name": p.penalty_type.name,
                 "amount": f"£{p.amount:,.2f}" if p.amount is not None else "",
                 "details": p.details}
                for p in ImposedPenalty.objects.for_institution(case.institution_id)
                .filter(outcome=outcome).select_related("penalty_type")
            ],
        }
    windows = open_deadlines(case, Rule.APPEAL_WINDOW, Rule.INFORMAL_APPEAL_WINDOW)
    if windows:
        context["appeal_deadline"] = human_date(windows[-1].due_date)
        context["appeal_window"] = windows[-1].rule_description
    context["appeal_grounds"] = [
        g.text for g in AppealGround.objects.for_institution(case.institution_id)]
    if kind == LetterKind.COMPLETION_OF_PROCEDURES:
        limit = time_limit_for(institution=inst, rule=Rule.OIA_COMPLAINT, cohort=case.cohort)
        months = limit.amount if limit else 12
        context["oia_deadline"] = human_date(add_months(today, months))
        context["oia_months"] = months
    return context


def sample_context(institution, kind: str, *, reporting_party: bool = False) -> dict:
    """Made-up facts for previewing a template (no real case is read)."""
    today = timezone.localdate()
    return {
        "date": human_date(today), "reference": f"{institution.slug.upper()}-2026-0001",
        "recipient": {"name": "Sam Example", "role": "reporting_party" if reporting_party
                      else "respondent", "email": "sam@example.org", "address": ""},
        "is_respondent": not reporting_party, "is_reporting_party": reporting_party,
        "student": {"name": "Alex Sample", "student_id": "20260001"},
        "institution": {"name": institution.display_letter_name,
                        "address": institution.address_block},
        "decision_maker": institution.role_label("decision_maker"),
        "informal_officer": institution.role_label("informal_resolution_officer"),
        "board": CaseSettings.of(institution).board_label,
        "appeal_body": CaseSettings.of(institution).appeal_body_label,
        "appeal_reviewer": institution.role_label("appeal_reviewer"),
        "allegations": [{"type": "24.6 Abusive conduct, bullying or harassment",
                         "category": "Harassment and bullying", "severity": "Minor"}],
        "outcome": {"id": 0, "kind": "formal", "result": "upheld",
                    "result_label": "Allegation upheld",
                    "reasons": "The evidence shows, on the balance of probabilities, ...",
                    "decided_on": human_date(today),
                    "penalties": [{"name": "Formal written warning", "amount": "",
                                   "details": ""}]},
        "appeal_deadline": human_date(today),
        "appeal_window": procedure_words(institution).say("10 working days (§66)"),
        "appeal_grounds": ["A significant procedural flaw or irregularity"],
        "oia_deadline": human_date(add_months(today, 12)), "oia_months": 12,
        "extra": {"hearing_date": human_date(today), "hearing_format": "In person",
                  "arrangements": "Room 1.01", "membership": [], "witnesses": [],
                  "documents": [], "evidence_summary": "...", "objection_deadline":
                  human_date(today), "aim": "60 days of the allegation being made (§44)",
                  "aim_due": human_date(today), "new_date": human_date(today),
                  "reason": "A witness cannot attend a meeting until next month."},
    }
