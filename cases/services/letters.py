"""Issuing letters. The service freezes the facts a letter states (its context) and writes the
PDF's rendering to the outbox (delivered by the relay after commit); an issued letter never
changes, and a correction is a new version.

Letters to reporting parties never bind them to silence (000 §9): the rendered text of every
such letter is checked, and a template that would do so cannot be saved.
"""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template import Context, Engine, Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.crypto import encrypt_bytes
from core.pdf import data_uri, html_to_pdf
from institutions.calendar import add_months
from institutions.procedure import Rule
from institutions.selectors import time_limit_for

from ..models import (
    AppealGround,
    Case,
    ImposedPenalty,
    Letter,
    LetterKind,
    LetterTemplate,
    Outcome,
    Party,
)
from .common import open_deadlines, record

_SILENCE_VERBS = (r"(disclose|discuss|speak|talk|share|tell|mention|publish|repeat|post|comment"
                  r"|reveal)")
SILENCE_PATTERNS = [
    r"non[\s-]?disclosure",
    r"confidentiality\s+(agreement|undertaking|clause)",
    r"\bgag(s|ged|ging)?\b",
    r"\b(must|shall|should|will|may|agree\s+to|are\s+(required|expected|asked|obliged)\s+to)"
    r"\s+(not|never)\s+" + _SILENCE_VERBS,
    r"\b(must|shall|should|will|agree\s+to|are\s+(required|expected|asked|obliged)\s+to)\s+"
    r"keep\s+[^.]{0,60}(confidential|secret|private)",
    r"\bnot\s+(be\s+)?(permitted|allowed)\s+to\s+" + _SILENCE_VERBS,
    r"\b(do\s+not|don't|never)\s+" + _SILENCE_VERBS,
    r"\brefrain\s+from\s+(disclos|discuss|speak|talk|shar|tell|mention|publish|comment|reveal)",
    r"\bnot\s+to\s+" + _SILENCE_VERBS,
]
_SILENCE = re.compile("|".join(SILENCE_PATTERNS), re.IGNORECASE)
#: A promise the institution makes about itself ("we will not share your details") binds the
#: reader to nothing: a match whose subject is the institution is not silence.
_OWN_PROMISE = re.compile(r"\b(we|the\s+(school|university|institution|college))\s+$",
                          re.IGNORECASE)

_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True)


def binds_to_silence(text: str) -> str | None:
    """The phrase that would bind the reader to silence, or None."""
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    for match in _SILENCE.finditer(plain):
        if not _OWN_PROMISE.search(plain[max(0, match.start() - 40):match.start()]):
            return match.group(0)
    return None


def human_date(value) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}" if value else ""


def render_body(template_body: str, context: dict) -> str:
    return Template(template_body, engine=_ENGINE).render(Context(context))


def letter_template_check(*, institution, kind: str, body: str, subject: str = "") -> None:
    """Refuse a template that does not render or that would bind a reporting party to
    silence. Used by the template editor before saving, and by :func:`letter_issue`.

    The template is rendered for a reporting party with every outcome it may state (a
    template can hide a sentence behind ``{% if outcome.result == ... %}``), so no branch a
    reporting party could receive escapes the check."""
    for context in _reporting_party_samples(institution, kind):
        try:
            rendered = render_body(subject + "\n" + body, context)
        except Exception as exc:  # noqa: BLE001 - any template error is the editor's problem
            raise ValidationError({"body": [f"The template does not render: {exc}"]}) from exc
        phrase = binds_to_silence(rendered)
        if phrase:
            raise ValidationError({"body": [
                f"Letters to reporting parties must never bind them to silence (000 §9): "
                f"remove '{phrase}'."]})


def _reporting_party_samples(institution, kind: str):
    base = sample_context(institution, kind, reporting_party=True)
    yield base
    yield {**base, "outcome": None, "appeal_deadline": "", "appeal_window": ""}
    for kind_value in Outcome.Kind.values:
        for result in Outcome.Result.values:
            yield {**base, "outcome": {**base["outcome"], "kind": kind_value,
                                       "result": result}}


