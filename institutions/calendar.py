"""Working days for one institution (DOMAIN.md, "Working days").

A working day is a weekday that is neither a bank holiday of the institution's region (the
``holidays`` package, which knows substitute days and one-off holidays) nor one of the
institution's closure days. "Within N working days of X" ends at the end of the Nth working day
after X, so X itself never counts. Calendar-day and month limits are separate and ignore
holidays.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from functools import cached_property, lru_cache

import holidays

from .procedure import Unit

#: Far enough for any limit in the procedures (the OIA's 12 months, long pauses) and no more,
#: so a mistyped N cannot loop for ever.
MAX_WORKING_DAYS = 2000


@dataclass(frozen=True)
class SkippedDay:
    date: dt.date
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "reason": self.reason}


@dataclass(frozen=True)
class Result:
    date: dt.date
    skipped: tuple[SkippedDay, ...]


class OutOfRange(ValueError):
    """A date outside the years whose bank holidays are known."""


@lru_cache(maxsize=8)
def bank_holidays(region: str) -> holidays.HolidayBase:
    """The region's bank holidays, built once per process (each year is worked out when first
    asked for, then kept): building them is most of the cost of a due date."""
    return holidays.country_holidays("GB", subdiv=region)


class WorkingCalendar:
    """Working-day arithmetic for one institution. Cheap to build; loads closures lazily."""

    def __init__(self, institution, *, closures=None) -> None:
        """``closures``: the institution's ClosureDay rows, when the caller has read them
        already (with other rows, in one query)."""
        self.institution = institution
        if closures is not None:
            self.__dict__["_closures"] = {day.date: day.reason for day in closures}

    @cached_property
    def _closures(self) -> dict[dt.date, str]:
        from .models import ClosureDay

        return dict(
            ClosureDay.objects.for_institution(self.institution).values_list("date", "reason")
        )

    @cached_property
    def _bank_holidays(self) -> holidays.HolidayBase:
        return bank_holidays(self.institution.region)

    def check_in_range(self, day: dt.date) -> None:
        """Raise :class:`OutOfRange` for a year whose bank holidays are not known. The
        ``holidays`` package knows GB from 1872 to 2100 and silently has none outside, so a
        deadline counted there would be wrong without anyone noticing."""
        bank_holidays = self._bank_holidays
        if not bank_holidays.start_year <= day.year <= bank_holidays.end_year:
            raise OutOfRange(
                f"Bank holidays are known only from {bank_holidays.start_year} to "
                f"{bank_holidays.end_year}; choose dates within those years."
            )

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day, or None if it is one (OutOfRange outside the
        years whose bank holidays are known)."""
        self.check_in_range(day)
        if day.weekday() >= 5:
            return "Weekend"
        name = self._bank_holidays.get(day)
        if name:
            return f"Bank holiday: {name}"
        closure = self._closures.get(day)
        if closure:
            return f"Closure: {closure}"
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.non_working_reason(day) is None

    def add_working_days(self, start: dt.date, n: int) -> Result:
        """The end of the Nth working day after ``start``; negative N counts backwards
        ("no less than five working days before the hearing" is ``add_working_days(hearing, -5)``).
        Weekday holidays and closures passed over are returned as ``skipped``."""
        if abs(n) > MAX_WORKING_DAYS:
            raise ValueError(f"At most {MAX_WORKING_DAYS} working days.")
        self.check_in_range(start)
        step = dt.timedelta(days=1 if n >= 0 else -1)
        day, counted, skipped = start, 0, []
        while counted < abs(n):
            day += step
            reason = self.non_working_reason(day)
            if reason is None:
                counted += 1
            elif day.weekday() < 5:
                skipped.append(SkippedDay(day, reason))
        return Result(day, tuple(skipped))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        if end <= start:
            return 0
        self.check_in_range(start)
        self.check_in_range(end)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def due_date(self, start: dt.date, amount: int, unit: str) -> dt.date:
        """Apply a time limit of any unit to ``start``."""
        if unit == Unit.WORKING_DAYS:
            return self.add_working_days(start, amount).date
        if unit == Unit.CALENDAR_DAYS:
            return start + dt.timedelta(days=amount)
        if unit == Unit.MONTHS:
            return add_months(start, amount)
        raise ValueError(f"Unknown unit {unit!r}")


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day N months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))
