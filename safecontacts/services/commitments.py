"""The Safe Contacts' commitments the EDI office records (001): each termly team meeting and
each group clinical supervision session, and who attended."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from core.errors import field_errors
from institutions.models import AcademicTerm

from ..models import Attendance, SafeContact, Session
from .common import require_edi

#: Who may be recorded at a session: Safe Contacts in the scheme (on leave included).
ATTENDING = (SafeContact.Stage.ACTIVE, SafeContact.Stage.PAUSED)


def _attendees(institution, ids) -> list[SafeContact]:
    ids = {int(i) for i in ids or []}
    found = list(SafeContact.objects.for_institution(institution)
                 .filter(pk__in=ids, stage__in=ATTENDING))
    if len(found) != len(ids):
        raise field_errors(attendees="Choose Safe Contacts of this institution.")
    return found


@transaction.atomic
def session_record(*, institution, actor, kind: str, term: AcademicTerm | None,
                   held_on: dt.date | None, attendee_ids=()) -> Session:
    """Record a termly team meeting or a group clinical supervision session (001), in one
    of the institution's terms (summer included, when the institution has a summer term),
    with who attended. EDI administrators only."""
    require_edi(actor, institution)
    errors: dict[str, list[str]] = {}
    if kind not in Session.Kind.values:
        errors["kind"] = ["Choose a team meeting or a supervision session."]
    if term is None or term.institution_id != institution.pk:
        errors["term"] = ["Choose one of the institution's terms."]
    if held_on is None:
        errors["held_on"] = ["Enter the date it was held."]
    elif held_on > timezone.localdate():
        errors["held_on"] = ["Record a session once it has been held."]
    if errors or term is None or held_on is None:
        raise ValidationError(errors)
    attendees = _attendees(institution, attendee_ids)
    session = Session.objects.create(institution=institution, kind=kind, term=term,
                                     held_on=held_on, recorded_by=actor)
    Attendance.objects.bulk_create([Attendance(institution=institution, session=session,
                                               safe_contact=a) for a in attendees])
    audit_record(institution=institution, actor=actor, action="safecontacts.session_recorded",
                 obj=session, changes={"kind": kind, "term": term.pk,
                                       "held_on": held_on.isoformat(),
                                       "attendees": sorted(a.pk for a in attendees)})
    return session


@transaction.atomic
def attendance_set(*, session: Session, actor, attendee_ids) -> Session:
    """Correct who attended a session (EDI administrators only)."""
    session = (Session.objects.for_institution(session.institution_id)
               .select_for_update(of=("self",)).select_related("institution").get(pk=session.pk))
    require_edi(actor, session.institution)
    attendees = _attendees(session.institution, attendee_ids)
    before = set(Attendance.objects.for_institution(session.institution_id)
                 .filter(session=session).values_list("safe_contact_id", flat=True))
    after = {a.pk for a in attendees}
    Attendance.objects.for_institution(session.institution_id).filter(
        session=session, safe_contact_id__in=before - after).delete()
    Attendance.objects.bulk_create([Attendance(institution=session.institution,
                                               session=session, safe_contact=a)
                                    for a in attendees if a.pk not in before])
    if before != after:
        audit_record(institution=session.institution, actor=actor,
                     action="safecontacts.attendance_changed", obj=session,
                     changes={"added": sorted(after - before),
                              "removed": sorted(before - after)})
    return session
