import datetime as dt

from insights.figures import from_json, to_json
from insights.measures import period_for_term, report_figures, year_period
from insights.suppression import suppress

from .conftest import submit, term


def test_report_figures_counts_the_term_and_the_previous_one(kingsway):
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 2), dt.date(2026, 12, 20)):
        submit(kingsway, day)
    submit(kingsway, dt.date(2026, 5, 5), location="online", anonymous=False)
    period = period_for_term(term(kingsway, "Autumn term 2026"))
    assert period.end == dt.date(2027, 1, 17)
    data = report_figures(institution=kingsway, period=period, kind="termly",
                          today=dt.date(2027, 1, 20))
    tables = {t.key: t for t in data.tables}
    assert tables["reports_by_kind"].columns == ["Autumn term 2026", "Spring term 2026"]
    assert dict(tables["reports_by_identity"].rows) == {"Anonymous": [3, 0], "Named": [0, 1]}
    published = suppress(data, threshold=5)
    assert from_json(to_json(published)) == published
    year = year_period(kingsway, 2026)
    annual = report_figures(institution=kingsway, period=year, kind="annual",
                            today=dt.date(2027, 9, 1))
    assert {t.key for t in annual.tables} >= {"case_outcomes", "appeals", "completion_time"}
