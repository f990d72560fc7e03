"""Requests for a risk assessment (001: a higher-risk disclosure goes to the Harassment
Management Group; 002 §19-20). The precautionary app owns its rows: reporting (and, later, a
Safe Contact or a case) asks through this service, which writes the request and its audit event
in the caller's transaction."""

from __future__ import annotations

from django.db import transaction

from audit.services import audit_record

from ..models import RiskAssessmentRequest


@transaction.atomic
def risk_assessment_request(*, institution, actor, reason: str, report=None, case=None
                            ) -> RiskAssessmentRequest:
    """Open a request for the group. The caller has checked that ``actor`` may refer the
    report or case it comes from; here the request must come from one of them, in the same
    institution, and say why."""
    source = report or case
    if source is None:
        raise ValueError("A risk assessment request comes from a report or a case.")
    if source.institution_id != institution.pk:
        raise ValueError("The report or case belongs to another institution.")
    if not reason.strip():
        raise ValueError("Say why the risk is higher.")
    request = RiskAssessmentRequest.objects.create(
        institution=institution, report=report, case=case, reason=reason.strip(),
        requested_by=actor)
    audit_record(institution=institution, actor=actor, action="precautionary.risk_requested",
                 obj=request, changes={"report": getattr(report, "pk", None),
                                       "case": getattr(case, "pk", None)})
    return request
