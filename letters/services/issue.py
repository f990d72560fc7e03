"""Issuing letters. The service freezes the facts a letter states (its context) and writes the
PDF's rendering to the outbox (delivered by the relay after commit); an issued letter never
changes, and a correction is a new version pointing at the one it corrects.

A letter to a recipient the kind protects (a reporting party) never binds them to silence
(000 §9): its rendered text is checked here, and a template that would do so cannot be saved
(``letters.services.templates``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max

from audit.services import audit_record

from ..models import Letter, LetterTemplate, about_fields
from ..registry import Kind, kind_of, kinds
from ..rendering import render_body
from ..silence import CLAUSE, binds_to_silence

#: The outbox kind that renders a letter's PDF (``letters.outbox_handlers``).
LETTER_RENDER = "letters.render"


def letter_template_for(institution, kind: str) -> LetterTemplate:
    """The institution's template of this kind; the kind's default the first time."""
    spec = kind_of(kind)
    templates = LetterTemplate.objects.for_institution(institution)
    template = templates.filter(kind=kind).first()
    if template is None:
        letter_templates_ensure(institution=institution, app=spec.app)
        template = templates.get(kind=kind)
    return template


def letter_templates_ensure(*, institution, app: str | None = None) -> None:
    """Give the institution the default template of every kind (of ``app``) it does not have
    yet; templates it has, edited or not, are kept."""
    existing = set(LetterTemplate.objects.for_institution(institution)
                   .values_list("kind", flat=True))
    for spec in kinds(app):
        if spec.key not in existing:
            LetterTemplate.objects.create(institution=institution, kind=spec.key,
                                          subject=spec.subject, body=spec.body)


def _refuse_silence(spec: Kind, recipient_role: str, template: LetterTemplate,
                    context: dict) -> None:
    if recipient_role not in spec.silenced:
        return
    phrase = binds_to_silence(render_body(template.subject + "\n" + template.body, context))
    if phrase:
        raise ValidationError(
            f"Letters to {spec.silenced[recipient_role]} must never bind them to silence "
            f"({CLAUSE}): this one would ('{phrase}'). Correct the letter template.")


@transaction.atomic
def letter_issue(*, about: models.Model, kind: str, actor, options: Mapping | None = None,
                 corrects: Letter | None = None, correction_reason: str = "",
                 recipient_keys: set[str] | None = None) -> list[Letter]:
    """Create one letter per recipient the kind names for ``about`` and queue their PDFs.
    Returns the letters (status pending). ``options`` go to the kind's recipients and context;
    ``recipient_keys`` limits the letters to those recipients (a correction goes only to the
    person whose letter it corrects). The caller has checked that ``actor`` may do this."""
    spec = kind_of(kind)
    options = options or {}
    institution = about.institution  # type: ignore[attr-defined]  # every subject is a tenant row
    recipients = spec.recipients(about, options)
    if recipient_keys is not None:
        recipients = [r for r in recipients if r.key in recipient_keys]
    template = letter_template_for(institution, kind)
    subject_of = about_fields(about)
    links = {spec.link: about} if spec.link else {}
    letters = []
    for recipient in recipients:
        context = spec.context(about, kind, recipient, options)
        if corrects is not None:
            # A correction states the same facts as the letter it corrects unless they were
            # recomputed (an appeal window that has since closed is still the one stated).
            context = {**corrects.context, **context, "correction": {
                "version": corrects.version, "date": corrects.context.get("date", ""),
                "reason": correction_reason}}
        _refuse_silence(spec, recipient.role, template, context)
        last = Letter.objects.for_institution(institution).filter(
            **subject_of, kind=kind, recipient_key=recipient.key).aggregate(v=Max("version"))
        letter = Letter.objects.create(
            institution=institution, **subject_of, **links, kind=kind,
            version=(last["v"] or 0) + 1, recipient_key=recipient.key,
            recipient=recipient.as_sent(), context=context,
            subject=render_body(template.subject, context), issued_by=actor,
            corrects=corrects)
        audit_record(institution=institution, actor=actor, action="letter.issued", obj=about,
                     changes={"kind": kind, "version": letter.version,
                              "recipient": recipient.role, "letter": letter.pk})
        letters.append(letter)
        _queue(letter)
    return letters


@transaction.atomic
def letter_correct(*, letter: Letter, actor, reason: str,
                   options: Mapping | None = None) -> list[Letter]:
    """Issue a corrected version of a letter to the same recipient. The original stays as it
    was; the new version points at it (``corrects``) and says what was corrected. ``options``
    are those the letter was issued with (the owning app knows them); the caller has checked
    that ``actor`` may correct it."""
    letter = Letter.objects.for_institution(letter.institution_id).select_for_update(
        of=("self",)).get(pk=letter.pk)
    if not reason.strip():
        raise ValidationError({"reason": ["Say what the correction is."]})
    if letter.corrections.exists():
        raise ValidationError({"letter": [
            "This letter has already been corrected: correct the latest version."]})
    about = letter.about
    audit_record(institution=letter.institution, actor=actor, action="letter.corrected",
                 obj=about, changes={"letter": letter.pk, "reason": reason.strip()})
    new = letter_issue(about=about, kind=letter.kind, actor=actor, options=options,
                       corrects=letter, correction_reason=reason.strip(),
                       recipient_keys={letter.recipient_key})
    if not new:
        raise ValidationError({"letter": ["The person this letter was sent to is no longer one "
                                          "of its recipients (for example, no longer a party "
                                          "to the case)."]})
    return new


def _queue(letter: Letter) -> None:
    """The PDF is rendered by the outbox relay once this transaction commits, retried with
    backoff if rendering or the broker fails (the letter stays "Being generated" meanwhile)."""
    from outbox.services import outbox_enqueue

    outbox_enqueue(kind=LETTER_RENDER, institution=letter.institution,
                   key=f"letter:{letter.pk}:render", payload={"letter": letter.pk})
