"""From an institution's records and external imports to the figures a report may publish.

Generation is ``report_figures`` (the measures: raw counts of the institution's own records for
the period; for an annual report, with the anonymous formal case outcomes) plus the external
imports attached to the period, then ``suppress`` with the institution's threshold. Only the
result is returned and stored: :func:`check_published` refuses anything that still holds a raw
count, so a mistake upstream fails here rather than reaching a page, a PDF or a CSV.

Which periods a report may cover: a term of the institution's calendar, or an academic year,
once it has *ended*. A running period's figures would change between two looks at the page and
give away whatever was added in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError

from institutions.models import AcademicTerm

from ..figures import Cell, Period, ReportData, Table
from ..measures import period_for_term, report_figures, year_period, year_start_of
from ..measures.periods import _term_period
from ..models import ExternalFigure, ExternalImport, InsightReport, InsightsSettings, Source
from ..suppression import suppress

#: How long after a period ends the daily task still generates its draft (a worker down for a
#: few days still catches up; a period further back is generated on demand).
LOOKBACK_DAYS = 14

#: Tables of external figures: their key starts with this, then the import's id.
EXTERNAL_PREFIX = "external-"


@dataclass(frozen=True)
class PeriodChoice:
    """A period a report may cover: a term or an academic year, with its dates."""

    kind: Literal["termly", "annual"]  # InsightReport.Kind
    series: str
    period: Period
    term: AcademicTerm | None = None
    academic_year: int | None = None

    @property
    def label(self) -> str:
        what = "Termly report" if self.kind == InsightReport.Kind.TERMLY else "Annual report"
        return f"{what}: {self.period.label}"

    def fields(self) -> dict:
        """The period's fields of a report or an import (insights.models.CoversPeriod)."""
        return {"kind": self.kind, "series": self.series, "term": self.term,
                "academic_year": self.academic_year, "period_label": self.period.label,
                "period_start": self.period.start, "period_end": self.period.end}


def term_choice(term: AcademicTerm) -> PeriodChoice:
    return PeriodChoice(kind="termly", series=f"term-{term.pk}",
                        period=period_for_term(term), term=term)


def year_choice(institution, start_year: int) -> PeriodChoice:
    """The academic year starting in ``start_year`` (insights/measures/periods.py)."""
    return PeriodChoice(kind="annual", series=f"year-{start_year}",
                        period=year_period(institution, start_year),
                        academic_year=start_year)


def _years(terms: list[AcademicTerm]) -> list[int]:
    """The academic years the calendar has terms in."""
    return sorted({year_start_of(t.start) for t in terms}, reverse=True)


def period_choices(*, institution, today: dt.date, ended_only: bool = True
                   ) -> list[PeriodChoice]:
    """Every term and academic year of the institution's calendar (those that have ended, by
    default), the latest first: what a report may be generated for."""
    terms = list(AcademicTerm.objects.for_institution(institution).order_by("start", "pk"))
    # As period_for_term, without a query per term: each term runs to the next one's start.
    choices = [PeriodChoice(kind="termly", series=f"term-{t.pk}",
                            period=_term_period(t, next((u for u in terms[i + 1:]
                                                         if u.start > t.start), None)),
                            term=t)
               for i, t in enumerate(terms)]
    choices += [year_choice(institution, year) for year in _years(terms)]
    if ended_only:
        choices = [c for c in choices if c.period.end < today]
    return sorted(choices, key=lambda c: (c.period.end, c.kind == "annual"), reverse=True)


def period_choice(*, institution, series: str, today: dt.date, field: str = "period",
                  ended_only: bool = True) -> PeriodChoice:
    """The period ``series`` names ("term-12", "year-2025"), checked to be the institution's
    and (``ended_only``) over; a ValidationError on ``field`` otherwise."""
    kind, _, key = (series or "").partition("-")
    choice = None
    if kind == "term" and key.isdigit():
        term = AcademicTerm.objects.for_institution(institution).filter(pk=int(key)).first()
        choice = term_choice(term) if term is not None else None
    elif kind == "year" and key.isdigit() and len(key) == 4:
        terms = list(AcademicTerm.objects.for_institution(institution))
        if int(key) in _years(terms):
            choice = year_choice(institution, int(key))
    if choice is None:
        raise ValidationError({field: ["Choose a term or an academic year of this "
                                       "institution's calendar."]})
    if ended_only and choice.period.end >= today:
        raise ValidationError({field: [
            f"{choice.period.label} ends on {choice.period.end:%d %B %Y}: a report covers a "
            "period once it is over (figures that still change would give away what was "
            "added between two looks)."]})
    return choice


