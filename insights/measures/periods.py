"""What a report covers: a term or an academic year of the institution's calendar.

Decisions (so that every day is counted once, in one term and one year):

* **A term's report** covers the term from its first day to the day before the institution's
  next term starts: the vacation after a term is counted with it (a report made in the
  Christmas vacation is in the autumn term's report). The last term the calendar knows ends on
  its own last day. It is compared with the term before it, counted the same way.
* **An academic year** ``start_year/start_year+1`` holds the terms that start from 1 August
  ``start_year`` to 31 July ``start_year + 1``. It runs from the first of them to the day
  before the next academic year's first term (or, while the calendar has no next year, to the
  last term's end or 31 July, whichever is later). A year without terms runs from 1 August to
  31 July. It is compared with the year before.
* Reports are placed by the day they were made (``submitted_on``), other events by their own
  day (a support action by when it was done, a measure by when it starts, an outcome by when
  it was decided).
"""

from __future__ import annotations

import datetime as dt

from institutions.models import AcademicTerm, Institution

from ..figures import Period


def _terms(institution) -> list[AcademicTerm]:
    return list(AcademicTerm.objects.for_institution(institution).order_by("start", "pk"))


def _term_period(term: AcademicTerm, following: AcademicTerm | None) -> Period:
    end = term.end
    if following is not None and following.start > term.end:
        end = following.start - dt.timedelta(days=1)
    return Period(kind="term", label=term.name, start=term.start, end=end)


def period_for_term(term: AcademicTerm) -> Period:
    """The period of one of the institution's terms (to the day before the next term)."""
    following = (AcademicTerm.objects.for_institution(term.institution_id)
                 .filter(start__gt=term.start).order_by("start", "pk").first())
    return _term_period(term, following)


def previous_term_period(period: Period, *, institution) -> Period | None:
    """The term before ``period`` (a term's period), or None if the calendar has none."""
    before = (AcademicTerm.objects.for_institution(institution)
              .filter(start__lt=period.start).order_by("-start", "-pk").first())
    return period_for_term(before) if before is not None else None


def term_on(institution, day: dt.date) -> AcademicTerm | None:
    """The term whose period (vacation after it included) holds ``day``."""
    terms = _terms(institution)
    for term, following in zip(terms, [*terms[1:], None], strict=True):
        period = _term_period(term, following)
        if period.start <= day <= period.end:
            return term
    return None


def _year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 8, 1), dt.date(start_year + 1, 7, 31)


def year_label(start_year: int) -> str:
    return f"{start_year}/{str(start_year + 1)[-2:]}"


def year_period(institution: Institution | int, start_year: int) -> Period:
    """The academic year that starts in ``start_year`` (see the module's docstring)."""
    first, last = _year_bounds(start_year)
    terms = _terms(institution)
    own = [t for t in terms if first <= t.start <= last]
    later = [t for t in terms if t.start > last]
    if not own:
        return Period(kind="year", label=year_label(start_year), start=first, end=last)
    end = (later[0].start - dt.timedelta(days=1) if later
           else max(max(t.end for t in own), last))
    return Period(kind="year", label=year_label(start_year), start=own[0].start, end=end)


def year_start_of(day: dt.date) -> int:
    """The start year of the academic year (1 August to 31 July) that holds ``day``."""
    return day.year if day.month >= 8 else day.year - 1


def comparison_for(period: Period, *, institution, kind: str) -> Period | None:
    """What ``period`` is compared with: the previous term for a termly report, the previous
    academic year for an annual one."""
    if kind == "annual" or period.kind == "year":
        return year_period(institution, year_start_of(period.start) - 1)
    return previous_term_period(period, institution=institution)
