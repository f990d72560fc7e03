"""How each person on a case receives its letters (004 "how decisions are communicated": agreed
with them at the start of the investigation): by email, as a secure expiring link to each
letter, or through their support caseworker, who hands it over and records that they did.
The letters module delivers every case letter by this route (``case_letter_route``, the kinds'
``route``) once it is issued; without an agreed preference nothing is sent automatically and
staff record the sending by hand, as before."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from letters.registry import Recipient, Route

from ..models import Case, CaseAssignment, CaseRole, ContactPreference, Party
from ..policies import MAY_CORRECT_LETTER, state_for
from .common import record

AUDIT_EVENTS = ("case.contact_preference_set",)

#: Who hands a letter over when the person chose their caseworker and the case has none: the
#: staff on the case, in this order.
HANDLER_ROLES = (CaseRole.CASEWORKER, CaseRole.INVESTIGATOR, CaseRole.INFORMAL_OFFICER,
                 CaseRole.DECISION_MAKER, CaseRole.CLERK)


def may_set_contact_preference(case: Case, actor) -> bool:
    """The staff who send the case's letters, and anyone appointed to the case (its support
    caseworker agrees it with the person they support)."""
    state = state_for(case=case, actor=actor)
    return state.has(*MAY_CORRECT_LETTER) or bool(state.my_case_roles)


@transaction.atomic
def contact_preference_set(*, case: Case, actor, party: Party | None, method: str,
                           email: str = "", agreed_on: dt.date | None = None
                           ) -> ContactPreference:
    """Record how the respondent (``party`` None) or a party agreed to receive letters, who
    agreed it with them and when. A new agreement replaces the old one."""
    case = Case.objects.for_institution(case.institution_id).select_related(
        "institution", "respondent").get(pk=case.pk)
    if not may_set_contact_preference(case, actor):
        raise PermissionDenied("Only the staff who send this case's letters, or the staff "
                               "appointed to it, record how people receive them.")
    if party is not None and party.case_id != case.pk:
        raise ValidationError({"party": ["Choose a person on this case."]})
    errors: dict[str, list[str]] = {}
    if method not in ContactPreference.Method.values:
        errors["method"] = ["Choose how they will receive letters."]
    email = (email or "").strip()
    if method == ContactPreference.Method.EMAIL:
        email = email or (party.email if party is not None else case.respondent.email)
        if not email:
            errors["email"] = ["Enter the email address the letters' links go to."]
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = ["Enter a valid email address."]
    today = timezone.localdate()
    agreed_on = agreed_on or today
    if agreed_on > today:
        errors["agreed_on"] = ["An agreement cannot be recorded for a day still to come."]
    if errors:
        raise ValidationError(errors)
    preferences = ContactPreference.objects.for_institution(case.institution_id)
    pref, _created = preferences.update_or_create(
        case=case, party=party, defaults={
            "institution": case.institution, "method": method,
            "email": email if method == ContactPreference.Method.EMAIL else "",
            "agreed_on": agreed_on, "agreed_by": actor, "recorded_at": timezone.now()})
    record(case, actor, "case.contact_preference_set", person=pref.recipient_key,
           method=method, agreed_on=agreed_on.isoformat())
    return pref


def contact_preferences(case: Case) -> dict[str, ContactPreference]:
    """The case's agreed preferences by letter recipient key ("respondent", "party-<id>")."""
    return {p.recipient_key: p for p in ContactPreference.objects.for_institution(
        case.institution_id).filter(case=case).select_related("agreed_by")}


def letter_handler(case: Case) -> int | None:
    """Who hands over a letter sent through the caseworker: the case's support caseworker,
    or else the staff on the case."""
    active = {a.role: a.user_id for a in CaseAssignment.objects.for_institution(
        case.institution_id).filter(case=case, ended_at__isnull=True).order_by("assigned_at")}
    for role in HANDLER_ROLES:
        if role in active:
            return active[role]
    return None


def case_letter_route(case: Case, recipient: Recipient) -> Route | None:
    """The route of a case letter to ``recipient``: their agreed preference (None: none)."""
    pref = contact_preferences(case).get(recipient.key)
    if pref is None:
        return None
    if pref.method == ContactPreference.Method.EMAIL:
        return Route(method=Route.EMAIL, to=pref.email or recipient.email)
    return Route(method=Route.THROUGH_CASEWORKER, handler=letter_handler(case))
