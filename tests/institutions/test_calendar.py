"""Working days (DOMAIN.md, "Working days"): institutions.calendar against the real database
(closure days are rows; bank holidays come from the institution's region)."""

import pytest

from institutions.calendar import (
    MAX_WORKING_DAYS,
    OutOfRange,
    Result,
    SkippedDay,
    WorkingCalendar,
    add_months,
)
from institutions.procedure import Unit

from ..factories import ClosureDayFactory
from .conftest import day

pytestmark = pytest.mark.django_db


def skipped(result: Result) -> list[tuple[str, str]]:
    return [(s.date.isoformat(), s.reason) for s in result.skipped]


# -- the worked example and England and Wales --------------------------------------------------
def test_domain_worked_example_ten_working_days_from_18_december_2026_is_6_january_2027(
    kingsway,
):
    result = WorkingCalendar(kingsway).add_working_days(day("2026-12-18"), 10)

    assert result.date == day("2027-01-06")
    assert skipped(result) == [
        ("2026-12-25", "Bank holiday: Christmas Day"),
        ("2026-12-28", "Bank holiday: Boxing Day (observed)"),
        ("2027-01-01", "Bank holiday: New Year's Day"),
    ]


def test_skipped_lists_weekday_holidays_only_not_weekends(kingsway):
    # Boxing Day 2026 is a Saturday: it is a weekend day, not a skipped holiday.
    result = WorkingCalendar(kingsway).add_working_days(day("2026-12-24"), 2)

    assert result.date == day("2026-12-30")
    assert [s.date for s in result.skipped] == [day("2026-12-25"), day("2026-12-28")]
    assert SkippedDay(day("2026-12-25"), "Bank holiday: Christmas Day").as_dict() == {
        "date": "2026-12-25", "reason": "Bank holiday: Christmas Day"}


def test_easter_2027_good_friday_26_march_and_easter_monday_29_march_are_skipped(kingsway):
    result = WorkingCalendar(kingsway).add_working_days(day("2027-03-25"), 1)

    assert result.date == day("2027-03-30")
    assert skipped(result) == [
        ("2027-03-26", "Bank holiday: Good Friday"),
        ("2027-03-29", "Bank holiday: Easter Monday"),
    ]


def test_substitute_bank_holidays_27_and_28_december_2027_when_christmas_is_a_weekend(
    kingsway,
):
    calendar = WorkingCalendar(kingsway)
    result = calendar.add_working_days(day("2027-12-24"), 1)

    assert result.date == day("2027-12-29")
    assert skipped(result) == [
        ("2027-12-27", "Bank holiday: Christmas Day (observed)"),
        ("2027-12-28", "Bank holiday: Boxing Day (observed)"),
    ]
    assert calendar.non_working_reason(day("2027-12-25")) == "Weekend"


# -- closure days ------------------------------------------------------------------------------
def test_closure_day_is_skipped_and_named_closure(kingsway):
    ClosureDayFactory(institution=kingsway, date=day("2026-12-29"), reason="Christmas closure")

    result = WorkingCalendar(kingsway).add_working_days(day("2026-12-24"), 2)

    # 25 and 28 are bank holidays, 29 is closed: the 30th and 31st are the two working days.
    assert result.date == day("2026-12-31")
    assert skipped(result) == [
        ("2026-12-25", "Bank holiday: Christmas Day"),
        ("2026-12-28", "Bank holiday: Boxing Day (observed)"),
        ("2026-12-29", "Closure: Christmas closure"),
    ]
    assert WorkingCalendar(kingsway).is_working_day(day("2026-12-29")) is False


def test_closure_day_of_another_institution_is_a_working_day_here(kingsway, midshire):
    ClosureDayFactory(institution=midshire, date=day("2026-12-29"), reason="Midshire closure")

    assert WorkingCalendar(kingsway).is_working_day(day("2026-12-29"))
    assert WorkingCalendar(midshire).non_working_reason(day("2026-12-29")) == (
        "Closure: Midshire closure"
    )