@transaction.atomic
def letter_issue(*, case: Case, kind: str, actor, outcome: Outcome | None = None,
                 to_reporting_parties: bool = False, extra: dict | None = None,
                 corrects: Letter | None = None, correction_reason: str = "",
                 recipient_keys: set[str] | None = None) -> list[Letter]:
    """Create one letter per recipient (the respondent, and reporting parties where the
    procedure says so) and queue their PDFs. Returns the letters (status pending).
    ``recipient_keys`` limits the letters to those recipients (a correction goes only to the
    person whose letter it corrects)."""
    recipients = [_respondent_recipient(case)]
    if to_reporting_parties:
        recipients += [
            {"key": f"party-{p.pk}", "name": p.name, "role": "reporting_party",
             "email": p.email, "address": ""}
            for p in Party.objects.for_institution(case.institution_id)
            .filter(case=case, kind=Party.Kind.REPORTING_PARTY)
        ]
    if recipient_keys is not None:
        recipients = [r for r in recipients if r["key"] in recipient_keys]
    letters = []
    template = _template(case.institution, kind)
    for recipient in recipients:
        context = build_context(case, kind, outcome, recipient, extra or {})
        if corrects is not None:
            # A correction states the same facts as the letter it corrects unless they were
            # recomputed (an appeal window that has since closed is still the one stated).
            context = {**corrects.context, **context, "correction": {
                "version": corrects.version, "date": corrects.context.get("date", ""),
                "reason": correction_reason}}
        if recipient["role"] == "reporting_party":
            phrase = binds_to_silence(render_body(template.subject + "\n" + template.body,
                                                  context))
            if phrase:
                raise ValidationError(
                    f"This letter would bind a reporting party to silence ('{phrase}'); the "
                    f"institution never does that (000 §9). Correct the letter template.")
        last = Letter.objects.for_institution(case.institution_id).filter(
            case=case, kind=kind, recipient_key=recipient["key"]).aggregate(v=Max("version"))
        letter = Letter.objects.create(
            institution=case.institution, case=case, kind=kind,
            version=(last["v"] or 0) + 1, recipient_key=recipient["key"],
            recipient={k: v for k, v in recipient.items() if k != "key"}, context=context,
            subject=render_body(template.subject, context), issued_by=actor,
            corrects=corrects)
        record(case, actor, "letter.issued", kind=kind, version=letter.version,
               recipient=recipient["role"], letter=letter.pk)
        letters.append(letter)
        _queue(letter)
    return letters


#: Who may issue a corrected letter: the staff whose decisions letters carry.
MAY_CORRECT = ("decision_maker", "informal_resolution_officer", "clerk", "appeal_reviewer")


@transaction.atomic
def letter_correct(*, letter: Letter, actor, reason: str) -> list[Letter]:
    """Issue a corrected version of a letter to the same recipient. The original stays as it
    was; the new version points at it (``corrects``) and says what was corrected."""
    from .common import require_institution_role

    letter = Letter.objects.for_institution(letter.institution_id).select_related(
        "case__institution").get(pk=letter.pk)
    case = letter.case
    require_institution_role(actor, case, *MAY_CORRECT)
    if not reason.strip():
        raise ValidationError({"reason": ["Say what the correction is."]})
    if letter.corrections.exists():
        raise ValidationError({"letter": [
            "This letter has already been corrected: correct the latest version."]})
    outcome = None
    if letter.context.get("outcome"):
        outcome = Outcome.objects.for_institution(case.institution_id).filter(
            pk=letter.context["outcome"]["id"]).first()
    record(case, actor, "letter.corrected", letter=letter.pk, reason=reason.strip())
    new = letter_issue(case=case, kind=letter.kind, actor=actor, outcome=outcome,
                        extra=letter.context.get("extra") or {}, corrects=letter,
                        correction_reason=reason.strip(),
                        to_reporting_parties=letter.recipient_key != "respondent",
                        recipient_keys={letter.recipient_key})
    if not new:
        raise ValidationError({"letter": ["The person this letter was sent to is no longer a "
                                          "party to the case."]})
    return new


def _queue(letter: Letter) -> None:
    """The PDF is rendered by the outbox relay once this transaction commits, retried with
    backoff if rendering or the broker fails (the letter stays "Being generated" meanwhile)."""
    from outbox.services import outbox_enqueue

    from ..outbox_handlers import LETTER_RENDER

    outbox_enqueue(kind=LETTER_RENDER, institution=letter.institution,
                   key=f"letter:{letter.pk}:render", payload={"letter": letter.pk})


