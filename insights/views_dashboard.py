"""The staff insights dashboard, at /<institution_slug>/staff/insights/ (namespace
``staff:insights``): live trends and high-risk areas (raw counts on screen, each count that
publication would hide marked) and the CSV export, suppressed as published. See
:mod:`insights.dashboard` for the decisions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.decorators import staff_view

from . import svg
from .dashboard import ROLES, dashboard_figures, export_csv, marked_rows, marked_totals


@staff_view(*ROLES)
def dashboard(request, institution_slug: str):
    board = dashboard_figures(institution=request.institution, today=timezone.localdate())
    tables = [{"raw": raw, "published": published, "rows": marked_rows(raw, published),
               "totals": marked_totals(raw, published), "chart": svg.chart(raw)}
              for raw, published in board.tables()]
    return render(request, "insights/dashboard.html", {
        "board": board, "tables": tables,
        "high_risk": next((t for t in tables if t["raw"].key == "high_risk_areas"), None)})


@staff_view(*ROLES)
def export(request, institution_slug: str):
    board = dashboard_figures(institution=request.institution, today=timezone.localdate())
    response = HttpResponse(export_csv(board), content_type="text/csv; charset=utf-8")
    name = f"insights-{request.institution.slug}-{board.today.isoformat()}.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
