"""A queue as a spreadsheet: CSV (streamed) or XLSX, the rows the queue shows with its
filters, at most ``MAX_EXPORT_ROWS`` (issue 13 item 7).

The queues (cases, reports, precautionary matters) call :func:`export_response` with the
queryset they would page, already filtered and limited to what the member may see; each app
checks who may export and audits the export before answering (core imports nothing of ours).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from .downloads import attachment

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
#: The most rows an export holds (the queue's first rows in its order); more are cut.
MAX_EXPORT_ROWS = 10_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A cell starting with one of these is a formula to a spreadsheet (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]


def export_format(request) -> str | None:
    """The format asked for with ``?export=csv|xlsx``, else None (the page itself)."""
    fmt = request.GET.get("export", "")
    return fmt if fmt in FORMATS else None


def export_query(request) -> str:
    """The page's query string without its page number: the filters, for the export links."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _rows(rows: Iterable, columns: list[Column], limit: int) -> Iterator[list]:
    if isinstance(rows, QuerySet):
        rows = rows[:limit].iterator(chunk_size=1000)
    for n, row in enumerate(rows):
        if n >= limit:
            return
        yield [_cell(c.value(row)) for c in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(*, fmt: str, filename: str, columns: list[Column], rows: Iterable,
                    limit: int = MAX_EXPORT_ROWS) -> HttpResponse | StreamingHttpResponse:
    """``rows``: the queue's queryset (read in chunks) or any iterable; ``filename`` without
    its extension."""
    if fmt == CSV:
        writer = csv.writer(_Echo())
        header = [c.title for c in columns]
        lines = (writer.writerow([v.isoformat() if isinstance(v, dt.date) else v
                                  for v in row])
                 for row in _rows(rows, columns, limit))
        response = StreamingHttpResponse(
            _chain(writer.writerow(header), lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store, private"
        return response
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=filename[:31])
    sheet.append([c.title for c in columns])
    for row in _rows(rows, columns, limit):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return attachment(out.getvalue(), XLSX_TYPE, f"{filename}.xlsx")


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    yield first
    yield from rest