def letter_render(*, letter: Letter) -> Letter:
    """Render and store the PDF once. Re-running on an issued letter does nothing."""
    with transaction.atomic():
        letter = Letter.objects.for_institution(letter.institution_id).select_for_update().get(
            pk=letter.pk)
        if letter.status == Letter.Status.ISSUED:
            return letter
        html = letter_html(letter)
        pdf = html_to_pdf(html)
        letter.sha256 = hashlib.sha256(pdf).hexdigest()
        name = f"{letter.case.reference}-{letter.kind}-{letter.recipient_key}-v{letter.version}.pdf"
        # A run that stored the file and then failed before committing left it behind under
        # this letter's name (the letter is still pending, so nothing refers to it): replace
        # it rather than store a second copy beside it.
        stale = letter.pdf.field.generate_filename(letter, name)
        if letter.pdf.storage.exists(stale):
            letter.pdf.storage.delete(stale)
        letter.pdf.save(name, ContentFile(encrypt_bytes(pdf)), save=False)
        letter.status = Letter.Status.ISSUED
        letter.issued_at = timezone.now()
        letter.error = ""
        letter.save(update_fields=["sha256", "pdf", "status", "issued_at", "error"])
    return letter


def letter_html(letter: Letter) -> str:
    template = _template(letter.case.institution, letter.kind)
    body = render_body(template.body, letter.context)
    return _layout(letter.case.institution, letter.context, letter.subject, body)


def _layout(institution, context: dict, subject: str, body: str) -> str:
    logo = ""
    if institution.logo:
        try:
            with institution.logo.open("rb") as handle:
                logo = data_uri(handle.read(), "image/png")
        except (OSError, ValueError):
            logo = ""
    return render_to_string("letters/layout.html", {
        "institution": institution, "logo": logo, "subject": subject,
        "body": mark_safe(body), "context": context,  # noqa: S308 - autoescaped above
    })


def _template(institution, kind: str) -> LetterTemplate:
    from .letter_defaults import ensure_letter_templates

    template = LetterTemplate.objects.for_institution(institution).filter(kind=kind).first()
    if template is None:
        ensure_letter_templates(institution=institution)
        template = LetterTemplate.objects.for_institution(institution).get(kind=kind)
    return template


def _respondent_recipient(case: Case) -> dict:
    student = case.respondent
    return {"key": "respondent", "name": student.full_name, "role": "respondent",
            "email": student.email, "address": student.address}


def build_context(case: Case, kind: str, outcome: Outcome | None, recipient: dict,
                  extra: dict) -> dict:
    inst = case.institution
    today = timezone.localdate()
    context = {
        "date": human_date(today),
        "reference": case.reference,
        "recipient": {k: v for k, v in recipient.items() if k != "key"},
        "is_respondent": recipient["role"] == "respondent",
        "is_reporting_party": recipient["role"] == "reporting_party",
        "student": {"name": case.respondent.full_name,
                    "student_id": case.respondent.student_id},
        "institution": {"name": inst.display_letter_name, "address": inst.address_block},
        "decision_maker": inst.role_label("decision_maker"),
        "informal_officer": inst.role_label("informal_resolution_officer"),
        "board": inst.board_label,
        "appeal_body": inst.appeal_body_label,
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
        "board": institution.board_label, "appeal_body": institution.appeal_body_label,
        "appeal_reviewer": institution.role_label("appeal_reviewer"),
        "allegations": [{"type": "24.6 Abusive conduct, bullying or harassment",
                         "category": "Harassment and bullying", "severity": "Minor"}],
        "outcome": {"id": 0, "kind": "formal", "result": "upheld",
                    "result_label": "Allegation upheld",
                    "reasons": "The evidence shows, on the balance of probabilities, ...",
                    "decided_on": human_date(today),
                    "penalties": [{"name": "Formal written warning", "amount": "",
                                   "details": ""}]},
        "appeal_deadline": human_date(today), "appeal_window": "10 working days (§66)",
        "appeal_grounds": ["A significant procedural flaw or irregularity"],
        "oia_deadline": human_date(add_months(today, 12)), "oia_months": 12,
        "extra": {"hearing_date": human_date(today), "hearing_format": "In person",
                  "arrangements": "Room 1.01", "membership": [], "witnesses": [],
                  "documents": [], "evidence_summary": "...", "objection_deadline":
                  human_date(today)},
    }


def letter_open(*, letter: Letter, actor) -> bytes | None:
    """An issued letter's PDF, decrypted, for someone who may see the case (the caller checked
    need-to-know); the read is audited. None while the letter is still being generated."""
    from audit.services import audit_read
    from core.crypto import decrypt_bytes

    if letter.status != Letter.Status.ISSUED or not letter.pdf:
        return None
    with letter.pdf.open("rb") as handle:
        pdf = decrypt_bytes(handle.read())
    audit_read(institution=letter.case.institution, actor=actor, obj=letter,
               what="letter download")
    return pdf
