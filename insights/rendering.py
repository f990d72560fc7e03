"""A report's published figures as people read them: tables (with their charts) for the pages,
the facts the PDF states (the letter's context) and the CSV. Everything here reads the stored,
published figures only (``InsightReport.figures``), checked again by ``check_published``: a
hidden cell is printed as its ``shown`` text, and its value was never stored."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from letters.rendering import human_date
from training.importing import safe_cell

from . import svg
from .figures import Cell, ReportData, Table
from .models import InsightReport, Source
from .services.generate import check_published, is_external


@dataclass
class ShownRow:
    label: str
    #: None: no figure in this place (the corner of a table with row and column totals).
    cells: list[Cell | None]
    is_total: bool = False


@dataclass
class ShownTable:
    key: str
    title: str
    dimension: str
    columns: list[str]
    rows: list[ShownRow]
    note: str
    external: bool
    chart: SafeString | str = ""
    caption_id: str = field(default="")


def chart_svg(table: Table) -> str:
    """The table's chart (insights/svg.py: safe SVG with its title and description, every
    label escaped; a hidden count draws nothing), or "" for a table that has none."""
    return str(svg.chart(table))


def shown_tables(data: ReportData, *, charts: bool = True) -> list[ShownTable]:
    check_published(data)
    tables = []
    for table in data.tables:
        columns = list(table.columns)
        rows = [ShownRow(label=str(label), cells=list(values)) for label, values in table.rows]
        if table.row_totals:  # the columns are parts of a whole: each row's total
            columns.append("Total")
            for row, total in zip(rows, table.row_totals, strict=False):
                row.cells.append(total)
        if table.has_total and table.totals:
            corner: list[Cell | None] = [None] if table.row_totals else []
            rows.append(ShownRow(label="Total", cells=[*table.totals, *corner],
                                 is_total=True))
        svg = chart_svg(table) if charts else ""
        tables.append(ShownTable(
            key=table.key, title=table.title, dimension=table.dimension,
            columns=columns, rows=rows, note=table.note,
            external=is_external(table),
            chart=mark_safe(svg) if svg else "",  # noqa: S308 - svg.py escapes every label
            caption_id=f"t-{table.key}"))
    return tables


def report_tables(report: InsightReport, *, charts: bool = True
                  ) -> tuple[list[ShownTable], list[ShownTable]]:
    """(the institution's own tables, the tables of external figures)."""
    tables = shown_tables(report.data, charts=charts)
    return [t for t in tables if not t.external], [t for t in tables if t.external]


def source_of(table: ShownTable) -> str:
    if not table.external:
        return "Own records"
    for _value, label in Source.choices:
        if table.note.startswith(f"Source: {label}"):
            return label
    return "Other source"


# -- the CSV -------------------------------------------------------------------------------------
CSV_COLUMNS = ["period", "version", "source", "table", "title", "row", "column", "value",
               "shown"]


def figures_csv(report: InsightReport) -> str:
    """One line per published cell: its number, or nothing when hidden, and what the report
    prints for it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for table in shown_tables(report.data, charts=False):
        source = source_of(table)
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=False):
                if cell is None:
                    continue
                writer.writerow([safe_cell(v) for v in (
                    report.period_label, report.version, source, table.key, table.title,
                    row.label, column, "" if cell.hidden or cell.value is None else cell.value,
                    printed(cell))])
    return out.getvalue()


def printed(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.shown:
        return cell.shown
    return "" if cell.value is None else str(cell.value)


# -- the PDF's facts -----------------------------------------------------------------------------
def _table_facts(table: ShownTable) -> dict:
    return {"title": table.title, "dimension": table.dimension, "columns": table.columns,
            "rows": [{"label": r.label, "total": r.is_total,
                      "cells": [printed(c) for c in r.cells]} for r in table.rows],
            "note": table.note, "source": source_of(table), "chart": str(table.chart)}


def report_facts(report: InsightReport, *, date=None) -> dict:
    """What the report's PDF states, frozen when it is issued (published): JSON only."""
    own, external = report_tables(report)
    inst = report.institution
    replaces = report.supersedes
    return {
        "reference": f"{inst.slug}-insights-{report.reference}",
        "date": human_date(date or (report.published_at.date() if report.published_at
                                    else report.generated_at.date())),
        "institution": {"name": inst.display_letter_name, "address": inst.address_block},
        "recipient": {"name": "", "role": "public", "email": "", "address": ""},
        "title": report.title, "kind": report.get_kind_display(),
        "period": {"label": report.period_label, "start": human_date(report.period_start),
                   "end": human_date(report.period_end)},
        "version": report.version, "summary": report.summary,
        "change_note": report.change_note,
        "replaces": ({"version": replaces.version,
                      "published": human_date(replaces.published_at.date())
                      if replaces.published_at else ""} if replaces else None),
        "threshold": report.threshold,
        "tables": [_table_facts(t) for t in own],
        "external_tables": [_table_facts(t) for t in external],
    }


def draft_pdf(report: InsightReport) -> bytes:
    """A version's PDF as it would be issued today, from the institution's current template
    (staff only: a draft's preview; a published version's own PDF is the issued one)."""
    from core.pdf import html_to_pdf
    from letters.rendering import letter_page, render_body
    from letters.services import letter_template_for

    from .letter_kinds import REPORT_LETTER

    facts = report_facts(report)
    template = letter_template_for(report.institution, REPORT_LETTER)
    subject = render_body(template.subject, facts)
    return html_to_pdf(letter_page(report.institution, facts, subject,
                                   render_body(template.body, facts)))
