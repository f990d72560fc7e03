"""core/exports.py: the shared CSV/XLSX writer of the queue exports."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from core.exports import Column, export_response

COLUMNS = [Column("Reference", lambda r: r["ref"]), Column("Due", lambda r: r["due"]),
           Column("Overdue", lambda r: r["late"])]
ROWS = [{"ref": "=HYPERLINK(\"x\")", "due": dt.date(2026, 12, 9), "late": True},
        {"ref": "K-2", "due": None, "late": False},
        {"ref": "K-3", "due": None, "late": False}]


def test_export_quotes_cells_a_spreadsheet_would_run_as_formulas_and_is_bounded():
    response = export_response(fmt="csv", filename="q", columns=COLUMNS, rows=ROWS, limit=2)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [["Reference", "Due", "Overdue"],
                    ["'=HYPERLINK(\"x\")", "2026-12-09", "yes"], ["K-2", "", "no"]]
    assert response["Content-Disposition"] == 'attachment; filename="q.csv"'


def test_export_xlsx_keeps_dates_as_dates():
    response = export_response(fmt="xlsx", filename="q", columns=COLUMNS, rows=ROWS)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Reference", "Due", "Overdue")
    assert values[1][1].date() == dt.date(2026, 12, 9)
    assert len(values) == 4
