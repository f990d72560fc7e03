"""Pauses and extensions. A pause (police investigation, medical unfitness, impending
assessments: §12, §16, §44) stops every running clock of the case; resuming moves each due
date by the time paused. An extension records the reason the student is told (§44)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.errors import field_errors
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from institutions.services.deadlines import deadline_extend, deadline_pause, deadline_resume

from ..models import Case, CasePause
from ..policies import enforce
from .common import TransitionError, lock, record
from .pause_notices import check_told_days, pause_notices_record


@transaction.atomic
def case_pause(*, case: Case, actor, reason: str, detail: str, on: dt.date | None = None,
               student_told_on: dt.date | None = None,
               reporting_parties_told_on: dt.date | None = None) -> CasePause:
    case = lock(case)
    enforce("pause", case=case, actor=actor)
    if reason not in CasePause.Reason.values:
        raise field_errors(reason="Choose why the case is paused.")
    if not detail.strip():
        raise field_errors(detail="Describe the reason for the pause.")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise field_errors(on="A pause is recorded from a day that has come: today or earlier.")
    check_told_days(pause_start=on, today=today, days={
        "student_told_on": student_told_on,
        "reporting_parties_told_on": reporting_parties_told_on})
    pause = CasePause.objects.create(
        institution=case.institution, case=case, reason=reason, detail=detail.strip(),
        started_on=on, started_by=actor)
    if student_told_on or reporting_parties_told_on:
        pause_notices_record(pause=pause, actor=actor, student_told_on=student_told_on,
                             reporting_parties_told_on=reporting_parties_told_on)
        pause.save(update_fields=["student_told_on", "reporting_parties_told_on"])
    paused = 0
    for deadline in deadlines_for(institution=case.institution, subject=case):
        if deadline.status == Deadline.Status.RUNNING:
            deadline_pause(deadline=deadline, on=on, reason=pause.get_reason_display(),
                           actor=actor)
            paused += 1
    case.is_paused = True
    case.save(update_fields=["is_paused", "updated_at"])
    record(case, actor, "case.paused", reason=reason, on=on, clocks_stopped=paused,
           student_told_on=student_told_on,
           reporting_parties_told_on=reporting_parties_told_on)
    return pause


@transaction.atomic
def case_resume(*, case: Case, actor, on: dt.date | None = None) -> Case:
    case = lock(case)
    enforce("resume", case=case, actor=actor)
    pause = case.pauses.filter(ended_on__isnull=True).order_by("-started_on").first()
    if pause is None:
        raise TransitionError(f"{case.reference} is not paused.")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise field_errors(on="A case is resumed on a day that has come: today or earlier.")
    if on < pause.started_on:
        raise field_errors(on="A pause cannot end before it started.")
    for deadline in deadlines_for(institution=case.institution, subject=case):
        if deadline.status == Deadline.Status.PAUSED:
            deadline_resume(deadline=deadline, on=on, actor=actor)
    pause.ended_on = on
    pause.save(update_fields=["ended_on"])
    case.is_paused = False
    case.save(update_fields=["is_paused", "updated_at"])
    record(case, actor, "case.resumed", on=on, pause=pause.pk)
    return case


@transaction.atomic
def case_extend_deadline(*, case: Case, actor, deadline_id: int, new_due: dt.date,
                         reason: str, student_told_on: dt.date | None) -> Deadline:
    """Extend one of the case's deadlines (e.g. the 60-day target, §44), recording the reason
    and when the student was told of the delay."""
    case = lock(case)
    enforce("extend_deadline", case=case, actor=actor)
    deadline = next((d for d in deadlines_for(institution=case.institution, subject=case)
                     if d.pk == int(deadline_id)), None)
    if deadline is None:
        raise field_errors(deadline="Choose one of this case's deadlines.")
    if student_told_on is None:
        raise field_errors(student_told_on="Record when the student was told of the delay and its "
                                      "reasons (§44).")
    from institutions.services.deadlines import DeadlineError

    try:
        deadline = deadline_extend(deadline=deadline, new_due=new_due, reason=reason,
                                   actor=actor)
    except DeadlineError as exc:
        raise TransitionError(str(exc)) from exc
    record(case, actor, "case.deadline_extended", deadline=deadline.pk, new_due=new_due,
           reason=reason, student_told_on=student_told_on)
    return deadline
