"""Charts drawn on the server as SVG: readable without JavaScript, in print and in a PDF, each
with its numbers in an accessible table.

* :func:`bar_chart` (a categorical table: one group of horizontal bars per row, one bar per
  column) and :func:`line_chart` (a table by month: one line per column) return the ``<svg>``
  alone, with ``role="img"``, a ``<title>`` and a ``<desc>`` that says in words what it shows;
* :func:`data_table` is the table of the same numbers (``<caption>``, ``<th scope>``);
* :func:`figure` is both in a ``<figure>``, the chart described by its table: what a page or
  a PDF includes.

They take a raw table (integers: the staff dashboard) or a published one (:class:`Cell`): a
hidden count draws no bar or point and is written as it is published ("fewer than 5"). All text
is escaped; the markup is returned as a safe string for templates.
"""

from __future__ import annotations

import itertools

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .figures import Cell, Table, column_totals

#: Series colours (dark enough for text-on-white contrast, distinct for colour blindness:
#: blue, orange, teal, purple), and a dash pattern per series for the line chart.
COLOURS = ["#1d4e89", "#b35806", "#00786b", "#6a3d9a"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
WIDTH = 640
LABEL_WIDTH = 230
FONT = 'font-family="system-ui, sans-serif" font-size="12"'

_ids = itertools.count(1)


def _value(v) -> int | None:
    if isinstance(v, Cell):
        return v.value
    return None if v is None else int(v)


def _shown(v) -> str:
    if isinstance(v, Cell):
        return v.shown or ("" if v.value is None else f"{v.value:,}")
    return "" if v is None else f"{int(v):,}"


def _scale_max(table: Table) -> int:
    values = [_value(v) for _label, row in table.rows for v in row]
    return max([v for v in values if v is not None] + [1])


def _nice_ticks(top: int) -> list[int]:
    """Up to five round ticks from 0 to at least ``top``."""
    step = 1
    for candidate in itertools.chain.from_iterable((m * 10 ** e for m in (1, 2, 5))
                                                   for e in range(0, 9)):
        if top / candidate <= 5:
            step = candidate
            break
    return list(range(0, top + step, step))[:7]


def _desc(table: Table) -> str:
    parts = []
    for label, values in table.rows:
        shown = ", ".join(f"{escape(col)} {escape(_shown(v))}"
                          for col, v in zip(table.columns, values, strict=False))
        parts.append(f"{escape(label)}: {shown}")
    return "; ".join(parts)


def _head(table: Table, kind: str, height: int) -> tuple[str, str]:
    uid = f"chart-{escape(table.key)}-{next(_ids)}"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart chart-{kind}" '
            f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
            f'aria-labelledby="{uid}-title {uid}-desc" {FONT}>'
            f'<title id="{uid}-title">{escape(table.title)}</title>'
            f'<desc id="{uid}-desc">{_desc(table)}</desc>')
    return uid, head


def _legend(table: Table, y: int, *, lines: bool = False) -> str:
    out, x = [], LABEL_WIDTH if not lines else 50
    for i, column in enumerate(table.columns):
        colour = COLOURS[i % len(COLOURS)]
        if lines:
            dash = f' stroke-dasharray="{DASHES[i % len(DASHES)]}"' if DASHES[i % len(DASHES)] \
                else ""
            out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" '
                       f'stroke="{colour}" stroke-width="2"{dash}/>')
        else:
            out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 22}" y="{y}">{escape(column)}</text>')
        x += 30 + 7 * len(column)
    return "".join(out)


