"""Will the aim to complete the case be missed (002 §44: 60 days; 004: 90 days)? Read from the
rows the case page and the API have already loaded (the case's deadlines, its delay letters,
its pauses), so the warning costs no query of its own.

The aim is the institution's configuration: ``CaseSettings.delay_aim_rule`` names the time
limit (Kingsway: ``formal_target``, 60 calendar days from the allegation; Midshire:
``investigation_target``, 90 calendar days from the decision to investigate) and
``delay_warning_working_days`` how far ahead the page warns. A delay letter moves the date the
case is measured against to the new expected date it stated; when that date is near in its
turn, another letter is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from institutions.calendar import WorkingCalendar
from institutions.models import Deadline
from institutions.procedure import rule_label

from .models import CaseDelay, CasePause, CaseSettings, Party

#: What the warning says of the case.
ON_TRACK, APPROACHING, PASSED, PAUSED = "on_track", "approaching", "passed", "paused"


@dataclass(frozen=True)
class DelayStatus:
    status: str
    aim_rule: str
    aim_label: str
    #: The aim as the limit states it ("60 calendar days (§44)").
    aim_description: str
    aim_due: dt.date
    #: The date the case is measured against now: the last delay letter's new date, else the
    #: aim's due date.
    expected_by: dt.date
    letter_due: bool
    last_told_on: dt.date | None
    message: str
    #: Who has not been told of the current pause ("the student", each reporting party).
    pause_not_told: list[str] = field(default_factory=list)


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def pause_not_told(pause: CasePause | None, parties: list[Party]) -> list[str]:
    """Who has not yet been told of the current pause, party by party (§44): "the student",
    then each reporting party by name (staff read this; the parties never do)."""
    if pause is None:
        return []
    told = {n.party_id for n in pause.notices.all()}
    missing = [] if None in told else ["the student"]
    missing += [p.name for p in parties
                if p.kind == Party.Kind.REPORTING_PARTY and p.pk not in told]
    return missing


def case_delay_status(*, case, deadlines: list[Deadline], delays: list[CaseDelay],
                      pauses: list[CasePause], parties: list[Party], today: dt.date,
                      calendar: WorkingCalendar | None = None) -> DelayStatus | None:
    """The warning for ``case`` today, or None when there is no aim running (not yet started,
    met, cancelled, or the case is closed)."""
    if case.closed_on is not None:
        return None
    settings = CaseSettings.of(case.institution)
    rule = settings.delay_aim_rule
    aims = [d for d in deadlines if d.rule == rule and (
        d.is_open or (d.status == Deadline.Status.MISSED and d.completed_on is None))]
    if not aims:
        return None
    aim = max(aims, key=lambda d: (d.start_date, d.pk))
    told = [d for d in delays if d.aim_rule == rule]
    last = max(told, key=lambda d: (d.told_on, d.pk)) if told else None
    expected_by = last.new_date if last else aim.due_date
    current_pause = next((p for p in pauses if p.ended_on is None), None)
    base = {"aim_rule": rule, "aim_label": rule_label(rule),
            "aim_description": aim.rule_description, "aim_due": aim.due_date,
            "expected_by": expected_by, "last_told_on": last.told_on if last else None,
            "pause_not_told": pause_not_told(current_pause, parties)}
    if aim.status == Deadline.Status.PAUSED or case.is_paused:
        return DelayStatus(status=PAUSED, letter_due=False, message=(
            "The case is paused, and with it the aim to complete it. Tell the parties of the "
            "pause and, when it ends, whether the aim will be missed (§44)."), **base)
    ahead = settings.delay_warning_working_days
    if (expected_by - today).days > ahead * 2 + 21:
        # Far off, whatever the weekends, bank holidays and closures: no calendar (and no
        # query for the institution's closure days) is needed to say so.
        warn_from = today
    else:
        calendar = calendar or WorkingCalendar(case.institution)
        warn_from = calendar.add_working_days(today, ahead).date
    what = "the new expected date" if last else f"the aim ({aim.rule_description})"
    if expected_by < today:
        return DelayStatus(status=PASSED, letter_due=True, message=(
            f"{what[0].upper()}{what[1:]} passed on {_day(expected_by)}. Send the parties a "
            "delay letter with the reason and when the case is now likely to conclude "
            "(§44)."), **base)
    if expected_by <= warn_from:
        return DelayStatus(status=APPROACHING, letter_due=True, message=(
            f"{what[0].upper()}{what[1:]} falls on {_day(expected_by)}, within {ahead} "
            "working days. If the case will not be complete by then, send the parties a delay "
            "letter with the reason and the new expected date (§44)."), **base)
    return DelayStatus(status=ON_TRACK, letter_due=False, message=(
        f"On course to complete by {_day(expected_by)}."), **base)
