"""The survivor opt-out (004): personal one-time links, the opt-out itself, and the support
referral a student may ask for afterwards.

* A training administrator issues links for a module that allows an opt-out (optionally for a
  campaign) to the students of its audience who have not met it: emailed to each roster address
  through the outbox, or handed back once (a CSV to load into the learning platform). A new
  link replaces the student's open one. Only an HMAC of each token is kept.
* Opening the link shows the 004 wording; confirming records a completion "met by exemption"
  (``completion_record``, source EXEMPTION) and uses the link up. **The reason is never
  stored**: not on the completion, not in the audit (``training.exemption_recorded`` says only
  which module and when), not anywhere a member of staff can look.
* Confirming hands the student a *support ticket*: a signed value, good for
  ``SUPPORT_WINDOW`` and spent on first use (core.ratelimit.first_use), with which they may ask
  to be contacted. Nothing is stored of it, so nothing in training says whether they asked.
  The request goes to the support caseworkers through ``training.support`` (Report + Support's
  intake) as a named disclosure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from audit.services import audit_record
from core import ratelimit
from core.errors import DomainRefusal
from core.policies import Refusal, role_refusal, stage_refusal
from outbox.mail import outbox_mail_many

from ..compliance import ADMIN_ROLES, Scope, outstanding
from ..models import Campaign, Completion, Learner, Module, OptOutLink
from ..support import SupportReferral, support_referral_send
from .completions import completion_record

#: A link not issued for a campaign works for this many days.
LINK_DAYS = 60
#: A campaign's links work until this many days after its deadline.
DAYS_AFTER_DEADLINE = 14
#: How long after opting out the student may still ask for support from the page.
SUPPORT_WINDOW = 2 * 60 * 60
TICKET_SALT = "training.opt-out.support"
DELIVERIES = ("email", "links")
#: Who the audit says acted when a student used their link (they have no account).
STUDENT_LABEL = "student (personal opt-out link)"


class OptOutRefused(DomainRefusal):
    """The opt-out cannot be done (or links issued) now; the message says why."""


class LinkNotFound(OptOutRefused):
    """No such link: answered 404."""


class LinkUsed(OptOutRefused):
    """The link was used: answered 410."""


class LinkExpired(OptOutRefused):
    """The link's last day has passed: answered 410."""


class TicketRefused(OptOutRefused):
    """The support ticket is missing, forged, too old or spent."""


NOT_FOUND = ("This link does not work. Check that you copied all of it, or ask for a new one "
             "from the learning platform.")
USED = ("This link has already been used, so it cannot be used again. Nothing more is needed "
        "from you for this module.")
EXPIRED = ("This link has expired. If you still need to opt out, ask the training team for a "
           "new link from the learning platform.")
TICKET_GONE = ("The time to ask for support from this page has passed, or the request was "
               "already sent. You can still contact the support team directly.")


# -- tokens ---------------------------------------------------------------------------------
def _token_new() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def token_hmac(token: str) -> str:
    return hmac.new(settings.RECEIPT_HMAC_KEY.encode(), f"training-opt-out:{token}".encode(),
                    hashlib.sha256).hexdigest()


def link_path(institution, token: str) -> str:
    return reverse("public:training_optout:page",
                   kwargs={"institution_slug": institution.slug, "token": token})


# -- issuing --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Issued:
    count: int
    expires_on: dt.date | None
    #: ``(learner, url)`` for each link issued: only when delivery is "links" (shown once).
    links: list[tuple[Learner, str]]


def link_expiry(*, campaign: Campaign | None, today: dt.date) -> dt.date:
    if campaign is not None:
        return campaign.deadline + dt.timedelta(days=DAYS_AFTER_DEADLINE)
    return today + dt.timedelta(days=LINK_DAYS)


def issue_refusal(*, membership: Membership | None, module: Module,
                  campaign: Campaign | None = None, today: dt.date | None = None
                  ) -> Refusal | None:
    """May this member issue opt-out links for this module (and campaign) now, and if not,
    why. The page offers the form only when None; the service enforces it."""
    today = today or timezone.localdate()
    if membership is None or not membership.has_role(*ADMIN_ROLES):
        return role_refusal("Only a training administrator can issue opt-out links.")
    if not module.allows_opt_out:
        return stage_refusal(f"{module} has no opt-out: links are only for the modules "
                             "students may opt out of.")
    if campaign is not None and link_expiry(campaign=campaign, today=today) < today:
        return stage_refusal(f"{campaign} ended on {campaign.deadline:%-d %B %Y}: its links "
                             "would already have expired.")
    return None


