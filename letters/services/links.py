"""Letters that reach people: once a letter's PDF is rendered, it goes to its recipient the way
they agreed (the kind's ``route``; 004 "how decisions are communicated": agreed at the start of
the investigation), through the outbox after commit:

* **email**: a secure, expiring link to the letter (never the letter as an attachment). Only
  an HMAC of the link's random token is kept; the link works for ``LETTER_LINK_DAYS`` days
  (setting), opens the recipient's letters page (their other letters on the same subject
  too, and what the kind lets them do there, e.g. appeal online), and records each opening
  of a letter (first opened, how many times). An expired or replaced link says how to get a
  new one; staff can send a fresh link at any time, which replaces the old.
* **through the caseworker**: the letter waits as a task for its handler (the support
  caseworker, or else the staff on the case) until they record that they handed it over.

Every sending is a :class:`letters.models.LetterDelivery`; links never work across
institutions (looked up within the institution in the address) or subjects."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from core.crypto import decrypt_bytes

from ..models import Letter, LetterDelivery, LetterHandover, LetterLink
from ..registry import Recipient, Route
from ..rendering import human_date

#: The outbox kind that delivers an issued letter by its recipient's route.
LETTER_DELIVER = "letters.deliver"
#: Who the audit says acted when a recipient opened their letter (they have no account).
RECIPIENT_LABEL = "recipient (secure letter link)"

NOT_FOUND = ("This link does not work. Check that you copied all of it from the email. If it "
             "still does not work, ask the office that wrote to you for a new link.")
EXPIRED = ("This link has expired, or a newer link was sent in its place. Your letter is "
           "safe: ask the office that wrote to you for a new link (reply to the email it came "
           "in, or contact them as below) and they will send you a fresh one.")


class LinkRefused(Exception):
    """The link cannot be used; ``str(exc)`` says why and what to do."""

    status = 404


class LinkNotFound(LinkRefused):
    pass


class LinkExpired(LinkRefused):
    status = 410

    def __init__(self, message: str, link: LetterLink) -> None:
        super().__init__(message)
        self.link = link


def link_days() -> int:
    return int(getattr(settings, "LETTER_LINK_DAYS", 14))


def token_hmac(token: str) -> str:
    return hmac.new(settings.RECEIPT_HMAC_KEY.encode(), f"letter-link:{token}".encode(),
                    hashlib.sha256).hexdigest()


def link_url(institution, token: str) -> str:
    return settings.SITE_URL + reverse("public:letter_links:page", kwargs={
        "institution_slug": institution.slug, "token": token})


def recipient_of(letter: Letter) -> Recipient:
    sent = letter.recipient or {}
    return Recipient(key=letter.recipient_key, name=sent.get("name", ""),
                     role=sent.get("role", ""), email=sent.get("email", ""),
                     address=sent.get("address", ""))


def letter_route(letter: Letter) -> Route | None:
    """How the letter reaches its recipient, as they agreed now (None: not agreed)."""
    spec = letter.kind_spec
    if spec.route is None:
        return None
    return spec.route(letter.about, recipient_of(letter))


def letter_delivery_queue(letter: Letter) -> None:
    """Once the letter is issued (in the same transaction), deliver it after commit by its
    recipient's route; a recipient with no agreed route gets nothing automatically."""
    from outbox.services import outbox_enqueue

    if letter_route(letter) is None:
        return

    outbox_enqueue(kind=LETTER_DELIVER, institution=letter.institution,
                   key=f"letter:{letter.pk}:deliver", payload={"letter": letter.pk})


@transaction.atomic
def letter_deliver(*, letter: Letter) -> str:
    """Deliver an issued letter by its recipient's route (run by the outbox relay). Runs once:
    a letter already linked or waiting for its handover is left as it is. Returns what it did
    ("email", "through_caseworker", "none", "done" or "not issued")."""
    letter = Letter.objects.for_institution(letter.institution_id).select_for_update(
        of=("self",)).select_related("institution").get(pk=letter.pk)
    if letter.status != Letter.Status.ISSUED:
        return "not issued"
    inst = letter.institution_id
    if (LetterLink.objects.for_institution(inst).filter(letter=letter).exists()
            or LetterHandover.objects.for_institution(inst).filter(letter=letter).exists()):
        return "done"
    route = letter_route(letter)
    if route is None:
        return "none"
    if route.method == Route.EMAIL and route.to:
        _send_link(letter, to=route.to, actor=None)
        return "email"
    # Through the caseworker, or an email preference with no address: someone hands it over.
    LetterHandover.objects.create(institution=letter.institution, letter=letter,
                                  handler_id=route.handler)
    audit_record(institution=letter.institution, action="letter.handover_due",
                 obj=letter.about, changes={"letter": letter.pk, "handler": route.handler})
    return "through_caseworker"


def _send_link(letter: Letter, *, to: str, actor) -> LetterDelivery:
    now = timezone.now()
    token = secrets.token_urlsafe(32)  # 256 bits
    LetterLink.objects.for_institution(letter.institution_id).filter(
        letter=letter, replaced_at__isnull=True).update(replaced_at=now)
    link = LetterLink.objects.create(
        institution=letter.institution, letter=letter, token_hash=token_hmac(token),
        sent_to=to[:400], expires_at=now + dt.timedelta(days=link_days()), created_by=actor)
    delivery = LetterDelivery.objects.create(
        institution=letter.institution, letter=letter, channel=LetterDelivery.Channel.EMAIL,
        to=to[:400], sent_on=timezone.localdate(), recorded_by=actor, link=link)
    _mail(letter, link, token)
    audit_record(institution=letter.institution, actor=actor, action="letter.link_sent",
                 obj=letter.about, changes={"letter": letter.pk, "delivery": delivery.pk,
                                            "expires_at": link.expires_at.isoformat()})
    return delivery


