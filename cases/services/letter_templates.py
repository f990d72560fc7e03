"""Editing an institution's letter templates: only its admin, only a template that renders and
never one that would bind a reporting party to silence (000 §9)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from accounts.roles import Role
from accounts.selectors import membership_get
from audit.services import audit_record
from core.pdf import data_uri

from ..models import LetterTemplate
from .letters import binds_to_silence, letter_template_check, render_body, sample_context


def _require_admin(actor, institution) -> None:
    membership = membership_get(user=actor, institution=institution)
    if membership is None or not membership.has_role(Role.INSTITUTION_ADMIN):
        raise PermissionDenied(
            f"Only the {institution.role_label(Role.INSTITUTION_ADMIN)} can change letter "
            "templates.")


def _check_subject(institution, kind: str, subject: str) -> None:
    if not subject.strip():
        raise ValidationError({"subject": ["Enter the subject."]})
    try:
        rendered = render_body(subject, sample_context(institution, kind, reporting_party=True))
    except Exception as exc:  # noqa: BLE001 - any template error is the editor's to fix
        raise ValidationError({"subject": [f"The subject does not render: {exc}"]}) from exc
    phrase = binds_to_silence(rendered)
    if phrase:
        raise ValidationError({"subject": [
            f"Letters to reporting parties must never bind them to silence (000 §9): "
            f"remove '{phrase}'."]})


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
                            reporting_party: bool = False) -> tuple[str, str]:
    """The letter a template would make from made-up facts, as (subject, full HTML page in the
    letters layout). Raises ValidationError (subject / body) if it does not render."""
    context = sample_context(institution, kind, reporting_party=reporting_party)
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
    logo = ""
    if institution.logo:
        try:
            with institution.logo.open("rb") as handle:
                logo = data_uri(handle.read(), "image/png")
        except (OSError, ValueError):
            logo = ""
    html = render_to_string("letters/layout.html", {
        "institution": institution, "logo": logo, "subject": rendered_subject,
        "body": mark_safe(rendered_body),  # noqa: S308 - autoescaped by the letter engine
        "context": context})
    return rendered_subject, html
