"""Need-to-know for reports. Support caseworkers see the institution's triage queue; anyone
else sees a report only when it is shared with them (guardian, direct FK rows carrying the
institution). Everyone else gets the same 404 as for a report that does not exist.

Identity custodian rule: only the institution's custodian roles (default: support caseworkers)
see a named reporter's identity; everyone else sees a pseudonym."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Membership
from accounts.permissions import access_institution, has_object_access
from accounts.roles import Role
from audit.services import audit_read

from .models import Report, ReportingSettings, ReportUserObjectPermission

SUPPORT_REPORT = "reporting.support_report"
SEES_EVERY_REPORT = (Role.SUPPORT_CASEWORKER,)


def reports_visible_to(*, membership: Membership):
    reports = Report.objects.for_institution(membership.institution_id)
    if membership.has_role(*SEES_EVERY_REPORT):
        return reports
    granted = ReportUserObjectPermission.objects.filter(
        institution_id=membership.institution_id, user_id=membership.user_id,
        permission__codename="support_report").values("content_object_id")
    return reports.filter(pk__in=granted)


def can_see_report(*, membership: Membership, report: Report) -> bool:
    if report.institution_id != membership.institution_id:
        return False
    return membership.has_role(*SEES_EVERY_REPORT) or has_object_access(
        user=membership.user, obj=report, perm=SUPPORT_REPORT)


def can_see_identity(*, membership: Membership) -> bool:
    return membership.has_role(*ReportingSettings.of(membership.institution).custodian_roles())


def access_report(*, user, institution, report_id, what: str = "report"
                  ) -> tuple[Report, Membership]:
    membership = access_institution(user=user, institution=institution)
    try:
        report = Report.objects.for_institution(institution).select_related(
            "institution", "assignee").get(pk=int(report_id))
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    if not can_see_report(membership=membership, report=report):
        raise Http404("Not found.")
    audit_read(institution=institution, actor=user, obj=report, what=what)
    return report, membership
