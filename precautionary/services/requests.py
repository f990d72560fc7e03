"""Requests for a risk assessment (001: a higher-risk disclosure goes to the Harassment
Management Group; 002 §19-20). The precautionary app owns its rows: reporting, cases and the
Safe Contact scheme ask through this service, which writes the request and its audit event in
the caller's transaction."""

from __future__ import annotations

from django.db import transaction

from audit.services import audit_record
from core.errors import field_errors

from ..models import RiskAssessmentRequest


@transaction.atomic
def risk_assessment_request(*, institution, actor, reason: str, report=None, case=None,
                            contact_log_entry=None, contact_consent: bool = False,
                            contact_details: str = "") -> RiskAssessmentRequest:
    """Open a request for the group. The caller has checked that ``actor`` may refer the
    report, case or Safe Contact's contact log entry it comes from; here the request must come
    from one of them, in the same institution, and say why. Contact details of the person
    (a Safe Contact's referral names nobody otherwise) are taken only with their recorded
    consent (``contact_consent``), and are then required."""
    sources = [s for s in (report, case, contact_log_entry) if s is not None]
    if not sources:
        raise ValueError("A risk assessment request comes from a report, a case or a Safe "
                         "Contact's contact log entry.")
    if any(s.institution_id != institution.pk for s in sources):
        raise ValueError("The report, case or contact log entry belongs to another "
                         "institution.")
    if not reason.strip():
        raise ValueError("Say why the risk is higher.")
    contact_details = (contact_details or "").strip()
    if contact_details and not contact_consent:
        raise field_errors(contact_details="Contact details go to the group only with the "
                                           "person's consent: record it, or leave them out.")
    if contact_consent and not contact_details:
        raise field_errors(contact_details="Enter how the group may contact the person, "
                                           "as they agreed.")
    request = RiskAssessmentRequest.objects.create(
        institution=institution, report=report, case=case,
        contact_log_entry=contact_log_entry, contact_consent=bool(contact_consent),
        contact_details=contact_details, reason=reason.strip(), requested_by=actor)
    audit_record(institution=institution, actor=actor, action="precautionary.risk_requested",
                 obj=request, changes={"report": getattr(report, "pk", None),
                                       "case": getattr(case, "pk", None),
                                       "contact_log_entry": getattr(contact_log_entry, "pk",
                                                                    None),
                                       "contact_consent": bool(contact_consent)})
    return request
