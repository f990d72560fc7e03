"""Rendering a letter's PDF once (run by the outbox relay, or ``letters.tasks`` by hand), and
opening it. The PDF is stored encrypted (``core.crypto``; re-encrypted by ``manage.py
rotate_encryption``, which never changes the plaintext) with the SHA-256 of the plaintext, so
the letter that was issued can be proved to be the one that was sent."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.crypto import decrypt_bytes, encrypt_bytes
from core.pdf import html_to_pdf

from ..models import Letter
from ..rendering import letter_page, render_body
from .issue import letter_template_for
from .links import letter_delivery_queue


def letter_html(letter: Letter) -> str:
    """The letter as an HTML page: the institution's current template with the facts frozen
    at issue."""
    template = letter_template_for(letter.institution, letter.kind)
    body = render_body(template.body, letter.context)
    return letter_page(letter.institution, letter.context, letter.subject, body)


def letter_render(*, letter: Letter) -> Letter:
    """Render and store the PDF once. Re-running on an issued letter does nothing."""
    with transaction.atomic():
        letter = Letter.objects.for_institution(letter.institution_id).select_for_update(
            of=("self",)).select_related("institution").get(pk=letter.pk)
        if letter.status == Letter.Status.ISSUED:
            return letter
        pdf = html_to_pdf(letter_html(letter))
        letter.sha256 = hashlib.sha256(pdf).hexdigest()
        name = letter.file_name
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
        letter_delivery_queue(letter)
    return letter


def letter_render_failed(*, institution_id: int, letter_id: int, error: str) -> None:
    """A letter that could not be rendered shows "Generation failed" (with the kind of error)
    where staff look for it, instead of "Being generated" for ever."""
    Letter.objects.for_institution(institution_id).filter(
        pk=letter_id, status=Letter.Status.PENDING).update(
        status=Letter.Status.FAILED, error=error[:2000])


def letter_open(*, letter: Letter, actor) -> bytes | None:
    """An issued letter's PDF, decrypted, for someone who may see its subject (the caller
    checked need-to-know); the read is audited. None while the letter is still being
    generated."""
    from audit.services import audit_read

    if letter.status != Letter.Status.ISSUED or not letter.pdf:
        return None
    with letter.pdf.open("rb") as handle:
        pdf = decrypt_bytes(handle.read())
    audit_read(institution=letter.institution, actor=actor, obj=letter,
               what="letter download")
    return pdf