def test_closures_are_read_once_per_calendar(kingsway, django_assert_num_queries):
    ClosureDayFactory(institution=kingsway, date=day("2027-01-04"))
    calendar = WorkingCalendar(kingsway)

    with django_assert_num_queries(1):
        calendar.add_working_days(day("2026-12-18"), 40)
        calendar.working_days_between(day("2026-12-18"), day("2027-03-01"))


# -- Scotland ----------------------------------------------------------------------------------
def test_scotland_2_january_is_a_bank_holiday(edinburgh, kingsway):
    result = WorkingCalendar(edinburgh).add_working_days(day("2025-12-31"), 1)

    assert result.date == day("2026-01-05")
    assert skipped(result) == [
        ("2026-01-01", "Bank holiday: New Year's Day"),
        ("2026-01-02", "Bank holiday: New Year Holiday"),
    ]
    # Not in England and Wales.
    assert WorkingCalendar(kingsway).add_working_days(day("2025-12-31"), 1).date == day(
        "2026-01-02"
    )


def test_scotland_st_andrews_day_30_november_2026(edinburgh, kingsway):
    result = WorkingCalendar(edinburgh).add_working_days(day("2026-11-27"), 1)

    assert result.date == day("2026-12-01")
    assert skipped(result) == [("2026-11-30", "Bank holiday: Saint Andrew's Day")]
    assert WorkingCalendar(kingsway).is_working_day(day("2026-11-30"))


def test_scotland_summer_holiday_is_first_monday_of_august_not_the_last(edinburgh, kingsway):
    scottish, english = WorkingCalendar(edinburgh), WorkingCalendar(kingsway)

    assert scottish.non_working_reason(day("2026-08-03")) == "Bank holiday: Summer Bank Holiday"
    assert scottish.is_working_day(day("2026-08-31"))
    assert english.is_working_day(day("2026-08-03"))
    assert english.non_working_reason(day("2026-08-31")) == (
        "Bank holiday: Late Summer Bank Holiday"
    )


def test_scotland_has_no_easter_monday(edinburgh):
    result = WorkingCalendar(edinburgh).add_working_days(day("2027-03-25"), 1)

    assert result.date == day("2027-03-29")
    assert skipped(result) == [("2027-03-26", "Bank holiday: Good Friday")]


# -- Northern Ireland --------------------------------------------------------------------------
def test_northern_ireland_st_patricks_day_17_march(belfast, kingsway):
    result = WorkingCalendar(belfast).add_working_days(day("2026-03-16"), 1)

    assert result.date == day("2026-03-18")
    assert skipped(result) == [("2026-03-17", "Bank holiday: Saint Patrick's Day")]
    assert WorkingCalendar(kingsway).is_working_day(day("2026-03-17"))


def test_northern_ireland_12_july_battle_of_the_boyne(belfast, kingsway):
    result = WorkingCalendar(belfast).add_working_days(day("2027-07-09"), 1)

    assert result.date == day("2027-07-13")
    assert skipped(result) == [("2027-07-12", "Bank holiday: Battle of the Boyne")]
    assert WorkingCalendar(kingsway).is_working_day(day("2027-07-12"))
    # 12 July 2026 is a Sunday: the Monday after is the holiday.
    assert WorkingCalendar(belfast).non_working_reason(day("2026-07-13")) == (
        "Bank holiday: Battle of the Boyne (observed)"
    )


# -- counting rules ----------------------------------------------------------------------------
def test_negative_n_counts_back_five_working_days_before_a_hearing(kingsway):
    result = WorkingCalendar(kingsway).add_working_days(day("2027-01-06"), -5)

    assert result.date == day("2026-12-29")
    assert skipped(result) == [("2027-01-01", "Bank holiday: New Year's Day")]


def test_start_date_never_counts_itself(kingsway):
    calendar = WorkingCalendar(kingsway)

    # From a working day, one working day is the next one.
    assert calendar.add_working_days(day("2026-12-17"), 1).date == day("2026-12-18")
    # From a Friday, the Monday.
    assert calendar.add_working_days(day("2026-12-18"), 1).date == day("2026-12-21")
    # From a Saturday or a bank holiday, the next working day is the first.
    assert calendar.add_working_days(day("2026-12-19"), 1).date == day("2026-12-21")
    assert calendar.add_working_days(day("2026-12-25"), 1).date == day("2026-12-29")


