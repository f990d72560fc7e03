"""The report page and the evidence downloads."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from core.downloads import attachment

from ..models import InvolvedPerson, Report, ReportEvidence, ReportingSettings
from ..permissions import access_report, can_see_identity
from ..policies import CASEWORK, OPEN, ReportState, report_offers
from ..reportfile import report_file
from ..services.evidence import report_evidence_open
from ..staff_forms import (
    AppointmentForm,
    AssignForm,
    CloseForm,
    MessageForm,
    NoteForm,
    ReferHRForm,
    ReferRiskForm,
    StatusForm,
    SupportActionForm,
    TagsForm,
)
from .common import (
    case_url,
    deadline_tag,
    evidence_name,
    flag_url,
    person_label,
    reporter_label,
    soon_limit,
)

# Each action's form, keyed by the URL name it posts to; the prefix keeps ids unique on the
# page and is the same on the action's own page.
ACTION_FORMS = {
    "assign": AssignForm, "status": StatusForm, "tags": TagsForm,
    "appointment": AppointmentForm, "support_action": SupportActionForm,
    "message": MessageForm, "note": NoteForm, "refer_hr": ReferHRForm,
    "refer_risk": ReferRiskForm, "close": CloseForm,
}


def action_url(report: Report, name: str) -> str:
    return reverse(f"staff:reporting:{name}", kwargs={
        "institution_slug": report.institution.slug, "report_id": report.pk})


@staff_view()
def report_detail(request, institution_slug: str, report_id):
    report, membership = access_report(user=request.user, institution=request.institution,
                                       report_id=report_id, what="report page",
                                       membership=request.membership)
    inst = request.institution
    file = report_file(report=report, membership=membership)
    custodian = can_see_identity(membership=membership)
    today = timezone.localdate()
    soon = soon_limit(inst, today, closures=file.closures)
    involved = file.involved
    staff_involved = any(p.role == InvolvedPerson.Role.STAFF for p in involved)
    state = ReportState(report, membership, request.user)
    allowed = {o.key for o in report_offers(state) if o.allowed}
    options = {"assign": {"caseworkers": file.caseworkers},
               "support_action": {"services": file.services}}
    forms = {name: ACTION_FORMS[name](report=report, prefix=name, **options.get(name, {}))
             for name in ACTION_FORMS if name in allowed}
    deadlines = [{"deadline": d, "tag": deadline_tag(d, today=today, soon=soon)}
                 for d in file.deadlines]
    flags = [(f, flag_url(inst, f)) for f in file.flags]
    wants = [label for wanted, label in (
        (report.wants_support, "Support"),
        (report.wants_information, "Information about their options"),
        (report.wants_formal_report, "To make a formal report")) if wanted]
    context = {
        "report": report,
        "custodian": custodian,
        "reporter": reporter_label(report, custodian=custodian),
        "custodian_label": " or ".join(
            inst.role_label(r) for r in ReportingSettings.of(inst).custodian_roles()),
        "may_act": membership.has_role(*CASEWORK),
        "is_open": report.status in OPEN,
        "categories": list(report.categories.all()),
        "wants": wants,
        "involved": [{"person": p, "label": person_label(p, custodian=custodian)}
                     for p in involved],
        "staff_involved": staff_involved,
        "evidence": [{"file": e, "name": evidence_name(e, custodian=custodian),
                      "url": reverse("staff:reporting:evidence", kwargs={
                          "institution_slug": inst.slug, "report_id": report.pk,
                          "evidence_id": e.pk})}
                     for e in file.evidence],
        "deadlines": deadlines,
        "thread": file.messages,
        "notes": file.notes,
        "appointments": file.appointments,
        "support_actions": file.support_actions,
        "tags": list(report.tags.all()),
        "risk_requests": file.risk_requests,
        "case": report.case if report.case_id else None,
        "case_url": case_url(inst, report.case_id) if report.case_id else "",
        "flags": flags,
        "forms": forms,
        "urls": {name: action_url(report, name) for name in (*ACTION_FORMS, "escalate")},
        "offered": allowed,
    }
    return render(request, "reporting/staff/detail.html", context)


@staff_view()
def evidence_download(request, institution_slug: str, report_id, evidence_id):
    report, membership = access_report(user=request.user, institution=request.institution,
                                       report_id=report_id, what="report evidence",
                                       membership=request.membership)
    try:
        evidence = report.evidence.get(pk=int(evidence_id))
    except (ReportEvidence.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    data = report_evidence_open(evidence=evidence, actor=request.user)
    name = evidence_name(evidence, custodian=can_see_identity(membership=membership))
    return attachment(data, evidence.content_type, name)
