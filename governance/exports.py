"""An action plan as a file for the annual accountability return (003 item 1: the return to
the regulator on the Prevent duty): CSV (the items) or XLSX (the plan, its items and its
versions, one sheet each). The same for the pages and the API; each download is an audited
read."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.text import slugify

from .models import ActionItem, ActionPlan
from .selectors import plan_items, plan_versions

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

ITEM_HEAD = ["Item", "Guidance para", "Risk", "Action", "Timing/detail", "Lead", "Lead email",
             "Notes", "Status", "Due", "Next review", "Completed", "Overdue"]


def _cell(value):
    """A value as a spreadsheet cell that is never read as a formula (text typed by staff)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _day(value) -> str:
    return value.isoformat() if value else ""


def item_rows(plan: ActionPlan, today=None) -> list[list]:
    today = today or timezone.localdate()
    rows = []
    for item in plan_items(plan):
        rows.append([
            item.number, item.guidance_paragraphs, item.risk_refs, item.action, item.timing,
            item.lead_description or (str(item.lead) if item.lead_id else ""),
            item.lead.email if item.lead_id else "", item.notes,
            ActionItem.Status(item.status).label, _day(item.due_on), _day(item.review_on),
            _day(item.completed_on), "yes" if item.overdue(today) else ""])
    return rows


def export_filename(plan: ActionPlan, fmt: str, today=None) -> str:
    today = today or timezone.localdate()
    return f"action-plan-{slugify(plan.title)[:60] or plan.pk}-{today:%Y-%m-%d}.{fmt}"


def plan_export(plan: ActionPlan, fmt: str, today=None) -> bytes:
    today = today or timezone.localdate()
    rows = item_rows(plan, today)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(ITEM_HEAD)
        writer.writerows([_cell(v) for v in row] for row in rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    about = book.create_sheet(title="Plan")
    for label, value in (
            ("Plan", plan.title), ("Version", plan.current_version),
            ("Dated", _day(plan.version_date)), ("Owner", str(plan.owner)),
            ("Next review", _day(plan.next_review_on)), ("Status", plan.get_status_display()),
            ("Exported", today.isoformat()), ("Covers", plan.introduction), ("Key", plan.key)):
        about.append([label, _cell(value)])
    items = book.create_sheet(title="Items")
    items.append(ITEM_HEAD)
    for row in rows:
        items.append([_cell(v) for v in row])
    versions = book.create_sheet(title="Versions")
    versions.append(["Version", "Dated", "Note", "Items", "Recorded by"])
    for v in plan_versions(plan):
        versions.append([_cell(v.version), _day(v.dated), _cell(v.note), len(v.items or []),
                         str(v.recorded_by) if v.recorded_by_id else ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
