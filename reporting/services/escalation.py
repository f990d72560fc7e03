"""From a disclosure to a formal report: with the reporter's consent recorded, the
caseworker completes the Alleged Misconduct Form (002 Appendix A) / INAM report (004) and the
cases app opens the disciplinary case; the report and the case point at each other."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case
from cases.services.intake import case_open

from ..models import Report
from ..policies import enforce
from .common import lock, record, today


@transaction.atomic
def report_escalate(*, report: Report, actor, consent_given_on: dt.date | None,
                    respondent: dict, allegations: list[dict], summary: str,
                    impact: str = "", outcome_sought: str = "",
                    allegation_raised_on: dt.date | None = None) -> Case:
    report = lock(report)
    enforce("escalate", report=report, actor=actor)
    if consent_given_on is None:
        raise ValidationError({"consent_given_on": [
            "Record the date the reporter agreed to make a formal report. A disclosure leads "
            "to a report only if they want it to."]})
    if consent_given_on > today():
        raise ValidationError({"consent_given_on": ["The date cannot be in the future."]})
    parties = [{"kind": "reporting_party", "name": report.contact_name,
                "email": report.contact_email, "phone": report.contact_phone,
                "student_id": report.contact_student_id,
                "is_staff_member": report.reporter_role == Report.ReporterRole.STAFF}]
    case = case_open(
        institution=report.institution, actor=actor, respondent=respondent,
        allegations=allegations, parties=parties,
        allegation_raised_on=allegation_raised_on or consent_given_on,
        incident_date=report.incident_date, incident_place=report.get_location_display(),
        summary=summary, impact=impact, outcome_sought=outcome_sought,
        source_report_id=report.pk)
    report.case = case
    report.formal_consent_on = consent_given_on
    report.status = Report.Status.ESCALATED
    report.save(update_fields=["case", "formal_consent_on", "status"])
    record(report, "report.escalated", actor=actor, case=case.reference,
           consent_given_on=consent_given_on)
    return case