def opt_out_recipients(*, module: Module, campaign: Campaign | None,
                       today: dt.date) -> QuerySet[Learner]:
    """The students of the module's (or campaign's) audience who have not met it."""
    scope = Scope.of_campaign(campaign) if campaign is not None else Scope.of_module(module,
                                                                                      today)
    return outstanding(scope).filter(kind=Learner.Kind.STUDENT)


@transaction.atomic
def optout_links_issue(*, module: Module, actor, membership: Membership,
                       campaign: Campaign | None = None, delivery: str = "email",
                       base_url: str = "") -> Issued:
    """Issue a link to every student of the module's audience who has not met it. ``email``:
    each is emailed to their roster address through the outbox (encrypted there, emptied once
    sent); ``links``: the links are returned, once, to hand to the learning platform. Either
    way a student's earlier open link stops working. Audited once, with the count."""
    today = timezone.localdate()
    if delivery not in DELIVERIES:
        raise ValidationError({"delivery": ["Choose to email the links or to download them."]})
    if campaign is not None and campaign.module_id != module.pk:
        raise ValidationError({"campaign": ["Choose a campaign of this module."]})
    if membership.institution_id != module.institution_id:
        raise PermissionDenied("Not a member of this institution.")
    refusal = issue_refusal(membership=membership, module=module, campaign=campaign,
                            today=today)
    if refusal is not None:
        if refusal.forbidden:
            raise PermissionDenied(refusal.message)
        raise OptOutRefused(refusal.message)
    institution = module.institution
    expires_on = link_expiry(campaign=campaign, today=today)
    recipients = opt_out_recipients(module=module, campaign=campaign, today=today)
    learners = list(recipients)
    now = timezone.now()
    # Replacing: the students' open links for the module go, new ones come.
    (OptOutLink.objects.for_institution(institution)
     .filter(module=module, used_on__isnull=True, learner__in=recipients.values("pk"))
     .delete())
    tokens = [_token_new() for _ in learners]
    try:
        with transaction.atomic():
            OptOutLink.objects.bulk_create([
                OptOutLink(institution=institution, learner=learner, module=module,
                           campaign=campaign, token_hmac=token_hmac(token), issued_at=now,
                           issued_by=actor, expires_on=expires_on)
                for learner, token in zip(learners, tokens, strict=True)], batch_size=1000)
    except IntegrityError:  # another administrator issued links for them at the same moment
        raise OptOutRefused("Links for this module were being issued by someone else at the "
                            "same moment. Nothing was sent: try again.") from None
    urls = [base_url + link_path(institution, token) for token in tokens]
    if delivery == "email":
        subject = f"[{institution.name}] {module.title}: your personal opt-out link"
        outbox_mail_many(institution=institution, mails=[
            (f"training:opt-out-link:{token_hmac(token)[:32]}", [learner.email], subject,
             _email_body(institution, module, campaign, url, expires_on))
            for learner, token, url in zip(learners, tokens, urls, strict=True)])
    audit_record(institution=institution, actor=actor, action="training.opt_out_links_issued",
                 obj=campaign or module,
                 changes={"module": module.key, "campaign": campaign.pk if campaign else None,
                          "links": len(learners), "delivery": delivery,
                          "expires_on": expires_on.isoformat()})
    links = list(zip(learners, urls, strict=True)) if delivery == "links" else []
    return Issued(count=len(learners), expires_on=expires_on, links=links)


def _email_body(institution, module: Module, campaign: Campaign | None, url: str,
                expires_on: dt.date) -> str:
    deadline = f" The deadline is {campaign.deadline:%-d %B %Y}." if campaign else ""
    return (
        f"Dear student,\n\n{module.title} is part of your studies at {institution.name}."
        f"{deadline}\n\nSome students may opt out of this training. If that applies to you, "
        "the page at your personal link below explains when you can opt out and lets you do "
        f"so in private:\n\n{url}\n\nThe link is yours alone: it works once, until "
        f"{expires_on:%-d %B %Y}. Please do not forward it.\n\nIf you are completing the "
        "training, you do not need to do anything with this email.\n")


