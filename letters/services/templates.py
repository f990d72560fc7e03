"""Editing an institution's letter templates: only its admin, only a template that renders and
never one that would bind a protected recipient (a reporting party) to silence (000 §9)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.roles import Role
from accounts.selectors import membership_get
from audit.services import audit_record

from ..models import LetterTemplate
from ..registry import kind_of
from ..rendering import letter_page, render_body
from ..silence import binds_to_silence, silence_refusal


def _require_admin(actor, institution) -> None:
    membership = membership_get(user=actor, institution=institution)
    if membership is None or not membership.has_role(Role.INSTITUTION_ADMIN):
        raise PermissionDenied(
            f"Only the {institution.role_label(Role.INSTITUTION_ADMIN)} can change letter "
            "templates.")


def _samples(institution, kind: str):
    """(role, made-up facts) for every recipient role of the kind, every variant of each."""
    spec = kind_of(kind)
    for role in dict.fromkeys((*spec.roles, *spec.silenced)):
        for context in spec.samples(institution, kind, role):
            yield role, context


def _check(institution, kind: str, text: str, field: str, what: str) -> None:
    spec = kind_of(kind)
    for role, context in _samples(institution, kind):
        try:
            rendered = render_body(text, context)
        except Exception as exc:  # noqa: BLE001 - any template error is the editor's to fix
            raise ValidationError({field: [f"The {what} does not render: {exc}"]}) from exc
        phrase = binds_to_silence(rendered) if role in spec.silenced else None
        if phrase:
            raise ValidationError({field: [silence_refusal(
                phrase, what=f"Letters to {spec.silenced[role]}")]})


def letter_template_check(*, institution, kind: str, body: str, subject: str = "") -> None:
    """Refuse a template that does not render or that would bind a protected recipient to
    silence. Used by the template editor and the admin before saving.

    The template is rendered with every variant of made-up facts the kind provides (a
    template can hide a sentence behind ``{% if outcome.result == ... %}``), so no branch a
    reporting party could receive escapes the check."""
    _check(institution, kind, subject + "\n" + body, "body", "template")


def _check_subject(institution, kind: str, subject: str) -> None:
    if not subject.strip():
        raise ValidationError({"subject": ["Enter the subject."]})
    _check(institution, kind, subject, "subject", "subject")


@transaction.atomic
def letter_template_update(*, template: LetterTemplate, actor, subject: str,
                           body: str) -> LetterTemplate:
    """Save a new subject and body. Raises PermissionDenied for anyone but the institution
    admin and ValidationError (subject / body) for a template that cannot be used."""
    institution = template.institution
    _require_admin(actor, institution)
    template = (LetterTemplate.objects.for_institution(institution).select_for_update()
                .get(pk=template.pk))
    _check_subject(institution, template.kind, subject)
    if not body.strip():
        raise ValidationError({"body": ["Enter the body of the letter."]})
    letter_template_check(institution=institution, kind=template.kind, body=body)
    before = {"subject": template.subject,
              "body_sha256": hashlib.sha256(template.body.encode()).hexdigest()}
    template.subject = subject.strip()
    template.body = body
    template.updated_by = actor
    template.save(update_fields=["subject", "body", "updated_by", "updated_at"])
    audit_record(institution=institution, actor=actor, action="letter_template.updated",
                 obj=template, changes={
                     "kind": template.kind, "before": before,
                     "after": {"subject": template.subject,
                               "body_sha256": hashlib.sha256(body.encode()).hexdigest()}})
    return template


def letter_template_preview(*, institution, kind: str, subject: str, body: str,
                            role: str = "") -> tuple[str, str]:
    """The letter a template would make from made-up facts for a recipient ``role`` (the
    kind's first role by default), as (subject, full HTML page in the letters layout).
    Raises ValidationError (subject / body) if it does not render."""
    spec = kind_of(kind)
    context = next(iter(spec.samples(institution, kind, role or spec.roles[0])))
    errors = {}
    rendered_subject = rendered_body = ""
    try:
        rendered_subject = render_body(subject, context)
    except Exception as exc:  # noqa: BLE001
        errors["subject"] = [f"The subject does not render: {exc}"]
    try:
        rendered_body = render_body(body, context)
    except Exception as exc:  # noqa: BLE001
        errors["body"] = [f"The template does not render: {exc}"]
    if errors:
        raise ValidationError(errors)
    return rendered_subject, letter_page(institution, context, rendered_subject, rendered_body)
