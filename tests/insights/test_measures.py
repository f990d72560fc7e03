"""The measures of the insight reports (issue 12 item 2): what each counts, for the period and
its comparison, one GROUP BY query each, and a number of queries that does not grow with the
reports."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from cases.models import Student
from insights.measures import (
    Window,
    casework,
    outcomes,
    period_for_term,
    report_figures,
    reports,
    safecontacts,
    year_period,
)
from insights.suppression import suppress
from institutions.calendar import WorkingCalendar
from institutions.models import Institution
from reporting.models import Report
from reporting.services.followup import first_contact_made

from ..factories import staff
from .conftest import many_reports, submit, term


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
                               tick=False)


def autumn(kingsway):
    return report_figures(institution=kingsway,
                          period=period_for_term(term(kingsway, "Autumn term 2026")),
                          kind="termly", today=dt.date(2027, 1, 20))


def rows(data, key):
    return dict(next(t for t in data.tables if t.key == key).rows)


def test_a_terms_period_runs_to_the_day_before_the_next_term(kingsway):
    period = period_for_term(term(kingsway, "Autumn term 2026"))
    assert (period.start, period.end) == (dt.date(2026, 9, 28), dt.date(2027, 1, 17))
    last = period_for_term(term(kingsway, "Spring term 2027"))
    assert last.end == dt.date(2027, 6, 11)  # no next term: the term's own last day


def test_an_academic_year_runs_from_its_first_term_to_the_day_before_the_next_years(kingsway):
    year = year_period(kingsway, 2026)
    assert (year.label, year.start, year.end) == ("2026/27", dt.date(2026, 9, 28),
                                                  dt.date(2027, 7, 31))
    before = year_period(kingsway, 2025)
    assert (before.start, before.end) == (dt.date(2026, 4, 27), dt.date(2026, 9, 27))
    assert year_period(kingsway, 2030).start == dt.date(2030, 8, 1)  # no terms: Aug to July


def test_reports_are_counted_by_kind_identity_reporter_category_location_and_month(kingsway):
    submit(kingsway, dt.date(2026, 10, 1))
    submit(kingsway, dt.date(2026, 10, 2), anonymous=False, reporter_role="staff",
           location="online", wants=["formal_report"])
    submit(kingsway, dt.date(2026, 11, 3), reporter_role="visitor", location="nightlife",
           categories=["harassment", "sexual_harassment"])
    submit(kingsway, dt.date(2026, 12, 20))  # the Christmas vacation: the autumn term's
    submit(kingsway, dt.date(2027, 1, 18))  # the winter term's first day: not counted
    submit(kingsway, dt.date(2026, 5, 5), location="online")  # the previous term
    data = autumn(kingsway)
    assert rows(data, "reports_by_kind") == {"Disclosures": [3, 1], "Formal reports": [1, 0]}
    assert rows(data, "reports_by_identity") == {"Anonymous": [3, 1], "Named": [1, 0]}
    assert rows(data, "reports_by_reporter") == {
        "Students": [2, 1], "Staff": [1, 0], "Visitors and others": [1, 0],
        "Preferred not to say": [0, 0]}
    location = rows(data, "reports_by_location")
    assert location["Hall of residence or student accommodation"] == [2, 0]
    assert location["Online or on social media"] == [1, 1]
    categories = rows(data, "reports_by_category")
    assert sum(v[0] for v in categories.values()) == 5  # one report named two
    months = rows(data, "reports_by_month")
    assert months["Month 1 (Sep 2026 / Apr 2026)"] == [0, 0]
    assert months["Month 2 (Oct 2026 / May 2026)"] == [2, 1]
    assert months["Month 4 (Dec 2026 / Jul 2026)"] == [1, 0]
    ranked = next(t for t in data.tables if t.key == "high_risk_areas")
    assert ranked.rows[0] == ("Hall of residence or student accommodation", [2, 0])


def test_first_contact_is_counted_against_its_target_with_the_median_working_days(kingsway):
    caseworker = staff(kingsway, Role.SUPPORT_CASEWORKER)
    monday = dt.date(2026, 10, 5)  # the target: 2 working days, Wednesday 7 October
    on_time, late, never = (submit(kingsway, monday, anonymous=False) for _ in range(3))
    waiting = submit(kingsway, dt.date(2027, 1, 15), anonymous=False)
    submit(kingsway, monday)  # anonymous: the first reply on its follow-up page, never made
    with at(dt.date(2026, 10, 6)):
        first_contact_made(Report.objects.for_institution(kingsway).get(pk=on_time.pk),
                           caseworker)
    with at(dt.date(2026, 10, 9)):
        first_contact_made(Report.objects.for_institution(kingsway).get(pk=late.pk),
                           caseworker)
    data = report_figures(institution=kingsway,
                          period=period_for_term(term(kingsway, "Autumn term 2026")),
                          kind="termly", today=dt.date(2027, 1, 18))
    assert rows(data, "first_contact") == {"Within the target": [1, 0],
                                           "After the target": [1, 0]}
    assert rows(data, "first_contact_pending") == {"Target passed": [2, 0],
                                                   "Still within the target": [1, 0]}
    assert rows(data, "first_contact_median") == {"Median working days": [3, None]}  # 1, 4
    assert never.first_contact_on is None
    assert waiting.first_contact_on is None
    table = next(t for t in data.tables if t.key == "first_contact")
    assert "2 working days" in table.note


def test_a_median_of_two_reports_is_not_published(kingsway):
    caseworker = staff(kingsway, Role.SUPPORT_CASEWORKER)
    report = submit(kingsway, dt.date(2026, 10, 5), anonymous=False)
    with at(dt.date(2026, 10, 6)):
        first_contact_made(report, caseworker)
    published = suppress(autumn(kingsway), threshold=5)
    median = next(t for t in published.tables if t.key == "first_contact_median")
    assert median.rows[0][1][0].value is None


# -- one query each ------------------------------------------------------------------------------
def measures(inst: Institution, window: Window):
    calendar = WorkingCalendar(inst, closures=[])
    today = dt.date(2027, 1, 20)
    return {
        "reports_by_kind": lambda: reports.reports_by_kind(inst, window),
        "reports_by_identity": lambda: reports.reports_by_identity(inst, window),
        "reports_by_reporter": lambda: reports.reports_by_reporter(inst, window),
        "reports_by_category": lambda: reports.reports_by_category(inst, window),
        "reports_by_location": lambda: reports.reports_by_location(inst, window),
        "reports_by_month": lambda: reports.reports_by_month(inst, window),
        "first_contact": lambda: casework.first_contact(inst, window, calendar=calendar,
                                                        today=today),
        "support_actions": lambda: casework.support_actions(inst, window),
        "escalations": lambda: casework.escalations(inst, window),
        "risk_assessment_requests": lambda: casework.risk_assessment_requests(inst, window),
        "precautionary_measures": lambda: casework.precautionary_measures(inst, window),
        "safe_contact_contacts": lambda: safecontacts.safe_contact_contacts(inst, window),
        "safe_contact_people": lambda: safecontacts.safe_contact_people(inst, window),
        "safe_contact_referrals": lambda: safecontacts.safe_contact_referrals(inst, window),
        "case_outcomes": lambda: outcomes.case_outcomes(inst, window),
        "penalties": lambda: outcomes.penalties(inst, window),
        "appeals": lambda: outcomes.appeals(inst, window),
        "completion_time": lambda: outcomes.completion_time(inst, window),
    }


#: The measures that also count what deleted records left (retention's tombstones, issue 14
#: item 5): one more GROUP BY, over the tombstones' facts.
WITH_TOMBSTONES = {"reports_by_kind", "reports_by_identity", "reports_by_reporter",
                   "reports_by_category", "reports_by_location", "reports_by_month",
                   "support_actions", "escalations", "case_outcomes", "penalties", "appeals",
                   "completion_time"}


def test_each_measure_is_one_query(kingsway):
    ContentType.objects.get_for_model(Report)  # the content type is cached once per process
    submit(kingsway, dt.date(2026, 10, 5), anonymous=False)
    many_reports(kingsway, 30, dt.date(2026, 10, 6), location="online")
    autumn_period = period_for_term(term(kingsway, "Autumn term 2026"))
    spring = period_for_term(term(kingsway, "Spring term 2026"))
    for name, measure in measures(kingsway, Window((autumn_period, spring))).items():
        with CaptureQueriesContext(connection) as ctx:
            measure()
        assert len(ctx.captured_queries) == (2 if name in WITH_TOMBSTONES else 1), name


def _report_queries(inst) -> int:
    with CaptureQueriesContext(connection) as ctx:
        report_figures(institution=inst, period=year_period(inst, 2026), kind="annual",
                       today=dt.date(2027, 9, 1))
    return len(ctx.captured_queries)


def test_the_reports_queries_do_not_grow_with_the_reports(kingsway):
    ContentType.objects.get_for_model(Report)
    submit(kingsway, dt.date(2026, 10, 5), anonymous=False)
    few = _report_queries(kingsway)
    many_reports(kingsway, 400, dt.date(2026, 11, 5), location="nightlife")
    many_reports(kingsway, 400, dt.date(2026, 2, 5), location="department")
    for day in (dt.date(2026, 10, 6), dt.date(2027, 2, 1)):
        submit(kingsway, day, anonymous=False)
    assert _report_queries(kingsway) == few
    assert few <= len(measures(kingsway, Window(()))) + len(WITH_TOMBSTONES) + 4


@pytest.mark.django_db
def test_the_demos_figures_name_nobody_and_publish_no_small_count():
    """Both demo institutions, termly and annual: every label comes from a catalogue or the
    code (never a name, never free text), and no published count is from 1 to 4."""
    with at(dt.date(2027, 3, 1)):
        call_command("seed_demo", verbosity=0)
    names = {s.family_name for s in Student.objects.across_institutions(reason="test")}
    for slug in ("kingsway", "midshire"):
        inst = Institution.objects.get(slug=slug)
        first = term(inst, [n for n in ("Autumn term 2026", "Semester 1 2026/27")
                            if inst.slug == "kingsway" or n.startswith("Semester")][0])
        for data in (report_figures(institution=inst, period=period_for_term(first),
                                    kind="termly", today=dt.date(2027, 3, 1)),
                     report_figures(institution=inst, period=year_period(inst, 2026),
                                    kind="annual", today=dt.date(2027, 3, 1))):
            published = suppress(data, threshold=5)
            for table in published.tables:
                for label, values in table.rows:
                    assert not any(name in label for name in names), label
                    assert "@" not in label
                    for cell in values:
                        assert cell.value is None or not 1 <= cell.value < 5 \
                            or table.basis, (table.key, label)
