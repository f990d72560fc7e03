"""Importing aggregated figures from outside the case records (000 §2): surveys, audits, exit
interviews and the national prevalence survey, one file per import, attached to a term or an
academic year of the institution's calendar. A report on that period shows each measure as a
table beside the institution's own figures, marked with its source and suppressed the same way.

The file (CSV, or an Excel workbook's first sheet) has exactly these columns, in any order,
named in its first row (:data:`COLUMNS`):

``source``    survey, audit, exit_interview or national_prevalence (or their names: "Exit
              interviews", "National Prevalence Survey")
``measure``   what is counted, as the report's table is titled ("Experienced harassment since
              starting at the institution"); up to 200 characters
``category``  the row of that table ("Undergraduates", "Halls of residence"); up to 200
              characters. Give no total: the report adds a Total row to each measure from its
              categories (so leave out a category named "Total" or "All")
``period``    the column of that table ("2025/26", "Autumn term 2026"); up to 100 characters
``value``     a count: a whole number, 0 or more (thousands separators allowed). Aggregated
              figures only: never one person's answer

The file is refused whole, with nothing imported, when its structure is wrong: not CSV or
XLSX, not UTF-8, empty, no header, a column missing, a column that is not one of the five (a
file with names or free text is not aggregated figures), a column twice, more than
:data:`MAX_ROWS` rows, the same file already imported for the period, or no row that can be
imported. Otherwise each row is imported or listed with its problem (its row number and
column); a category a measure has no value for in a period counts 0, and is listed too.
"""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from audit.uploads import import_scan
from core.errors import field_errors
from training.importing import FileRefused, find_column, read_table

from ..errors import InsightsError
from ..models import ExternalFigure, ExternalImport, Source
from ..policies import enforce
from .generate import period_choice

__all__ = ["COLUMNS", "EXAMPLE_CSV", "MAX_ROWS", "external_import", "external_withdraw"]

COLUMNS = ("source", "measure", "category", "period", "value")
MAX_ROWS = 5000
LIMITS = {"measure": 200, "category": 200, "period": 100}
TOTAL_WORDS = {"total", "all", "overall", "grand total"}

#: An example of the layout, offered for download beside the upload form.
EXAMPLE_CSV = (
    "source,measure,category,period,value\n"
    "survey,Students who experienced harassment this year,Undergraduates,2025/26,48\n"
    "survey,Students who experienced harassment this year,Postgraduates,2025/26,17\n"
    "survey,Students who experienced harassment this year,Undergraduates,2024/25,52\n"
    "survey,Students who experienced harassment this year,Postgraduates,2024/25,21\n"
    "exit_interview,Leavers who mentioned harassment,Staff,2025/26,6\n"
    "national_prevalence,Respondents who experienced sexual harassment,Students,2025/26,"
    "1210\n"
)


def _source(text: str) -> str | None:
    wanted = re.sub(r"[\s_-]+", " ", text.strip().casefold())
    for value, label in Source.choices:
        if wanted in (value.replace("_", " "), label.casefold()):
            return value
    aliases = {"exit interview": Source.EXIT_INTERVIEW, "national prevalence survey":
               Source.NATIONAL_PREVALENCE, "surveys": Source.SURVEY, "audits": Source.AUDIT}
    return aliases.get(wanted)


