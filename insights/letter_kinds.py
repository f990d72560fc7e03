"""The insight report's PDF, declared to the letters module (found by
``letters.apps.LettersConfig.ready``): the letters module renders it on the institution's
letterhead as a tagged, accessible PDF (PDF/UA-1) that fetches nothing from outside, issued once
when a version is published and never changed. Each institution may edit the report's text
around the figures in its letter templates (Staff, Letter templates); the figures themselves
are the published cells only, frozen in the letter's facts, so no template can show a hidden
count."""

from __future__ import annotations

import datetime as dt

from letters.registry import Kind, Recipient, register
from letters.rendering import human_date

REPORT_LETTER = "insights_report"

SUBJECT = "{{ title }}"

TABLE = """<h2>{{ table.title }}</h2>
{% if table.chart %}<div class="chart" aria-hidden="true">{{ table.chart|safe }}</div>
{% endif %}<table>
<caption>{{ table.title }}{% if table.source != "Own records" %} ({{ table.source }})
{% endif %}</caption>
<thead><tr><th scope="col">{{ table.dimension }}</th>
{% for column in table.columns %}<th scope="col">{{ column }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in table.rows %}<tr><th scope="row">
{% if row.total %}<strong>{{ row.label }}</strong>{% else %}{{ row.label }}{% endif %}</th>
{% for cell in row.cells %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% if table.note %}<p><small>{{ table.note }}</small></p>{% endif %}"""

BODY = """<p><strong>{{ kind }}: {{ period.label }}</strong>
({{ period.start }} to {{ period.end }}). Version {{ version }}, published {{ date }}.</p>
{% if change_note %}<p class="correction"><strong>This is version {{ version }}. It replaces
version {{ replaces.version }}{% if replaces.published %}, published
{{ replaces.published }}{% endif %}. What changed:</strong> {{ change_note }}</p>{% endif %}
<p>{{ institution.name }} publishes an insight report every term, and every year an annual
report with anonymous information on the outcomes of formal cases, so that everyone can see
what is reported and what is done about it.</p>
{% if summary %}<h2>Summary</h2>
{{ summary|linebreaks }}{% endif %}
<p>Nothing in this report identifies anyone. A count from 1 to {{ threshold|add:"-1" }} is
shown as "fewer than {{ threshold }}", and a count from which one could be worked out as
"hidden".</p>
{% for table in tables %}""" + TABLE + """{% endfor %}
{% if external_tables %}<h2>Figures from other sources</h2>
<p>Surveys, audits, exit interviews and the national prevalence survey, as their sources
gave them, suppressed the same way.</p>
{% for table in external_tables %}""" + TABLE + """{% endfor %}{% endif %}
"""

FIELDS = (
    ("title, kind", "The report's title, and 'Termly report' or 'Annual report'"),
    ("period.label, period.start, period.end", "The term or academic year it covers"),
    ("version, date", "Its version and the date it is published"),
    ("change_note, replaces.version, replaces.published",
     "For a correction: what changed, and the version it replaces"),
    ("summary", "The publisher's summary (use with |linebreaks)"),
    ("threshold", "The largest count that is never shown"),
    ("tables, external_tables", "The figures: each has title, dimension, columns, rows "
     "(label, total, cells), note, source and chart (use |safe)"),
    ("institution.name, institution.address", "Your institution"),
)


def report_recipients(report, options) -> list[Recipient]:
    """A report is for anyone who reads the public page: one copy, to nobody in particular."""
    return [Recipient(key="public", name="", role="public")]


def report_context(report, kind: str, recipient: Recipient, options) -> dict:
    from .rendering import report_facts

    return report_facts(report)


def report_samples(institution, kind: str, role: str):
    """Made-up facts for the template editor: a correction with a summary, a hidden cell and
    an external table; then a first version with neither."""
    today = human_date(dt.date(2026, 12, 14))
    table = {"title": "Reports and disclosures by category", "dimension": "Category",
             "columns": ["This term", "Previous term"],
             "rows": [{"label": "Harassment", "total": False, "cells": ["12", "9"]},
                      {"label": "Sexual misconduct", "total": False,
                       "cells": ["fewer than 5", "6"]},
                      {"label": "Bullying", "total": False, "cells": ["[c]", "7"]},
                      {"label": "Total", "total": True, "cells": ["27", "22"]}],
             "note": "Reports and disclosures received in the term.", "source": "Own records",
             "chart": ""}
    survey = {**table, "title": "Students who experienced harassment", "source": "Survey",
              "note": "Source: Survey, Student safety survey 2026."}
    base = {"reference": f"{institution.slug}-insights-autumn-term-2026-v2", "date": today,
            "institution": {"name": institution.display_letter_name,
                            "address": institution.address_block},
            "recipient": {"name": "", "role": "public", "email": "", "address": ""},
            "title": "Insight report: Autumn term 2026", "kind": "Termly report",
            "period": {"label": "Autumn term 2026", "start": "Monday 28 September 2026",
                       "end": "Friday 11 December 2026"},
            "threshold": 5}
    yield {**base, "version": 2, "summary": "Reports rose this term.\n\nMost came from halls.",
           "change_note": "Two late reports are now counted.",
           "replaces": {"version": 1, "published": today},
           "tables": [table], "external_tables": [survey]}
    yield {**base, "version": 1, "summary": "", "change_note": "", "replaces": None,
           "tables": [table], "external_tables": []}


register(Kind(
    key=REPORT_LETTER, label="Insight report (PDF)", subject=SUBJECT, body=BODY,
    recipients=report_recipients, context=report_context, samples=report_samples,
    roles=("public",), app="insights", fields=FIELDS,
    role_labels={"public": "Readers of the Information & Insights page"}))