def _mail(letter: Letter, link: LetterLink, token: str) -> None:
    """The email says who wrote and how to read the letter, never what it says: the subject
    names no case, and the letter is not attached."""
    from outbox.mail import outbox_mail

    institution = letter.institution
    name = letter.context.get("institution", {}).get("name") or institution.name
    until = timezone.localtime(link.expires_at)
    body = (
        f"Dear {letter.recipient.get('name', '')},\n\n"
        f"{name} has written to you ({letter.context.get('reference', '')}). For your "
        "privacy the letter is not attached to this email: read and download it from this "
        f"secure link, which is yours alone and works until {human_date(until.date())}:\n\n"
        f"{link_url(institution, token)}\n\n"
        "If the link has expired, reply to this email or contact the office that wrote to you "
        "and they will send you a new one.\n")
    outbox_mail(key=f"letter:{letter.pk}:link:{link.pk}", to=[link.sent_to],
                subject=f"A letter for you from {name}", body=body, institution=institution)


@transaction.atomic
def letter_link_resend(*, letter: Letter, actor, to: str = "") -> LetterDelivery:
    """Email a fresh secure link to an issued letter (the old links stop working). ``to``
    defaults to the recipient's agreed email, else the address on the letter. Who may do it
    is the owning app's rule (the kind's ``require_sender``)."""
    letter = Letter.objects.for_institution(letter.institution_id).select_for_update(
        of=("self",)).select_related("institution").get(pk=letter.pk)
    spec = letter.kind_spec
    if spec.require_sender is None:
        raise PermissionDenied("Nobody sends this kind of letter.")
    spec.require_sender(actor, letter.about)
    if letter.status != Letter.Status.ISSUED:
        raise ValidationError({"letter": ["The letter is not issued yet: send a link once it "
                                          "is."]})
    route = letter_route(letter)
    to = (to or (route.to if route else "") or letter.recipient.get("email", "")).strip()
    if not to:
        raise ValidationError({"to": ["Enter the email address to send the link to."]})
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError({"to": ["Enter a valid email address."]}) from None
    return _send_link(letter, to=to, actor=actor)


def letter_link_open(*, institution, token: str) -> LetterLink:
    """The link for ``token`` at this institution; LinkNotFound or LinkExpired otherwise.
    Records that it was used."""
    link = (LetterLink.objects.for_institution(institution)
            .filter(token_hash=token_hmac(token or "")).select_related("letter").first())
    if link is None:
        raise LinkNotFound(NOT_FOUND)
    if link.is_expired:
        raise LinkExpired(EXPIRED, link)
    LetterLink.objects.for_institution(institution).filter(pk=link.pk).update(
        use_count=F("use_count") + 1, first_used_at=Coalesce("first_used_at", timezone.now()))
    return link


def letter_link_letters(link: LetterLink) -> QuerySet[Letter]:
    """The recipient's issued letters on the link's subject (their letters page)."""
    letter = link.letter
    return (Letter.objects.for_institution(link.institution_id)
            .filter(about_type_id=letter.about_type_id, about_id=letter.about_id,
                    recipient_key=letter.recipient_key, status=Letter.Status.ISSUED)
            .order_by("issued_on", "pk"))


def letter_link_download(*, institution, token: str, letter_id: int) -> tuple[Letter, bytes]:
    """One of the link's letters, decrypted, for its recipient; the opening is recorded (first
    opened at, how many times) and audited."""
    link = letter_link_open(institution=institution, token=token)
    letter = letter_link_letters(link).filter(pk=letter_id).first()
    if letter is None or not letter.pdf:
        raise LinkNotFound(NOT_FOUND)
    with letter.pdf.open("rb") as handle:
        pdf = decrypt_bytes(handle.read())
    now = timezone.now()
    with transaction.atomic():
        Letter.objects.for_institution(institution).filter(pk=letter.pk).update(
            open_count=F("open_count") + 1, first_opened_at=Coalesce("first_opened_at", now))
        audit_record(institution=letter.institution, action="letter.opened",
                     actor_label=RECIPIENT_LABEL, obj=letter.about,
                     changes={"letter": letter.pk, "link": link.pk})
    return letter, pdf


@transaction.atomic
def letter_handover_record(*, handover: LetterHandover, actor, sent_on: dt.date,
                           note: str = "") -> LetterDelivery:
    """The caseworker (or the staff on the case) records that they handed the letter over."""
    from .deliveries import delivery_record

    handover = LetterHandover.objects.for_institution(handover.institution_id).select_for_update(
        of=("self",)).get(pk=handover.pk)
    letter = Letter.objects.for_institution(handover.institution_id).select_for_update(
        of=("self",)).select_related("institution").get(pk=handover.letter_id)
    about = letter.about
    if actor is None or handover.handler_id != actor.pk:
        spec = letter.kind_spec
        if spec.require_sender is None:
            raise PermissionDenied("Nobody records the sending of this kind of letter.")
        spec.require_sender(actor, about)
    if handover.delivery_id is not None:
        raise ValidationError({"handover": ["This handover is already recorded."]})
    to = note.strip() or f"Handed to {letter.recipient.get('name', '')}"
    return delivery_record(letter=letter, about=about, actor=actor,
                           channel=LetterDelivery.Channel.BY_HAND, sent_on=sent_on, to=to)


def letter_handovers_waiting(*, institution, user=None) -> QuerySet[LetterHandover]:
    """Letters waiting to be handed over (those for ``user``, if given), oldest first."""
    qs = (LetterHandover.objects.for_institution(institution).filter(delivery__isnull=True)
          .select_related("letter", "handler"))
    if user is not None:
        qs = qs.filter(handler=user)
    return qs.order_by("created_at", "pk")
