"""Reading a learning platform's export (CSV or XLSX) into a header and rows, and turning a
row's cells into values. Nothing here touches the database: the import service
(training/services/imports.py) decides what a row means.

A file is refused *whole* (``FileRefused``, with a message for the person who uploaded it) when
its structure is wrong: not a CSV or XLSX file, empty, without a header row, with two columns
of the same name, too large, or text that is not UTF-8 (or UTF-16 with its byte-order mark).
Other encodings are refused rather than guessed: a guess would import names with the wrong
letters. Everything else is a row's own problem, reported row by row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

#: The most an export may be (bytes) and the most rows it may have.
MAX_BYTES_DEFAULT = 10 * 1024 * 1024
MAX_ROWS = 100_000
#: The most an XLSX file may unpack to (a small file that unpacks to gigabytes is refused).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

CSV, XLSX = "csv", "xlsx"


class FileRefused(ValidationError):
    """The file cannot be imported at all; nothing of it is applied."""

    def __init__(self, message: str):
        super().__init__({"file": [message]})


@dataclass
class Table:
    format: str
    headers: list[str]
    #: (row number as a spreadsheet shows it, cells as text or dates), blank rows left out.
    rows: list[tuple[int, list]]


def max_bytes() -> int:
    return int(getattr(settings, "TRAINING_IMPORT_MAX_BYTES", MAX_BYTES_DEFAULT))


def read_table(data: bytes) -> Table:
    """The file's header and rows, or :class:`FileRefused`. The format is decided by the
    content, never by the file's name."""
    if not data:
        raise FileRefused("The file is empty.")
    if len(data) > max_bytes():
        raise FileRefused(f"The file is larger than {max_bytes() // (1024 * 1024)} MB: split "
                          "it into smaller files.")
    if data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused("This is an old Excel file (.xls): save it as an Excel workbook "
                          "(.xlsx) or as CSV and upload that.")
    else:
        table = _read_csv(data)
    if not any(table.headers):
        raise FileRefused("The first row of the file must name its columns; it is empty.")
    names = [h.casefold() for h in table.headers if h]
    twice = sorted({h for h in table.headers if h and names.count(h.casefold()) > 1})
    if twice:
        raise FileRefused(f"The column '{twice[0]}' appears more than once: give each column "
                          "its own name.")
    if not table.rows:
        raise FileRefused("The file has a header row but no rows to import.")
    if len(table.rows) > MAX_ROWS:
        raise FileRefused(f"The file has more than {MAX_ROWS:,} rows: split it into smaller "
                          "files.")
    return table


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise FileRefused("The file is neither an Excel workbook (.xlsx) nor CSV text in UTF-8. "
                      "In Excel, save it as 'CSV UTF-8 (Comma delimited)' and upload that.")


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if "\x00" in text:
        raise FileRefused("The file is not a CSV or Excel (.xlsx) file.")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if any(
        d in first_line for d in ",;\t") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRefused(f"The file cannot be read as CSV ({exc}).") from None
    if not records:
        raise FileRefused("The file is empty.")
    headers = [cell.strip() for cell in records[0]]
    rows = [(number, _pad([cell.strip() for cell in record], len(headers)))
            for number, record in enumerate(records[1:], start=2)
            if any(cell.strip() for cell in record)]
    return Table(CSV, headers, rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise FileRefused("The file is a zip archive, not an Excel workbook (.xlsx) "
                                  "or CSV file.")
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileRefused("The Excel file is too large once unpacked: save it as CSV, "
                                  "or split it into smaller files.")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FileRefused("The Excel file cannot be read: it may be damaged. Save it again "
                          "from Excel, or as CSV, and upload that.") from None
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        try:
            header_row = next(values)
        except StopIteration:
            raise FileRefused("The file is empty.") from None
        headers = [_text(cell) for cell in header_row]
        while headers and not headers[-1]:
            headers.pop()
        rows = []
        for number, record in enumerate(values, start=2):
            cells = [_cell(cell) for cell in record[:len(headers)]]
            if any(c not in ("", None) for c in cells):
                rows.append((number, _pad(cells, len(headers))))
            if len(rows) > MAX_ROWS:
                break
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet is refused as a whole, not a 500
        raise FileRefused("The Excel file cannot be read: it may be damaged. Save it again "
                          "from Excel, or as CSV, and upload that.") from None
    finally:
        workbook.close()
    return Table(XLSX, headers, rows)


def _pad(cells: list, width: int) -> list:
    return (cells + [""] * (width - len(cells)))[:width]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(value):
    """A cell as text, except that a date (or date-time) cell stays a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _text(value)


# -- the columns and the values of a row ----------------------------------------------------
def find_column(headers: list[str], name: str) -> int | None:
    """The position of the column named ``name`` (case and surrounding spaces ignored)."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    for index, header in enumerate(headers):
        if header.strip().casefold() == wanted:
            return index
    return None


def parse_date(value, date_format: str) -> dt.date | None:
    """A date from a cell: a date cell as it is; text in ``date_format``, a time after it
    ignored ("20/10/2026 14:05"). None when it is not a date in that format."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for candidate in (text, text.split(" ", 1)[0], text.split("T", 1)[0]):
        try:
            return dt.datetime.strptime(candidate, date_format).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def safe_cell(value: str) -> str:
    """A value written to a CSV report, never read as a formula by a spreadsheet."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