def open_links_count(*, module: Module, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return (OptOutLink.objects.for_institution(module.institution_id)
            .filter(module=module, used_on__isnull=True, expires_on__gte=today).count())


# -- the student's page ----------------------------------------------------------------------
def optout_link_open(*, institution, token: str, today: dt.date | None = None) -> OptOutLink:
    """The link for ``token``, usable now, with its learner, module and campaign; raises
    LinkNotFound, LinkUsed or LinkExpired."""
    today = today or timezone.localdate()
    link = (OptOutLink.objects.for_institution(institution)
            .select_related("learner", "module", "campaign")
            .filter(token_hmac=token_hmac(token or "")).first())
    _check_usable(link, today)
    assert link is not None  # noqa: S101 - _check_usable raised otherwise
    return link


def _check_usable(link: OptOutLink | None, today: dt.date) -> None:
    if link is None:
        raise LinkNotFound(NOT_FOUND)
    if link.used_on is not None:
        raise LinkUsed(USED)
    if link.expires_on < today:
        raise LinkExpired(EXPIRED)


@dataclass(frozen=True)
class OptedOut:
    completion: Completion
    #: The support ticket: lets the student ask for support within SUPPORT_WINDOW, once.
    ticket: str


@transaction.atomic
def optout_confirm(*, institution, token: str, confirmed: bool) -> OptedOut:
    """The student confirms: the module is met by exemption from today and the link is used.
    The reason they confirmed is not stored (there is nowhere to store it)."""
    if not confirmed:
        raise ValidationError({"confirm": [
            "Tick the box to confirm, or go back to the learning platform to complete the "
            "training."]})
    today = timezone.localdate()
    link = (OptOutLink.objects.for_institution(institution)
            .select_for_update(of=("self",))
            .filter(token_hmac=token_hmac(token or "")).first())
    _check_usable(link, today)
    assert link is not None  # noqa: S101
    learner = Learner.objects.for_institution(institution).get(pk=link.learner_id)
    module = Module.objects.for_institution(institution).get(pk=link.module_id)
    completion, _created = completion_record(
        learner=learner, module=module, completed_on=today,
        source=Completion.Source.EXEMPTION, audit=False)
    link.used_on = today
    link.save(update_fields=["used_on"])
    audit_record(institution=institution, action="training.exemption_recorded",
                 obj=completion, actor_label=STUDENT_LABEL,
                 changes={"module": module.key, "completed_on": today.isoformat(),
                          "met_by": "exemption"})
    return OptedOut(completion=completion, ticket=_ticket_issue(institution, link))


# -- the support referral --------------------------------------------------------------------
def _ticket_issue(institution, link: OptOutLink) -> str:
    return signing.TimestampSigner(salt=TICKET_SALT).sign_object(
        {"i": institution.pk, "l": link.pk, "r": secrets.token_hex(8)})


def ticket_link(*, institution, ticket: str) -> OptOutLink:
    """The used link a support ticket was given for, while it is no older than
    SUPPORT_WINDOW; raises TicketRefused. (Whether it was spent is known only when spending
    it: :func:`optout_support_request`.)"""
    try:
        payload = signing.TimestampSigner(salt=TICKET_SALT).unsign_object(
            ticket or "", max_age=SUPPORT_WINDOW)
    except (signing.BadSignature, ValueError, TypeError):
        raise TicketRefused(TICKET_GONE) from None
    if not isinstance(payload, dict) or payload.get("i") != institution.pk:
        raise TicketRefused(TICKET_GONE)
    link = (OptOutLink.objects.for_institution(institution).select_related("learner", "module")
            .filter(pk=payload.get("l"), used_on__isnull=False).first())
    if link is None:
        raise TicketRefused(TICKET_GONE)
    return link


def _ticket_name(ticket: str) -> str:
    return "training-opt-out-support:" + hashlib.sha256(ticket.encode()).hexdigest()[:40]


@transaction.atomic
def optout_support_request(*, institution, ticket: str, contact_name: str,
                           preferred_contact: str, contact_email: str = "",
                           contact_phone: str = "", message: str = "") -> SupportReferral:
    """The student asks to be contacted: a named disclosure reaches the support caseworkers
    (Report + Support's intake, through training.support). The ticket is spent only with a
    request that was accepted, so a form sent back for a missing phone number can be sent
    again; a second request with the same ticket is refused and leaves nothing behind."""
    link = ticket_link(institution=institution, ticket=ticket)
    referral = support_referral_send(
        institution=institution, contact_name=(contact_name or "").strip(),
        preferred_contact=preferred_contact or "", contact_email=(contact_email or "").strip(),
        contact_phone=(contact_phone or "").strip(),
        student_id=link.learner.external_id if link.learner.kind == Learner.Kind.STUDENT
        else "", message=(message or "").strip()[:4000], asked_from=link.module.title)
    if not ratelimit.first_use(_ticket_name(ticket), ttl=SUPPORT_WINDOW + 60):
        raise TicketRefused(TICKET_GONE)  # rolls the disclosure back with this transaction
    return referral