def test_zero_working_days_is_the_start_date(kingsway):
    result = WorkingCalendar(kingsway).add_working_days(day("2026-12-18"), 0)

    assert result == Result(day("2026-12-18"), ())


def test_more_than_max_working_days_is_refused(kingsway):
    calendar = WorkingCalendar(kingsway)

    with pytest.raises(ValueError, match=f"At most {MAX_WORKING_DAYS}"):
        calendar.add_working_days(day("2026-12-18"), MAX_WORKING_DAYS + 1)
    with pytest.raises(ValueError, match=f"At most {MAX_WORKING_DAYS}"):
        calendar.add_working_days(day("2026-12-18"), -MAX_WORKING_DAYS - 1)


def test_dates_outside_the_years_with_known_bank_holidays_are_refused(kingsway):
    # The holidays package has no GB bank holidays after 2100: counting there would silently
    # skip none. The last date of the date type must not overflow either.
    calendar = WorkingCalendar(kingsway)

    with pytest.raises(OutOfRange, match="Bank holidays are known only from"):
        calendar.add_working_days(day("2150-12-24"), 1)
    with pytest.raises(OutOfRange):
        calendar.add_working_days(day("9999-12-31"), 1)
    with pytest.raises(OutOfRange):
        calendar.add_working_days(day("2100-12-31"), 1)
    with pytest.raises(OutOfRange):
        calendar.working_days_between(day("2100-12-01"), day("2101-01-05"))


def test_working_days_between_counts_after_start_up_to_and_including_end(kingsway):
    calendar = WorkingCalendar(kingsway)

    assert calendar.working_days_between(day("2026-12-18"), day("2027-01-06")) == 10
    assert calendar.working_days_between(day("2026-12-18"), day("2026-12-21")) == 1
    assert calendar.working_days_between(day("2026-12-24"), day("2026-12-28")) == 0


def test_working_days_between_is_zero_when_end_is_not_after_start(kingsway):
    calendar = WorkingCalendar(kingsway)

    assert calendar.working_days_between(day("2027-01-06"), day("2027-01-06")) == 0
    assert calendar.working_days_between(day("2027-01-06"), day("2026-12-18")) == 0


# -- calendar-day and month limits --------------------------------------------------------------
def test_calendar_day_limits_ignore_weekends_and_holidays(kingsway):
    calendar = WorkingCalendar(kingsway)

    assert calendar.due_date(day("2026-12-18"), 10, Unit.CALENDAR_DAYS) == day("2026-12-28")
    assert calendar.due_date(day("2026-11-01"), 60, Unit.CALENDAR_DAYS) == day("2026-12-31")


def test_month_limits_same_day_n_months_later(kingsway):
    calendar = WorkingCalendar(kingsway)

    assert calendar.due_date(day("2026-12-18"), 12, Unit.MONTHS) == day("2027-12-18")
    assert calendar.due_date(day("2026-12-18"), 10, Unit.WORKING_DAYS) == day("2027-01-06")


def test_add_months_clamps_31_january_plus_one_month_to_end_of_february():
    assert add_months(day("2027-01-31"), 1) == day("2027-02-28")
    assert add_months(day("2028-01-31"), 1) == day("2028-02-29")
    assert add_months(day("2026-08-31"), 1) == day("2026-09-30")
    assert add_months(day("2026-11-30"), 2) == day("2027-01-30")
    assert add_months(day("2027-03-31"), -1) == day("2027-02-28")
    assert add_months(day("2027-01-15"), -1) == day("2026-12-15")


def test_limit_of_zero_in_any_unit_is_the_start_date(kingsway):
    calendar = WorkingCalendar(kingsway)

    for unit in Unit:
        assert calendar.due_date(day("2026-12-18"), 0, unit) == day("2026-12-18")


def test_unknown_unit_is_refused(kingsway):
    with pytest.raises(ValueError, match="Unknown unit"):
        WorkingCalendar(kingsway).due_date(day("2026-12-18"), 3, "fortnights")
