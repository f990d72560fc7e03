"""Reading insight reports and imports: the staff lists (insights publishers and the
institution admin), one report or import (404 for another institution's), and what the public
sees (published versions only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Membership
from accounts.permissions import access_institution
from core.crypto import decrypt_bytes
from letters.models import Letter

from .models import ExternalImport, InsightReport
from .policies import PUBLISHER_ROLES, ReportState, policies

S = InsightReport.Status


def _membership(user, institution, membership: Membership | None) -> Membership:
    if membership is None or membership.user_id != user.pk \
            or membership.institution_id != getattr(institution, "pk", institution):
        membership = access_institution(user=user, institution=institution)
    return membership


def require_publisher(*, user, institution, membership: Membership | None = None
                      ) -> Membership:
    """The caller's membership if they may see the staff side of insights (404 for someone of
    another institution, 403 for a member without the role)."""
    membership = _membership(user, institution, membership)
    policies.enforce("view", ReportState(membership.institution, membership, user))
    return membership


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError, OverflowError):
        raise Http404("Not found.") from None
    if not 0 < pk < 2**63:
        raise Http404("Not found.")
    return pk


def access_report(*, user, institution, report_id,
                  membership: Membership | None = None) -> tuple[InsightReport, Membership]:
    """A report of the caller's institution (404 for one that is missing or another
    institution's; 403 for a member who is not a publisher)."""
    membership = require_publisher(user=user, institution=institution, membership=membership)
    try:
        report = (InsightReport.objects.for_institution(membership.institution_id)
                  .select_related("institution", "generated_by", "approved_by",
                                  "published_by", "supersedes", "letter")
                  .get(pk=_pk(report_id)))
    except InsightReport.DoesNotExist:
        raise Http404("Not found.") from None
    return report, membership


@dataclass(frozen=True)
class ReportFilters:
    status: str = ""
    kind: str = ""

    @property
    def any(self) -> bool:
        return bool(self.status or self.kind)


def report_queue(*, institution, filters: ReportFilters | None = None
                 ) -> QuerySet[InsightReport]:
    """Every version of every report, latest period first; open versions before the rest."""
    filters = filters or ReportFilters()
    reports = InsightReport.objects.for_institution(institution)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.kind:
        reports = reports.filter(kind=filters.kind)
    return (reports.select_related("generated_by", "approved_by", "published_by")
            .defer("figures").order_by("-period_end", "kind", "-version", "-pk"))


def versions_of(report: InsightReport) -> list[InsightReport]:
    """Every version of the report's period, newest first (discarded ones included)."""
    return list(InsightReport.objects.for_institution(report.institution_id)
                .filter(series=report.series).defer("figures").order_by("-version", "-pk"))


def waiting_count(*, institution) -> int:
    return InsightReport.objects.for_institution(institution).filter(
        status__in=InsightReport.OPEN).count()


# -- imports ------------------------------------------------------------------------------------
def import_queue(*, institution) -> QuerySet[ExternalImport]:
    return (ExternalImport.objects.for_institution(institution)
            .select_related("uploaded_by").order_by("-uploaded_at", "-pk"))


def access_import(*, user, institution, import_id,
                  membership: Membership | None = None) -> tuple[ExternalImport, Membership]:
    membership = require_publisher(user=user, institution=institution, membership=membership)
    try:
        upload = (ExternalImport.objects.for_institution(membership.institution_id)
                  .select_related("institution", "uploaded_by", "withdrawn_by")
                  .get(pk=_pk(import_id)))
    except ExternalImport.DoesNotExist:
        raise Http404("Not found.") from None
    return upload, membership


def imports_for(*, institution, series: str) -> list[ExternalImport]:
    return list(ExternalImport.objects.for_institution(institution).filter(series=series)
                .order_by("uploaded_at", "pk"))


# -- the public side ----------------------------------------------------------------------------
def public_reports(*, institution) -> QuerySet[InsightReport]:
    """The latest published version of each report, latest period first (annual before
    termly when they end together)."""
    return (InsightReport.objects.for_institution(institution).filter(status=S.PUBLISHED)
            .select_related("institution", "letter").defer("figures")
            .order_by("-period_end", "kind", "-pk"))


def earlier_versions(*, institution, series: list[str]) -> dict[str, list[InsightReport]]:
    """The superseded versions of each period, newest first (one query for a whole page)."""
    found: dict[str, list[InsightReport]] = {s: [] for s in series}
    if not series:
        return found
    for report in (InsightReport.objects.for_institution(institution)
                   .filter(series__in=series, status=S.SUPERSEDED)
                   .select_related("institution").defer("figures")
                   .order_by("series", "-version")):
        found[report.series].append(report)
    return found


def public_report(*, institution, report_id) -> InsightReport:
    """A published (or superseded) version, or 404: drafts and discarded versions do not
    exist for the public."""
    try:
        return (InsightReport.objects.for_institution(institution)
                .filter(status__in=InsightReport.PUBLIC)
                .select_related("institution", "supersedes", "letter")
                .get(pk=_pk(report_id)))
    except InsightReport.DoesNotExist:
        raise Http404("Not found.") from None


def public_versions(report: InsightReport) -> list[InsightReport]:
    """Every published version of the report's period, newest first."""
    return list(InsightReport.objects.for_institution(report.institution_id)
                .filter(series=report.series, status__in=InsightReport.PUBLIC)
                .defer("figures").order_by("-version"))


def published_pdf(report: InsightReport) -> bytes | None:
    """The PDF issued when the version was published, or None while it is being rendered."""
    letter = report.letter
    if letter is None or letter.status != Letter.Status.ISSUED or not letter.pdf:
        return None
    with letter.pdf.open("rb") as handle:
        return decrypt_bytes(handle.read())


__all__ = ["PUBLISHER_ROLES", "ReportFilters", "access_import",
           "access_report", "earlier_versions", "import_queue", "imports_for",
           "public_report", "public_reports", "public_versions", "published_pdf",
           "report_queue", "require_publisher", "versions_of", "waiting_count"]
