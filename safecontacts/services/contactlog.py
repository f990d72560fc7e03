"""A Safe Contact's contact log (001), without personal data, and the referral to the
Harassment Management Group that may follow a higher-risk disclosure: it asks the group for a
risk assessment through the precautionary app's service."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from precautionary.models import RiskAssessmentRequest
from precautionary.services.requests import risk_assessment_request

from ..log_policies import log_enforce
from ..models import Advisor, Concern, ContactLogEntry, PersonKind, SafeContact, Signpost
from .common import member_of


def contact_log_check(*, institution, own: SafeContact | None, contacted_on: dt.date | None,
                      concern: str, person_kind: str, signposted_to, handed_over: bool,
                      handed_to_id: int | None, confidentiality_broken: bool,
                      confidentiality_advisors, confidentiality_advised_on: dt.date | None
                      ) -> SafeContact | None:
    """The entry's rules as field errors; returns the Safe Contact it was handed to."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if contacted_on is None:
        errors["contacted_on"] = ["Enter the date of the contact."]
    elif contacted_on > today:
        errors["contacted_on"] = ["The date of the contact cannot be in the future."]
    if concern not in Concern.values:
        errors["concern"] = ["Choose the kind of concern."]
    if person_kind not in PersonKind.values:
        errors["person_kind"] = ["Choose student or member of staff."]
    if any(code not in Signpost.values for code in signposted_to or []):
        errors["signposted_to"] = ["Choose services from the list."]
    handed_to = None
    if handed_over:
        handed_to = (SafeContact.objects.for_institution(institution)
                     .filter(pk=handed_to_id, stage=SafeContact.Stage.ACTIVE).first()
                     if handed_to_id else None)
        if handed_to is None:
            errors["handed_to"] = ["Choose the active Safe Contact you handed the contact to."]
        elif own is not None and handed_to.pk == own.pk:
            errors["handed_to"] = ["Choose another Safe Contact: the handover is for a "
                                   "conflict of interest."]
    elif handed_to_id:
        errors["handed_to"] = ["Name another Safe Contact only when you handed the contact "
                               "over."]
    advisors = list(confidentiality_advisors or [])
    if any(code not in Advisor.values for code in advisors):
        errors["confidentiality_advisors"] = ["Choose from HR, Student Services, Legal or "
                                              "Security."]
    elif confidentiality_broken:
        if not advisors:
            errors["confidentiality_advisors"] = [
                "Confidentiality is broken only after advice from HR, Student Services, "
                "Legal or Security (001): record who advised."]
        if confidentiality_advised_on is None:
            errors["confidentiality_advised_on"] = ["Enter the date of the advice."]
        elif confidentiality_advised_on > today:
            errors["confidentiality_advised_on"] = ["The date of the advice cannot be in the "
                                                    "future."]
    elif advisors or confidentiality_advised_on:
        errors["confidentiality_broken"] = ["Record who advised, and when, only when "
                                            "confidentiality was broken."]
    if errors:
        raise ValidationError(errors)
    return handed_to


@transaction.atomic
def contact_log_record(*, institution, actor, contacted_on: dt.date | None, concern: str,
                       person_kind: str, signposted_to=(), handed_over: bool = False,
                       handed_to_id: int | None = None, confidentiality_broken: bool = False,
                       confidentiality_advisors=(),
                       confidentiality_advised_on: dt.date | None = None,
                       referral: dict | None = None) -> ContactLogEntry:
    """Record a contact in the actor's own log, as an active Safe Contact (001): the date,
    the kind of concern, student or staff, where they were signposted, whether it was handed
    to another active Safe Contact for a conflict of interest (and to whom), and whether
    confidentiality was broken, which 001 allows only for an unacceptable risk after advice
    from HR, Student Services, Legal or Security: who advised and when are then required.
    Nothing else: no name, no free text. ``referral`` (reason, contact_consent,
    contact_details): refer it to the Harassment Management Group at once
    (:func:`contact_log_refer`)."""
    membership = member_of(actor, institution)
    state = log_enforce("log_record", membership=membership)
    handed_to = contact_log_check(
        institution=institution, own=state.record, contacted_on=contacted_on,
        concern=concern, person_kind=person_kind, signposted_to=signposted_to,
        handed_over=handed_over, handed_to_id=handed_to_id,
        confidentiality_broken=confidentiality_broken,
        confidentiality_advisors=confidentiality_advisors,
        confidentiality_advised_on=confidentiality_advised_on)
    entry = ContactLogEntry.objects.create(
        institution=institution, safe_contact=state.record, contacted_on=contacted_on,
        concern=concern, person_kind=person_kind,
        signposted_to=sorted(set(signposted_to or [])), handed_over=bool(handed_over),
        handed_to=handed_to, confidentiality_broken=bool(confidentiality_broken),
        confidentiality_advisors=sorted(set(confidentiality_advisors or [])),
        confidentiality_advised_on=confidentiality_advised_on)
    audit_record(institution=institution, actor=actor, action="safecontacts.contact_logged",
                 obj=entry, changes={"concern": concern, "person_kind": person_kind,
                                     "handed_over": entry.handed_over,
                                     "confidentiality_broken": entry.confidentiality_broken})
    if referral:
        contact_log_refer(entry=entry, actor=actor, **referral)
        entry.hmg_referred = True
    return entry


@transaction.atomic
def contact_log_refer(*, entry: ContactLogEntry, actor, reason: str,
                      contact_consent: bool = False, contact_details: str = ""
                      ) -> RiskAssessmentRequest:
    """Refer a higher-risk disclosure to the Harassment Management Group (001), from the
    Safe Contact's own entry: the group is asked for a risk assessment (the precautionary
    app's request). The person's contact details go with it only with their consent, which
    is then recorded; otherwise the request names nobody. Once per entry."""
    entry = (ContactLogEntry.objects.for_institution(entry.institution_id)
             .select_for_update(of=("self",)).select_related("institution").get(pk=entry.pk))
    membership = member_of(actor, entry.institution)
    log_enforce("log_refer", membership=membership, entry=entry)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the risk is higher, without naming anyone "
                                          "who has not agreed to it."]})
    request = risk_assessment_request(
        institution=entry.institution, actor=actor, reason=reason,
        contact_log_entry=entry, contact_consent=bool(contact_consent),
        contact_details=contact_details or "")
    entry.hmg_referred = True
    entry.save(update_fields=["hmg_referred"])
    audit_record(institution=entry.institution, actor=actor, action="safecontacts.hmg_referred",
                 obj=entry, changes={"request": request.pk,
                                     "contact_consent": bool(contact_consent)})
    return request