def threshold_of(institution) -> int:
    return InsightsSettings.of(institution).threshold


# -- external figures ---------------------------------------------------------------------------
def external_imports_for(*, institution, series: str) -> list[ExternalImport]:
    return list(ExternalImport.objects.for_institution(institution)
                .filter(series=series, status=ExternalImport.Status.IMPORTED)
                .order_by("uploaded_at", "pk"))


def external_tables(*, institution, series: str) -> list[Table]:
    """One raw table per measure of each import attached to the period: its categories as
    rows, its periods as columns, with a total (the categories of a measure add up: a file
    gives no total of its own, see services/external.py). A category the file gave no value
    for in a period counts 0 (the import lists it)."""
    imports = external_imports_for(institution=institution, series=series)
    figures: dict[int, list[ExternalFigure]] = {upload.pk: [] for upload in imports}
    if imports:
        for figure in (ExternalFigure.objects.for_institution(institution)
                       .filter(upload_id__in=list(figures)).order_by("row", "pk")):
            figures[figure.upload_id].append(figure)
    tables = []
    for upload in imports:
        measures: dict[tuple[str, str], list] = {}
        for figure in figures[upload.pk]:
            measures.setdefault((figure.source, figure.measure), []).append(figure)
        for index, ((source, measure), rows) in enumerate(measures.items(), start=1):
            columns = list(dict.fromkeys(f.period for f in rows))
            categories = list(dict.fromkeys(f.category for f in rows))
            values = {(f.category, f.period): f.value for f in rows}
            tables.append(Table(
                key=f"{EXTERNAL_PREFIX}{upload.pk}-{index}", title=measure,
                dimension="Category", columns=columns,
                rows=[(c, [values.get((c, p), 0) for p in columns]) for c in categories],
                has_total=True, chart="bar",
                note=f"Source: {Source(source).label}, {upload.title} (imported "
                     f"{upload.uploaded_at:%d %B %Y}).", linked=[]))
    return tables


def is_external(table: Table) -> bool:
    return table.key.startswith(EXTERNAL_PREFIX)


# -- the published figures ----------------------------------------------------------------------
class RawFiguresRefused(RuntimeError):
    """Figures about to be stored or shown still hold a raw count: a programming error."""


def published_threshold(data: ReportData) -> int:
    """The threshold the published figures were suppressed with (checked)."""
    check_published(data)
    return int(data.threshold or 0)


def check_published(data: ReportData) -> ReportData:
    """Refuse figures that are not published ones: every value must be a published
    :class:`Cell`, every hidden cell without its value, and the threshold recorded."""
    if data.threshold is None:
        raise RawFiguresRefused("The figures were not suppressed (no threshold).")
    for table in data.tables:
        for label, values in [*table.rows, ("Total", table.totals),
                              ("Row totals", table.row_totals)]:
            for cell in values:
                if not isinstance(cell, Cell):
                    raise RawFiguresRefused(f"{table.key}/{label}: a raw value, not a "
                                            "published cell.")
                if cell.hidden and cell.value is not None:
                    raise RawFiguresRefused(f"{table.key}/{label}: a hidden cell keeps its "
                                            "value.")
    return data


def published_figures(*, institution, choice: PeriodChoice,
                      threshold: int | None = None) -> ReportData:
    """The report's figures for the period, suppressed with the institution's threshold (or
    ``threshold``): the institution's own tables, then each external import's."""
    raw = report_figures(institution=institution, period=choice.period,
                                  kind=choice.kind)
    raw.tables = [*raw.tables, *external_tables(institution=institution, series=choice.series)]
    threshold = threshold if threshold is not None else threshold_of(institution)
    return check_published(suppress(raw, threshold=threshold))


def drafts_due(*, institution, today: dt.date) -> list[PeriodChoice]:
    """Periods that ended in the last :data:`LOOKBACK_DAYS` days (yesterday included) and have
    no report yet, in any state (a discarded draft is not generated again)."""
    since = today - dt.timedelta(days=LOOKBACK_DAYS)
    recent = [c for c in period_choices(institution=institution, today=today)
              if since <= c.period.end < today]
    if not recent:
        return []
    have = set(InsightReport.objects.for_institution(institution)
               .filter(series__in=[c.series for c in recent])
               .values_list("series", flat=True))
    return [c for c in recent if c.series not in have]