def _count(text: str) -> int | None:
    cleaned = str(text).strip().replace(",", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    return int(cleaned) if cleaned.isdigit() else None


def _columns(headers: list[str]) -> dict[str, int]:
    where = {}
    for name in COLUMNS:
        index = find_column(headers, name)
        if index is None:
            raise FileRefused(f"The file has no '{name}' column: its first row must name the "
                              f"columns {', '.join(COLUMNS)}.")
        where[name] = index
    extra = [h for h in headers if h and h.strip().casefold() not in COLUMNS]
    if extra:
        raise FileRefused(f"The column '{extra[0]}' is not one of {', '.join(COLUMNS)}: only "
                          "aggregated figures are imported, never people's answers or names.")
    return where


def _read_rows(data: bytes) -> tuple[int, list[dict], list[dict]]:
    """(rows read, the rows that can be imported, the problems)."""
    table = read_table(data)
    if len(table.rows) > MAX_ROWS:
        raise FileRefused(f"The file has more than {MAX_ROWS:,} rows: aggregated figures need "
                          "far fewer. Is this the right file?")
    where = _columns(table.headers)
    good: list[dict] = []
    problems: list[dict] = []
    first_seen: dict[tuple, int] = {}

    def problem(row, column, message):
        problems.append({"row": row, "column": column, "message": message})

    for number, cells in table.rows:
        value = {name: str(cells[i] if i < len(cells) else "").strip()
                 for name, i in where.items()}
        ok = True
        source = _source(value["source"])
        if source is None:
            ok = False
            problem(number, "source", f"'{value['source']}' is not a source: use survey, "
                                      "audit, exit_interview or national_prevalence.")
        for name, limit in LIMITS.items():
            if not value[name]:
                ok = False
                problem(number, name, f"The {name} is empty.")
            elif len(value[name]) > limit:
                ok = False
                problem(number, name, f"The {name} is longer than {limit} characters.")
        if value["category"].casefold() in TOTAL_WORDS:
            ok = False
            problem(number, "category", "Leave out totals: the report adds a Total row to "
                                        "each measure from its categories.")
        count = _count(value["value"])
        if count is None:
            ok = False
            problem(number, "value", f"'{value['value']}' is not a count (a whole number, 0 "
                                     "or more).")
        if not ok:
            continue
        key = (source, value["measure"], value["category"], value["period"])
        if key in first_seen:
            problem(number, "", f"The same figure was given on row {first_seen[key]}: this "
                                "row is left out.")
            continue
        first_seen[key] = number
        good.append({"row": number, "source": source, "measure": value["measure"],
                     "category": value["category"], "period": value["period"],
                     "value": count})
    return len(table.rows), good, problems


def _gaps(rows: list[dict]) -> list[dict]:
    """A category a measure has no value for in one of its periods (counted 0)."""
    measures: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        measures.setdefault((row["source"], row["measure"]), []).append(row)
    gaps = []
    for (_source, measure), items in measures.items():
        given = {(r["category"], r["period"]) for r in items}
        for category in dict.fromkeys(r["category"] for r in items):
            for period in dict.fromkeys(r["period"] for r in items):
                if (category, period) not in given:
                    gaps.append({"row": None, "column": "", "message": (
                        f"'{measure}': no value for '{category}' in '{period}'; the report "
                        "shows 0.")})
    return gaps


def external_import(*, institution, actor, title: str, period: str, file_name: str,
                    data: bytes) -> ExternalImport:
    """Import a file of aggregated figures and attach it to a term or an academic year
    (``period``: "term-<id>" or "year-<start year>"). Structural errors refuse the whole file
    (ValidationError on ``file``); rows with problems are listed on the import and left out.
    Reports generated on the period from now on show its figures. Where the installation
    scans uploads, the file is scanned first, outside the transaction."""
    enforce("import", institution=institution, actor=actor)
    import_scan(data, file_name=file_name, field="file", institution=institution,
                where="insights import", actor=actor)
    return _external_import(institution=institution, actor=actor, title=title, period=period,
                            file_name=file_name, data=data)


@transaction.atomic
def _external_import(*, institution, actor, title: str, period: str, file_name: str,
                     data: bytes) -> ExternalImport:
    title = (title or "").strip()
    if not title:
        raise field_errors(title="Say what the figures are (the report names them so).")
    if len(title) > 200:
        raise field_errors(title="Keep the title to 200 characters.")
    choice = period_choice(institution=institution, series=period,
                           today=timezone.localdate(), ended_only=False)
    rows_read, rows, problems = _read_rows(data)
    sha256 = hashlib.sha256(data).hexdigest()
    same = (ExternalImport.objects.for_institution(institution)
            .filter(series=choice.series, sha256=sha256,
                    status=ExternalImport.Status.IMPORTED).first())
    if same is not None:
        raise FileRefused(f"This file was already imported for {choice.period.label} on "
                          f"{same.uploaded_at:%d %B %Y} ('{same.title}'): withdraw that import "
                          "first to import it again.")
    if not rows:
        listed = "; ".join(f"row {p['row']}: {p['message']}" for p in problems[:3])
        raise FileRefused(f"None of the {rows_read} rows can be imported ({listed}).")
    upload = ExternalImport.objects.create(
        institution=institution, **choice.fields(), title=title,
        file_name=(file_name or "figures.csv")[:255], sha256=sha256, rows_read=rows_read,
        rows_imported=len(rows), problems=problems + _gaps(rows), uploaded_by=actor)
    ExternalFigure.objects.bulk_create(
        ExternalFigure(institution=institution, upload=upload, **row) for row in rows)
    audit_record(institution=institution, actor=actor, action="insights.external_imported",
                 obj=upload, changes={"series": upload.series, "title": upload.title,
                                      "file_name": upload.file_name, "sha256": sha256,
                                      "rows_read": rows_read, "rows_imported": len(rows),
                                      "rows_refused": upload.rows_refused})
    return upload


@transaction.atomic
def external_withdraw(*, upload: ExternalImport, actor, reason: str) -> ExternalImport:
    """Withdraw an import: reports generated from now on leave it out (a published report
    keeps what it published; correct it to take the figures out)."""
    enforce("withdraw_import", institution=upload.institution, actor=actor)
    upload = (ExternalImport.objects.for_institution(upload.institution_id)
              .select_for_update(of=("self",)).select_related("institution").get(pk=upload.pk))
    if upload.status == ExternalImport.Status.WITHDRAWN:
        raise InsightsError("This import is already withdrawn.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why it is withdrawn."]})
    upload.status = ExternalImport.Status.WITHDRAWN
    upload.withdrawn_by = actor
    upload.withdrawn_at = timezone.now()
    upload.withdrawn_reason = reason[:2000]
    upload.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawn_reason"])
    audit_record(institution=upload.institution, actor=actor,
                 action="insights.external_withdrawn", obj=upload,
                 changes={"series": upload.series, "reason": upload.withdrawn_reason})
    return upload
