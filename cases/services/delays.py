"""Delays told (002 §44; 004 "we aim to complete investigations within 90 days"), and who was
told of a pause.

§44: where the aim to complete the case will be missed "the Secretary or their Nominee will
inform the Student(s) involved of any delay, and the reason/s for the delay and when the
investigation is likely to conclude, as soon as possible". :func:`case_delay_notify` records
the new expected date and the reason, moves the aim's deadline to that date while it is still
running (a deadline the daily sweep has already marked missed stays missed: the record is
honest) and issues the delay letter to the respondent and the reporting parties (the
"Student(s) involved"; 004: "all students involved ... will be kept updated").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from core.errors import field_errors
from institutions.models import Deadline
from institutions.services.deadlines import deadline_extend

from ..models import CaseDelay, CasePause, CaseSettings, LetterKind
from ..policies import enforce
from .common import TransitionError, lock, record
from .letters import human_date, letter_issue
from .pause_notices import check_told_days, pause_notices_record

AUDIT_EVENTS = ("case.delay_notified", "case.pause_told")


def _aim(case) -> Deadline | None:
    from institutions.selectors import deadlines_for

    rule = CaseSettings.of(case.institution).delay_aim_rule
    aims = [d for d in deadlines_for(institution=case.institution, subject=case)
            if d.rule == rule and (d.is_open or (
                d.status == Deadline.Status.MISSED and d.completed_on is None))]
    return max(aims, key=lambda d: (d.start_date, d.pk)) if aims else None


@transaction.atomic
def case_delay_notify(*, case, actor, new_date: dt.date, reason: str) -> CaseDelay:
    """Tell the parties the aim will be missed: why, and when the case is now likely to
    conclude (§44)."""
    case = lock(case)
    enforce("delay_notify", case=case, actor=actor)
    today = timezone.localdate()
    problems = {}
    if not (reason or "").strip():
        problems["reason"] = "Give the reason for the delay: the letter states it (§44)."
    if new_date is None or new_date <= today:
        problems["new_date"] = "Give the date the case is now likely to conclude (after today)."
    if problems:
        raise field_errors(**problems)
    aim = _aim(case)
    if aim is None:  # the policy refused already; a second check under the lock
        raise TransitionError(f"{case.reference} has no aim to complete it running.")
    previous = CaseDelay.objects.for_institution(case.institution_id).filter(
        case=case, aim_rule=aim.rule).order_by("-told_on", "-pk").first()
    aim_due = previous.new_date if previous else aim.due_date
    if new_date <= aim_due:
        raise field_errors(new_date=f"The new date must be after {human_date(aim_due)}, when "
                                    "the case was expected to conclude.")
    delay = CaseDelay.objects.create(
        institution=case.institution, case=case, aim_rule=aim.rule, aim_due=aim_due,
        new_date=new_date, reason=reason.strip(), told_on=today, notified_by=actor)
    if aim.status == Deadline.Status.RUNNING and new_date > aim.due_date:
        deadline_extend(deadline=aim, new_due=new_date, reason=reason.strip(), actor=actor)
    record(case, actor, "case.delay_notified", delay=delay.pk, aim=aim.rule,
           aim_due=aim_due, new_date=new_date)
    letter_issue(case=case, kind=LetterKind.DELAY_NOTICE, actor=actor,
                 to_reporting_parties=True, extra={
                     "aim": aim.rule_description, "aim_due": human_date(aim_due),
                     "new_date": human_date(new_date), "new_date_iso": new_date.isoformat(),
                     "reason": reason.strip()})
    return delay


@transaction.atomic
def case_pause_told(*, case, actor, pause: CasePause, student_told_on: dt.date | None = None,
                    reporting_parties_told_on: dt.date | None = None,
                    party_told_on: Mapping[int, dt.date] | None = None) -> CasePause:
    """Record when the student, and when each reporting party, were told of a pause (§44;
    004: the Conduct Officer keeps the parties updated). ``party_told_on`` gives a day per
    reporting party (by id); ``reporting_parties_told_on`` the same day for every reporting
    party not given one. A day already recorded is kept unless a new one is given."""
    case = lock(case)
    pause = CasePause.objects.for_institution(case.institution_id).select_for_update(
        of=("self",)).get(pk=pause.pk, case=case)
    enforce("pause_told", case=case, actor=actor, obj=pause)
    if student_told_on is None and reporting_parties_told_on is None and not party_told_on:
        raise field_errors(student_told_on="Give the day the student, or a reporting party, "
                                           "was told of the pause.")
    days: dict[str, dt.date | None] = {"student_told_on": student_told_on,
                                       "reporting_parties_told_on": reporting_parties_told_on}
    days.update({f"party_{pk}": day for pk, day in (party_told_on or {}).items()})
    check_told_days(pause_start=pause.started_on, today=timezone.localdate(), days=days)
    told = pause_notices_record(pause=pause, actor=actor, student_told_on=student_told_on,
                                reporting_parties_told_on=reporting_parties_told_on,
                                party_told_on=party_told_on)
    pause.save(update_fields=["student_told_on", "reporting_parties_told_on"])
    record(case, actor, "case.pause_told", pause=pause.pk, **told)
    return pause
