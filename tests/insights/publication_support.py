"""The people of the insight reports' workflow at each demo-shaped institution, and short ways
to walk a report through the services. The institutions (with their terms) are conftest's:
Kingsway's calendar has the spring term 2026 (over by the autumn), the autumn term 2026, and
the winter and spring terms 2027."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.roles import Role
from insights.figures import Period, ReportData, Table
from insights.models import InsightReport
from insights.services import reports as services

from ..cases.rules_support import at, d
from ..factories import staff
from .conftest import term

__all__ = ["People", "api_as", "at", "d", "pdf_text", "term"]

#: Days on which Kingsway's spring term 2026 and academic year 2025/26 are over (both end on
#: 27 September 2026, the day before the autumn term) and the autumn term is running.
AUTUMN_DAY = "2026-11-02"
LATER_DAY = "2026-11-09"


class People:
    def __init__(self, inst):
        s = inst.slug
        self.inst = inst
        self.publisher = staff(inst, Role.INSIGHTS_PUBLISHER, email=f"publisher@{s}.test")
        self.publisher2 = staff(inst, Role.INSIGHTS_PUBLISHER, email=f"publisher2@{s}.test")
        self.admin = staff(inst, Role.INSTITUTION_ADMIN, email=f"admin@{s}.test")
        self.caseworker = staff(inst, Role.SUPPORT_CASEWORKER, email=f"caseworker@{s}.test")

    def series(self, name: str = "Spring term 2026") -> str:
        return f"term-{term(self.inst, name).pk}"


@pytest.fixture
def kp(kingsway):
    return People(kingsway)


@pytest.fixture
def mp(midshire):
    return People(midshire)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def generate(people: People, *, on: str = AUTUMN_DAY, by=None, series: str | None = None
             ) -> InsightReport:
    with at(on):
        return services.report_generate(institution=people.inst, actor=by or people.publisher,
                                        period=series or people.series())


def approve(report, people: People, *, on: str = AUTUMN_DAY) -> InsightReport:
    with at(on):
        return services.report_approve(report=report, actor=people.publisher2)


def publish(report, people: People, capture, *, on: str = AUTUMN_DAY) -> InsightReport:
    """Approved by the second publisher and published by the first; the PDF rendered as the
    relay renders it after commit."""
    if report.status == InsightReport.Status.DRAFT:
        report = approve(report, people, on=on)
    with at(on), capture(execute=True):
        report = services.report_publish(report=report, actor=people.publisher)
    report.refresh_from_db()
    return report


def published(people: People, capture, *, on: str = AUTUMN_DAY) -> InsightReport:
    return publish(generate(people, on=on), people, capture, on=on)


def reload(report: InsightReport) -> InsightReport:
    return InsightReport.objects.for_institution(report.institution_id).get(pk=report.pk)


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(p.extract_text() for p in reader.pages).split())


#: A count no published report may print: hidden to protect the small count beside it.
SECRET = 48213


def raw_with_a_secret(*, institution, period: Period, kind: str, **_kwargs) -> ReportData:
    """Raw figures in which the small count 3 hides, and the large count :data:`SECRET` must
    be hidden too, or the published total would give the small one away."""
    return ReportData(institution_slug=institution.slug, period=period, kind=kind, tables=[
        Table(key="reports_by_category", title="Reports by category", dimension="Category",
              columns=["This term"], rows=[("Stalking", [3]), ("Harassment", [SECRET])],
              has_total=True, row_relation=False),
        Table(key="reports_by_month", title="Reports by month", dimension="Month",
              columns=["This term"], rows=[("May 2026", [7]), ("June 2026", [9])],
              has_total=True, chart="line", row_relation=False)])


@pytest.fixture
def secret_figures(monkeypatch):
    """The measures answer :func:`raw_with_a_secret` (the suppression is the real one)."""
    monkeypatch.setattr("insights.services.generate.report_figures", raw_with_a_secret)
