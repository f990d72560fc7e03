"""Delivery records: who an issued letter went to, how and when. A letter is issued once; each
sending of it (emailed, posted, handed over) is recorded, so the institution can show that the
student was told in writing (e.g. the decision with the right of appeal, §51, §66)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record

from ..models import Letter, LetterDelivery, LetterHandover


@transaction.atomic
def letter_delivery_record(*, letter: Letter, actor, channel: str, sent_on: dt.date,
                           to: str = "") -> LetterDelivery:
    """Record that an issued letter was sent. ``to`` defaults to the recipient's email (for
    email) or address (for post) as stated on the letter. Who may record it is the owning
    app's rule (the kind's ``require_sender``)."""
    letter = Letter.objects.for_institution(letter.institution_id).select_for_update(
        of=("self",)).select_related("institution").get(pk=letter.pk)
    spec = letter.kind_spec
    about = letter.about
    if spec.require_sender is None:
        raise PermissionDenied("Nobody records the sending of this kind of letter.")
    spec.require_sender(actor, about)
    return delivery_record(letter=letter, about=about, actor=actor, channel=channel,
                           sent_on=sent_on, to=to)


def delivery_record(*, letter: Letter, about, actor, channel: str, sent_on: dt.date,
                    to: str = "") -> LetterDelivery:
    """Record a sending of a locked letter once the caller has checked who may (the kind's
    ``require_sender``, or the letter's handover is theirs)."""
    errors: dict[str, list[str]] = {}
    if letter.status != Letter.Status.ISSUED:
        errors["letter"] = ["The letter is not issued yet: record its sending once it is."]
    if channel not in LetterDelivery.Channel.values:
        errors["channel"] = ["Choose how the letter was sent."]
    if sent_on is None:
        errors["sent_on"] = ["Enter the date it was sent."]
    elif sent_on > timezone.localdate():
        errors["sent_on"] = ["A letter cannot be recorded as sent in the future."]
    elif sent_on < letter.issued_on:
        errors["sent_on"] = ["The letter was issued on "
                             f"{letter.issued_on:%d %B %Y}: it cannot have been sent before."]
    default: dict[str, str] = {LetterDelivery.Channel.EMAIL: letter.recipient.get("email", ""),
               LetterDelivery.Channel.POST: letter.recipient.get("address", "")}
    to = (to or default.get(channel, "") or "").strip()
    if channel in default and not to and "channel" not in errors:
        errors["to"] = ["Enter the address it was sent to."]
    if errors:
        raise ValidationError(errors)
    delivery = LetterDelivery.objects.create(
        institution=letter.institution, letter=letter, channel=channel, to=to[:400],
        sent_on=sent_on, recorded_by=actor)
    if channel == LetterDelivery.Channel.BY_HAND:
        # A letter waiting to be handed over (through the caseworker) is handed over now.
        LetterHandover.objects.for_institution(letter.institution_id).filter(
            letter=letter, delivery__isnull=True).update(delivery=delivery)
    audit_record(institution=letter.institution, actor=actor, action="letter.delivered",
                 obj=about, changes={"letter": letter.pk, "channel": channel,
                                     "sent_on": sent_on.isoformat(),
                                     "delivery": delivery.pk})
    return delivery
