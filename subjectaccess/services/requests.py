"""A subject access request from receipt to the export (UK GDPR Art. 12, 15; issue 14 item 6).

Only the institution's data protection officers handle requests; the handler named on the
request is the one who may download its export. Every change is one audit event that names the
request by its opaque reference, never the person.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from accounts.permissions import access_institution
from accounts.roles import Role
from audit.services import audit_record
from outbox.services import outbox_enqueue
from reporting.secrets import receipt_hmac, receipt_normalise

from ..matching import candidates
from ..models import (
    SubjectAccessExport,
    SubjectAccessMatch,
    SubjectAccessRequest,
    one_calendar_month_after,
)

EXPORT_GENERATE = "subjectaccess.export_generate"


def require_handler(actor, institution):
    """The actor's membership if they are a data protection officer here; 404 for anyone of
    another institution, 403 for a member without the role."""
    membership = access_institution(user=actor, institution=institution)
    if not membership.has_role(Role.DATA_PROTECTION):
        label = institution.role_label(Role.DATA_PROTECTION)
        raise PermissionDenied(f"Only a {label} can do this.")
    return membership


def access_request(*, user, institution, request_id) -> SubjectAccessRequest:
    require_handler(user, institution)
    try:
        return SubjectAccessRequest.objects.for_institution(institution).select_related(
            "handled_by").get(pk=int(request_id))
    except (SubjectAccessRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


def _new_reference(institution) -> str:
    while True:
        reference = "SAR-" + secrets.token_hex(4).upper()
        if not SubjectAccessRequest.objects.for_institution(institution).filter(
                reference=reference).exists():
            return reference


def _lock(request: SubjectAccessRequest) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.for_institution(request.institution_id).select_for_update(
        of=("self",)).select_related("institution").get(pk=request.pk)


@transaction.atomic
def subject_access_request_receive(*, institution, actor, received_on: dt.date, name: str = "",
                                   email: str = "", student_id: str = "",
                                   receipt: str = "") -> SubjectAccessRequest:
    """Record a request as received; it is due one calendar month later (Art. 12(3)). A receipt
    of an anonymous report, if the person gives one, is kept only as its HMAC."""
    require_handler(actor, institution)
    errors: dict = {}
    if not (name.strip() or email.strip() or student_id.strip() or receipt.strip()):
        errors["name"] = ["Give at least one identifier: a name, an email, a student ID or a "
                          "report's receipt."]
    normalised = receipt_normalise(receipt) if receipt.strip() else ""
    if normalised is None:
        errors["receipt"] = ["That is not a receipt: it has 16 letters and digits."]
    if received_on is None:
        errors["received_on"] = ["Give the date the request was received."]
    if errors:
        raise ValidationError(errors)
    request = SubjectAccessRequest.objects.create(
        institution=institution, reference=_new_reference(institution), name=name.strip(),
        email=email.strip(), student_id=student_id.strip(),
        receipt_hmac=receipt_hmac(institution.pk, normalised) if normalised else "",
        received_on=received_on, due_on=one_calendar_month_after(received_on),
        handled_by=actor)
    audit_record(institution=institution, actor=actor, action="subjectaccess.request_received",
                 obj=request, changes={"reference": request.reference,
                                       "due_on": request.due_on.isoformat()})
    return request


@transaction.atomic
def subject_access_matches_find(*, request: SubjectAccessRequest, actor
                                ) -> list[SubjectAccessMatch]:
    """Look for every record that may be about the person; earlier reviews are kept."""
    require_handler(actor, request.institution)
    request = _lock(request)
    if request.status == SubjectAccessRequest.Status.CLOSED:
        raise ValidationError({"status": ["The request is closed."]})
    found = {(c.kind, c.object_id): c for c in candidates(request)}
    existing = set(SubjectAccessMatch.objects.for_institution(request.institution_id).filter(
        request=request).values_list("kind", "object_id"))
    SubjectAccessMatch.objects.bulk_create([
        SubjectAccessMatch(institution=request.institution, request=request, kind=c.kind,
                           object_id=c.object_id, label=c.label[:200],
                           matched_on=c.matched_on[:100])
        for key, c in found.items() if key not in existing])
    if request.status == SubjectAccessRequest.Status.RECEIVED:
        request.status = SubjectAccessRequest.Status.IN_REVIEW
        request.save(update_fields=["status"])
    audit_record(institution=request.institution, actor=actor,
                 action="subjectaccess.matches_found", obj=request,
                 changes={"reference": request.reference, "found": len(found)})
    return list(request.matches.all())


@transaction.atomic
def subject_access_matches_confirm(*, request: SubjectAccessRequest, actor,
                                   confirmed: list[int]) -> list[SubjectAccessMatch]:
    """The handler says which matches are this person (the others are marked not theirs)."""
    require_handler(actor, request.institution)
    request = _lock(request)
    matches = SubjectAccessMatch.objects.for_institution(request.institution_id).filter(
        request=request)
    ids = {int(pk) for pk in confirmed}
    unknown = ids - set(matches.values_list("pk", flat=True))
    if unknown:
        raise ValidationError({"confirmed": ["Choose among the records matched."]})
    matches.filter(pk__in=ids).update(confirmed=True)
    matches.exclude(pk__in=ids).update(confirmed=False)
    audit_record(institution=request.institution, actor=actor,
                 action="subjectaccess.matches_confirmed", obj=request,
                 changes={"reference": request.reference, "confirmed": len(ids)})
    return list(matches)


@transaction.atomic
def subject_access_export_request(*, request: SubjectAccessRequest, actor
                                  ) -> SubjectAccessExport:
    """Queue the export of the confirmed records; the worker builds it (outbox)."""
    require_handler(actor, request.institution)
    request = _lock(request)
    if not request.matches.filter(confirmed=True).exists():
        raise ValidationError({"confirmed": ["Confirm at least one record first."]})
    export = SubjectAccessExport.objects.create(institution=request.institution,
                                                request=request, requested_by=actor)
    request.status = SubjectAccessRequest.Status.EXPORTING
    request.save(update_fields=["status"])
    audit_record(institution=request.institution, actor=actor,
                 action="subjectaccess.export_requested", obj=request,
                 changes={"reference": request.reference, "export": export.pk})
    outbox_enqueue(kind=EXPORT_GENERATE, payload={"export": export.pk},
                   key=f"subjectaccess-export-{export.pk}", institution=request.institution)
    return export


@transaction.atomic
def subject_access_request_close(*, request: SubjectAccessRequest, actor
                                 ) -> SubjectAccessRequest:
    require_handler(actor, request.institution)
    request = _lock(request)
    request.status = SubjectAccessRequest.Status.CLOSED
    request.save(update_fields=["status"])
    audit_record(institution=request.institution, actor=actor,
                 action="subjectaccess.request_closed", obj=request,
                 changes={"reference": request.reference})
    return request
