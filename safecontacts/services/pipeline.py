"""The Safe Contact pipeline (001), run by the EDI administrators: informal chat with two
members of staff -> induction training (from the training records) -> biography written and
approved -> active on the public directory -> paused (leave) or retired; declined at any step
of the application, with the reason. Neither member of staff holding the informal chat may have
a declared relationship with the applicant (governance, 000 §8).

Decision recorded: the handover of a contact to another Safe Contact (the contact log) is not
checked against declarations: the log keeps no name or identifier of the person (001, its
confidentiality), so there is nothing to match; the Safe Contact who knows of a relationship
hands over, as 001 asks of any conflict of interest. Each service locks the record, asks its policy
(safecontacts/policies.py) and moves the step's time limit (safecontacts/procedure.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.roles import Role
from accounts.services import role_grant_following, role_revoke_following
from core.errors import field_errors
from governance.selectors import relationship_declared_between

from ..errors import SafeContactError
from ..models import SafeContact
from ..policies import enforce
from .common import lock, record_event, set_stage, tell

S = SafeContact.Stage
BIOGRAPHY_MIN_WORDS = 30
BIOGRAPHY_MAX_CHARS = 1500


def _reason(reason: str) -> str:
    if not (reason or "").strip():
        raise field_errors(reason="Give the reason.")
    return reason.strip()


def _not_future(day: dt.date | None, field: str, label: str) -> dt.date:
    if day is None:
        raise field_errors(**{field: f"Enter the date {label}."})
    if day > timezone.localdate():
        raise field_errors(**{field: f"The date {label} cannot be in the future."})
    return day


@transaction.atomic
def chat_record(*, record: SafeContact, actor, held_on: dt.date, staff: list,
                notes: str = "") -> SafeContact:
    """Record the informal chat (001 step 2): held by two members of staff of the
    institution (not the applicant), on a date between the application and today. The
    induction training's time limit starts."""
    record = lock(record)
    enforce("chat_record", record=record, actor=actor)
    _not_future(held_on, "held_on", "of the chat")
    if held_on < record.submitted_on:
        raise field_errors(held_on="The chat cannot be before the application "
                                   f"({record.submitted_on:%d %B %Y}).")
    people = list(dict.fromkeys(staff or []))
    if len(people) != 2:
        raise field_errors(staff="Name the two members of staff who held the chat.")
    ids = {getattr(p, "pk", p) for p in people}
    found = set(Membership.objects.for_institution(record.institution_id)
                .filter(user_id__in=ids, is_active=True, user__is_active=True)
                .values_list("user_id", flat=True))
    if found != ids:
        raise field_errors(staff="Choose members of staff of this institution.")
    if record.person_id in ids:
        raise field_errors(staff="The applicant cannot hold their own informal chat.")
    conflicted = _declared_with_applicant(record, ids)
    if conflicted:
        raise field_errors(staff=f"{' and '.join(conflicted)} cannot hold the chat: a "
                                 "personal relationship with the applicant is declared (a "
                                 "conflict of interest). Choose someone else.")
    record.chat_on = held_on
    record.chat_notes = (notes or "").strip()
    record.chat_staff.set(sorted(ids))
    set_stage(record, S.INDUCTION, actor, "safecontacts.chat_recorded", on=held_on,
              fields=("chat_on", "chat_notes"), held_on=held_on.isoformat(),
              staff=sorted(ids))
    tell(record, "chat", "Your Safe Contact application: induction training next",
         "Thank you for meeting us. The next step is the Safe Contact induction training "
         "(about three hours, in person).")
    return record


@transaction.atomic
def induction_confirm(*, record: SafeContact, actor) -> SafeContact:
    """Confirm the induction training (001 step 3): only once the training records show a
    current Safe Contact induction for the applicant. They are then asked for their
    biography."""
    record = lock(record)
    enforce("induction_confirm", record=record, actor=actor)
    today = timezone.localdate()
    record.induction_confirmed_on = today
    set_stage(record, S.BIOGRAPHY, actor, "safecontacts.induction_confirmed", on=today,
              fields=("induction_confirmed_on",))
    tell(record, "induction", "Your Safe Contact biography",
         "Your induction training is recorded. Write the short biography that the Safe "
         "Contacts page will show, and the address people may contact you at.")
    return record