def bar_chart(table: Table) -> SafeString:
    """Horizontal bars: one group per row, one bar per column, the number at the bar's end."""
    series = max(len(table.columns), 1)
    bar, gap = 14, 10
    group = series * (bar + 2) + gap
    top_margin, bottom = 28, 26
    height = top_margin + group * max(len(table.rows), 1) + bottom
    _uid, head = _head(table, "bar", height)
    top = _scale_max(table)
    span = WIDTH - LABEL_WIDTH - 70
    body = [_legend(table, 16)]
    for tick in _nice_ticks(top):
        x = LABEL_WIDTH + span * tick / max(top, _nice_ticks(top)[-1])
        body.append(f'<line x1="{x:.1f}" y1="{top_margin - 4}" x2="{x:.1f}" '
                    f'y2="{height - bottom + 2}" stroke="#d0d0d0" stroke-width="1"/>'
                    f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" '
                    f'fill="#555">{tick:,}</text>')
    scale_top = max(top, _nice_ticks(top)[-1])
    for r, (label, values) in enumerate(table.rows):
        y0 = top_margin + r * group
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y0 + (series * (bar + 2)) / 2 + 4:.1f}" '
                    f'text-anchor="end">{escape(_short(label))}<title>{escape(label)}</title>'
                    f'</text>')
        for i, v in enumerate(values):
            y = y0 + i * (bar + 2)
            n = _value(v)
            colour = COLOURS[i % len(COLOURS)]
            if n is None:
                body.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + bar - 3}" fill="#555" '
                            f'font-style="italic">{escape(_shown(v))}</text>')
                continue
            w = span * n / scale_top
            body.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{bar}" '
                        f'fill="{colour}"><title>{escape(label)}, '
                        f'{escape(table.columns[i])}: {escape(_shown(v))}</title></rect>'
                        f'<text x="{LABEL_WIDTH + w + 4:.1f}" y="{y + bar - 3}">'
                        f'{escape(_shown(v))}</text>')
    body.append(f'<line x1="{LABEL_WIDTH}" y1="{top_margin - 4}" x2="{LABEL_WIDTH}" '
                f'y2="{height - bottom + 2}" stroke="#333"/>')
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def line_chart(table: Table) -> SafeString:
    """One line per column across the rows (months); a hidden count breaks the line."""
    height, left, right, top_margin, bottom = 300, 50, 20, 30, 60
    _uid, head = _head(table, "line", height)
    top = _scale_max(table)
    ticks = _nice_ticks(top)
    scale_top = max(top, ticks[-1])
    n = max(len(table.rows), 1)
    span_x = WIDTH - left - right
    span_y = height - top_margin - bottom

    def x_of(r: int) -> float:
        return left + (span_x * (r + 0.5) / n)

    def y_of(v: int) -> float:
        return top_margin + span_y * (1 - v / scale_top)

    body = [_legend(table, 16, lines=True)]
    for tick in ticks:
        y = y_of(tick)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
                    f'stroke="#d0d0d0"/><text x="{left - 6}" y="{y + 4:.1f}" '
                    f'text-anchor="end" fill="#555">{tick:,}</text>')
    for r, (label, _values) in enumerate(table.rows):
        body.append(f'<text x="{x_of(r):.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                    f'{escape(_short(label.split(" (")[0], 12))}<title>{escape(label)}</title>'
                    f'</text>')
    for i, column in enumerate(table.columns):
        colour = COLOURS[i % len(COLOURS)]
        dash = DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments = []
        for r, (label, values) in enumerate(table.rows):
            v = values[i] if i < len(values) else None
            value = _value(v)
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_of(r):.1f},{y_of(value):.1f}")
            body.append(f'<circle cx="{x_of(r):.1f}" cy="{y_of(value):.1f}" r="3.5" '
                        f'fill="{colour}"><title>{escape(label)}, {escape(column)}: '
                        f'{escape(_shown(v))}</title></circle>')
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                body.append(f'<polyline points="{" ".join(points)}" fill="none" '
                            f'stroke="{colour}" stroke-width="2"{dash_attr}/>')
    body.append(f'<line x1="{left}" y1="{top_margin + span_y}" x2="{WIDTH - right}" '
                f'y2="{top_margin + span_y}" stroke="#333"/>')
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def data_table(table: Table, *, caption: str = "", table_id: str = "") -> SafeString:
    """The numbers of a chart: a caption, column headers, one row per row, the Total row."""
    ident = f' id="{escape(table_id)}"' if table_id else ""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    rows = []
    for i, (label, values) in enumerate(table.rows):
        cells = "".join(_td(v) for v in values)
        extra = _td(table.row_totals[i]) if table.row_totals else ""
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{cells}{extra}</tr>')
    total_head = '<th scope="col">Total</th>' if table.row_totals else ""
    foot = ""
    if table.has_total and table.rows:
        totals = column_totals(table)
        foot = ('<tfoot><tr><th scope="row">Total</th>'
                + "".join(_td(v) for v in totals) + "</tr></tfoot>")
    html = (f'<table class="figures"{ident}><caption>{escape(caption or table.title)}</caption>'
            f'<thead><tr><th scope="col">{escape(table.dimension)}</th>{head}{total_head}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody>{foot}</table>')
    return mark_safe(html)  # noqa: S308 - every text is escaped


def _td(v) -> str:
    hidden = isinstance(v, Cell) and v.value is None and v.hidden
    css = ' class="hidden-count"' if hidden else ""
    return f'<td{css}>{escape(_shown(v))}</td>'


def chart(table: Table) -> SafeString:
    """The table's chart (``Table.chart``), or an empty string."""
    if table.chart == "line":
        return line_chart(table)
    if table.chart == "bar":
        return bar_chart(table)
    return mark_safe("")


def figure(table: Table) -> SafeString:
    """The chart and its table in one ``<figure>``; the table is the chart's long description
    and stays readable where the chart is not (a screen reader, a text browser)."""
    table_id = f"numbers-{table.key}-{next(_ids)}"
    drawn = chart(table)
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    described = (f'<div class="chart-wrap" aria-describedby="{table_id}">{drawn}</div>'
                 if drawn else "")
    return mark_safe(  # noqa: S308 - every part is escaped above
        f'<figure class="insight-figure"><figcaption>{escape(table.title)}</figcaption>'
        f'{described}{data_table(table, table_id=table_id)}{note}</figure>')


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
