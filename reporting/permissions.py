"""Need-to-know for reports. Support caseworkers see the institution's triage queue; anyone
else sees a report only when it is shared with them (guardian, direct FK rows carrying the
institution). Everyone else gets the same 404 as for a report that does not exist.

Identity custodian rule: only the institution's custodian roles (default: support caseworkers)
see a named reporter's identity; everyone else sees a pseudonym."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404

from accounts.models import Membership
from accounts.permissions import access_institution, has_object_access
from accounts.roles import Role
from audit.services import audit_read
from institutions.models import Institution

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


def can_see_report(*, membership: Membership, report: Report,
                   granted: bool | None = None) -> bool:
    """``granted``: whether the member's permission row exists, when it was read with the
    report (:func:`access_report`); guardian gives a user the same answer from the same rows
    (superusers aside; the project grants no object permission to groups)."""
    if report.institution_id != membership.institution_id:
        return False
    if membership.has_role(*SEES_EVERY_REPORT):
        return True
    if granted is not None:
        user = membership.user
        return user.is_active and (granted or user.is_superuser)
    return has_object_access(user=membership.user, obj=report, perm=SUPPORT_REPORT,
                             membership=membership)


def can_see_identity(*, membership: Membership) -> bool:
    return membership.has_role(*ReportingSettings.of(membership.institution).custodian_roles())


def _granted(membership: Membership) -> Exists:
    """The member holds the need-to-know permission on the report (the rows guardian reads)."""
    return Exists(ReportUserObjectPermission.objects.filter(
        institution_id=membership.institution_id, user_id=membership.user_id,
        permission__codename="support_report", content_object_id=OuterRef("pk")))


def access_report(*, user, institution, report_id, what: str = "report",
                  membership: Membership | None = None) -> tuple[Report, Membership]:
    """The report (with its assignee and case) and the caller's membership, or 404; records
    the read. ``membership``: the caller's, when the request has already looked it up. The
    permission row is read with the report, for :func:`can_see_report`."""
    if membership is None or membership.user_id != user.pk \
            or membership.institution_id != getattr(institution, "pk", institution):
        membership = access_institution(user=user, institution=institution)
    try:
        report = (Report.objects.for_institution(institution)
                  .select_related("assignee", "case",
                                  *(() if isinstance(institution, Institution)
                                    else ("institution",)))
                  .annotate(need_to_know=_granted(membership))
                  .get(pk=int(report_id)))
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    if isinstance(institution, Institution):
        report.institution = institution  # the request's own: what it keeps is kept once
    if not can_see_report(membership=membership, report=report, granted=report.need_to_know):
        raise Http404("Not found.")
    audit_read(institution=institution, actor=user, obj=report, what=what)
    return report, membership