def biography_check(*, biography: str, contact_email: str) -> None:
    errors = {}
    words = len((biography or "").split())
    if words < BIOGRAPHY_MIN_WORDS:
        errors["biography"] = [f"Write at least {BIOGRAPHY_MIN_WORDS} words about yourself "
                               "for the Safe Contacts page."]
    elif len(biography) > BIOGRAPHY_MAX_CHARS:
        errors["biography"] = [f"Keep the biography to {BIOGRAPHY_MAX_CHARS} characters "
                               f"(it has {len(biography)})."]
    if not (contact_email or "").strip():
        errors["contact_email"] = ["Enter the email address to publish."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def biography_write(*, record: SafeContact, actor, biography: str,
                    contact_email: str) -> SafeContact:
    """Write the biography and the address to publish (001 step 4): the Safe Contact once
    trained, or an EDI administrator (also to correct it while it is published)."""
    record = lock(record)
    enforce("biography_write", record=record, actor=actor)
    biography_check(biography=biography, contact_email=contact_email)
    record.biography = biography.strip()
    record.contact_email = contact_email.strip().lower()
    record.biography_written_on = timezone.localdate()
    record.save(update_fields=["biography", "contact_email", "biography_written_on",
                               "updated_at"])
    record_event(record, actor, "safecontacts.biography_written",
                 contact_email=record.contact_email, words=len(record.biography.split()))
    return record


@transaction.atomic
def safe_contact_publish(*, record: SafeContact, actor) -> SafeContact:
    """Approve the biography and publish the Safe Contact on the directory (001 step 4): they
    are given the Safe Contact role (their contact log), audited."""
    record = lock(record)
    enforce("publish", record=record, actor=actor)
    today = timezone.localdate()
    record.biography_approved_on = today
    record.biography_approved_by = actor
    record.active_since = record.active_since or today
    record.status_reason = ""
    set_stage(record, S.ACTIVE, actor, "safecontacts.published", on=today,
              fields=("biography_approved_on", "biography_approved_by", "active_since",
                      "status_reason"))
    _grant(record, actor, "published as a Safe Contact")
    tell(record, "published", "You are now a Safe Contact",
         "Your biography is on the Safe Contacts page. Thank you for volunteering.")
    return record


@transaction.atomic
def safe_contact_pause(*, record: SafeContact, actor, reason: str) -> SafeContact:
    """Pause an active Safe Contact (leave): off the directory until resumed."""
    record = lock(record)
    enforce("pause", record=record, actor=actor)
    record.status_reason = _reason(reason)
    set_stage(record, S.PAUSED, actor, "safecontacts.paused", on=timezone.localdate(),
              fields=("status_reason",), reason=record.status_reason)
    return record


@transaction.atomic
def safe_contact_resume(*, record: SafeContact, actor) -> SafeContact:
    """Resume a paused Safe Contact: back on the directory."""
    record = lock(record)
    enforce("resume", record=record, actor=actor)
    record.status_reason = ""
    set_stage(record, S.ACTIVE, actor, "safecontacts.resumed", on=timezone.localdate(),
              fields=("status_reason",))
    _grant(record, actor, "resumed as a Safe Contact")
    return record


@transaction.atomic
def safe_contact_retire(*, record: SafeContact, actor, reason: str) -> SafeContact:
    """Retire an active or paused Safe Contact: off the directory, and the Safe Contact role
    is taken away (audited)."""
    record = lock(record)
    enforce("retire", record=record, actor=actor)
    record.status_reason = _reason(reason)
    set_stage(record, S.RETIRED, actor, "safecontacts.retired", on=timezone.localdate(),
              fields=("status_reason",), reason=record.status_reason)
    membership = Membership.objects.for_institution(record.institution_id).filter(
        user_id=record.person_id).first()
    if membership is not None:
        role_revoke_following(membership=membership, role=Role.SAFE_CONTACT, actor=actor,
                              because="retired as a Safe Contact")
    tell(record, "retired", "Your time as a Safe Contact",
         "You are no longer on the Safe Contacts page. Thank you for your work.")
    return record


@transaction.atomic
def application_decline(*, record: SafeContact, actor, reason: str) -> SafeContact:
    """Decline an application at any step before it is published, with the reason; its time
    limits are cancelled."""
    record = lock(record)
    enforce("decline", record=record, actor=actor)
    record.status_reason = _reason(reason)
    set_stage(record, S.DECLINED, actor, "safecontacts.declined", on=timezone.localdate(),
              fields=("status_reason",), reason=record.status_reason)
    tell(record, "declined", "Your Safe Contact application",
         "Your application will not go further this time. The EDI office will contact you.")
    return record


def _declared_with_applicant(record: SafeContact, user_ids) -> list[str]:
    """The names of the staff among ``user_ids`` who declared a relationship with the
    applicant, or with whom the applicant declared one (governance, 000 §8): a conflict of
    interest, as for a disciplinary role; nothing of the declaration is said."""
    people = User.objects.filter(pk__in=user_ids).order_by("full_name", "email")
    applicant = record.person
    return [str(p) for p in people if relationship_declared_between(
        institution=record.institution, staff=p, person_email=record.email, person=applicant)]


def _grant(record: SafeContact, actor, because: str) -> None:
    membership = Membership.objects.for_institution(record.institution_id).filter(
        user_id=record.person_id, is_active=True).first()
    if membership is None:
        raise SafeContactError(f"{record.full_name} is no longer a member of staff here.")
    role_grant_following(membership=membership, role=Role.SAFE_CONTACT, actor=actor,
                         because=because)
