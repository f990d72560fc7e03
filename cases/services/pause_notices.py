"""Who was told of a pause, party by party (002 §44: "the Secretary or their Nominee will
inform the Student(s) involved of any delay ... as soon as possible"; 004: all students
involved are kept updated).

Each party gets a :class:`~cases.models.PauseNotice`: the student the case is about, and each
reporting party. A date for "the reporting parties" is a shortcut that records the same day
for every reporting party not given a day of their own. The pause keeps the summary the queue
and the letters read: ``student_told_on``, and ``reporting_parties_told_on`` (the day the last
of them was told, empty until every one has been).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from core.errors import field_errors

from ..models import CasePause, Party, PauseNotice


def reporting_parties(pause: CasePause) -> list[Party]:
    return list(Party.objects.for_institution(pause.institution_id).filter(
        case_id=pause.case_id, kind=Party.Kind.REPORTING_PARTY).order_by("pk"))


def check_told_days(*, pause_start: dt.date, today: dt.date,
                    days: Mapping[str, dt.date | None]) -> None:
    """Each day given has come and is not before the pause started; errors by field."""
    problems = {}
    for name, value in days.items():
        if value is not None and value > today:
            problems[name] = "Give a day that has come: today or earlier."
        elif value is not None and value < pause_start:
            problems[name] = "They cannot have been told of the pause before it started."
    if problems:
        raise field_errors(**problems)


def pause_notices_record(*, pause: CasePause, actor, student_told_on: dt.date | None,
                         reporting_parties_told_on: dt.date | None,
                         party_told_on: Mapping[int, dt.date] | None = None,
                         parties: list[Party] | None = None) -> dict[str, object]:
    """Write one notice per party told (a day already recorded is replaced by a new one) and
    bring the pause's summary up to date. Called by the services that hold the case's lock.
    Returns what the audit event records: party ids and days, no names."""
    parties = reporting_parties(pause) if parties is None else parties
    by_id = {p.pk: p for p in parties}
    party_told_on = dict(party_told_on or {})
    given: dict[int | None, dt.date] = dict(party_told_on.items())
    unknown = [pk for pk in party_told_on if pk not in by_id]
    if unknown:
        raise field_errors(parties="Each party must be a reporting party of this case.")
    days: dict[int | None, dt.date] = {}
    if student_told_on is not None:
        days[None] = student_told_on
    if reporting_parties_told_on is not None:
        for pk in by_id:
            days.setdefault(pk, reporting_parties_told_on)
    days.update(given)
    existing = {n.party_id: n for n in PauseNotice.objects.for_institution(
        pause.institution_id).filter(pause=pause)}
    for party_id, day in days.items():
        notice = existing.get(party_id)
        if notice is None:
            existing[party_id] = PauseNotice.objects.create(
                institution_id=pause.institution_id, pause=pause, party_id=party_id,
                told_on=day, recorded_by=actor)
        elif notice.told_on != day:
            notice.told_on, notice.recorded_by = day, actor
            notice.save(update_fields=["told_on", "recorded_by"])
    student = existing.get(None)
    pause.student_told_on = student.told_on if student else None
    told = [existing[pk].told_on for pk in by_id if pk in existing]
    pause.reporting_parties_told_on = (max(told) if by_id and len(told) == len(by_id)
                                       else None)
    return {"student_told_on": days.get(None),
            "parties_told_on": {str(pk): day for pk, day in days.items() if pk is not None}}
