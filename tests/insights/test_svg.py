"""Server-rendered charts (insights/svg.py): readable without JavaScript, named and described
for assistive technology, their numbers in a table, hidden counts drawn as nothing, and every
label escaped."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

from django.utils.safestring import SafeString

from insights import svg
from insights.figures import Cell, Period, ReportData, Table
from insights.suppression import suppress

NS = "{http://www.w3.org/2000/svg}"


def categories(**options) -> Table:
    return Table(key="by_location", title="Where it happened", dimension="Location",
                 columns=["Autumn term 2026", "Spring term 2026"],
                 rows=[("Halls", [40, 35]), ("Nightlife venues", [22, 30]),
                       ("Online", [3, 12])], **options)


def months() -> Table:
    return Table(key="by_month", title="By month", dimension="Month",
                 columns=["Autumn term 2026", "Spring term 2026"], chart="line",
                 rows=[(f"Month {i + 1} (x)", [i * 3, 10 - i]) for i in range(5)])


def parsed(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(markup)  # noqa: S314 - our own markup


def test_a_bar_chart_is_an_image_with_a_title_and_a_description_of_every_number():
    markup = svg.bar_chart(categories())
    assert isinstance(markup, SafeString)
    root = parsed(markup)
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text == "Where it happened"
    desc = root.find(f"{NS}desc").text
    assert "Halls: Autumn term 2026 40, Spring term 2026 35" in desc
    assert len(root.findall(f"{NS}rect")) >= 6  # a bar per count (and the legend's keys)
    assert root.get("aria-labelledby").split() == [root.find(f"{NS}title").get("id"),
                                                   root.find(f"{NS}desc").get("id")]


def test_a_line_chart_draws_one_line_per_period():
    root = parsed(svg.line_chart(months()))
    assert root.get("role") == "img"
    assert len(root.findall(f"{NS}polyline")) == 2
    assert len(root.findall(f"{NS}circle")) == 10


def test_a_hidden_count_draws_no_bar_and_says_how_it_is_published():
    period = Period(kind="term", label="Autumn term 2026", start=dt.date(2026, 9, 28),
                    end=dt.date(2027, 1, 17))
    published = suppress(ReportData(institution_slug="k", period=period, kind="termly",
                                    tables=[categories()]), threshold=5).tables[0]
    markup = svg.bar_chart(published)
    assert "fewer than 5" in markup
    bars = [r for r in parsed(markup).findall(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert not any("Online, Autumn" in r.find(f"{NS}title").text for r in bars)


def test_a_hidden_count_breaks_the_line():
    table = months()
    table.rows[2] = (table.rows[2][0], [Cell(None, "small", "fewer than 5"), Cell(8, "", "8")])
    table.rows = [(label, [v if isinstance(v, Cell) else Cell(v, "", str(v)) for v in values])
                  for label, values in table.rows]
    root = parsed(svg.line_chart(table))
    assert len(root.findall(f"{NS}polyline")) == 3  # the first period's line in two pieces


def test_the_figure_holds_the_chart_and_its_numbers_in_an_accessible_table():
    markup = svg.figure(categories(note="Where the reporter said it happened."))
    assert "<figure" in markup
    assert "<figcaption>Where it happened</figcaption>" in markup
    assert '<th scope="col">Autumn term 2026</th>' in markup
    assert '<th scope="row">Halls</th><td>40</td><td>35</td>' in markup
    assert '<tfoot><tr><th scope="row">Total</th><td>65</td><td>77</td>' in markup
    table_id = markup.split('<table class="figures" id="')[1].split('"')[0]
    assert f'aria-describedby="{table_id}"' in markup


def test_every_label_is_escaped():
    table = categories()
    table.rows[0] = ("<script>alert(1)</script> & halls", [1, 2])
    table.title = 'Title "quoted" <b>'
    for markup in (svg.bar_chart(table), svg.line_chart(table), svg.figure(table)):
        assert "<script>" not in markup
        assert "<b>" not in markup
    parsed(svg.bar_chart(table))  # still well-formed XML


def test_a_table_with_no_chart_is_shown_as_its_table_alone():
    table = categories(chart="")
    markup = svg.figure(table)
    assert "<svg" not in markup
    assert "<table" in markup
