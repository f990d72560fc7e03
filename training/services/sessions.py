"""In-person sessions and their attendance register (issue 11 §8).

Marking a learner as attended records their completion of the session's module on the day of
the session (source REGISTER) through ``completion_record``; marking is possible on or after
that day (training/policies.py ``attendance_mark``).

Unmarking (a box ticked by mistake, then unticked and saved) takes back only what this register
itself recorded: the completion it created. A completion that was already recorded elsewhere
when the register found it (an import from the learning platform, an entry by hand, another
session the same day) is never removed by unmarking: the register only points at it. Likewise
an unticked box that was never saved as attended removes nothing at all. If the learning
platform later reports a completion the register had created and then took back, the next
import records it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import row_change, row_create
from audit.services import audit_record_many

from ..models import Attendance, Completion, Learner, Module, TrainingSession
from ..policies import enforce
from .completions import completion_record, completion_withdraw

AUDIT_EVENTS = ("training.session_created", "training.session_changed",
                "training.attendance_added", "training.attendance_marked",
                "training.attendance_unmarked")

SESSION_FIELDS = ("module", "held_on", "location", "facilitator")


def session_check(*, module: Module | None, institution_id: int) -> None:
    if module is None:
        return
    if module.institution_id != institution_id:
        raise ValidationError({"module": ["Choose a module of this institution."]})
    if module.delivery != Module.Delivery.IN_PERSON:
        raise ValidationError({"module": [f"{module.title} is delivered online: sessions with "
                                          "a register are for in-person modules."]})
    if not module.is_active:
        raise ValidationError({"module": [f"{module.title} is no longer active."]})


def _clean(values: dict) -> dict:
    clean = {k: v for k, v in values.items() if k in SESSION_FIELDS}
    for name in ("location", "facilitator"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
            if not clean[name]:
                raise ValidationError({name: [f"Enter the {name}."]})
    return clean


@transaction.atomic
def session_create(*, institution, actor, module: Module, held_on: dt.date, location: str,
                   facilitator: str) -> TrainingSession:
    enforce("session_manage", institution=institution, actor=actor)
    session_check(module=module, institution_id=institution.pk)
    clean = _clean({"module": module, "held_on": held_on, "location": location,
                    "facilitator": facilitator})
    return row_create(TrainingSession, institution=institution, actor=actor,
                      action="training.session_created",
                      values={**clean, "created_by": actor})


@transaction.atomic
def session_update(*, session: TrainingSession, actor, **values) -> TrainingSession:
    """Change a session. Once anyone is marked as attended, its module and date are fixed:
    the completions recorded from the register carry them."""
    enforce("session_manage", institution=session.institution, actor=actor)
    clean = _clean(values)
    module = clean.get("module")
    if module is not None and module.pk != session.module_id:
        session_check(module=module, institution_id=session.institution_id)
    moving = (module is not None and module.pk != session.module_id) or (
        "held_on" in clean and clean["held_on"] != session.held_on)
    if moving and Attendance.objects.for_institution(session.institution_id).filter(
            session=session, attended=True).exists():
        field = "held_on" if "held_on" in clean and clean["held_on"] != session.held_on \
            else "module"
        raise ValidationError({field: ["Attendance is already marked: the module and date of "
                                       "this session can no longer change."]})
    return row_change(session, actor=actor, action="training.session_changed", values=clean,
                      describe=lambda s: {"module": s.module_id,
                                          "held_on": s.held_on.isoformat()})


@transaction.atomic
def register_add(*, session: TrainingSession, actor, learners: Iterable[Learner]
                 ) -> list[Attendance]:
    """Put learners on the session's register (not yet marked). Those already on it stay."""
    enforce("session_manage", institution=session.institution, actor=actor)
    learners = list(learners)
    if any(learner.institution_id != session.institution_id for learner in learners):
        raise ValidationError({"learners": ["Choose people on this institution's roster."]})
    present = set(Attendance.objects.for_institution(session.institution_id)
                  .filter(session=session).values_list("learner_id", flat=True))
    new = [Attendance(institution_id=session.institution_id, session=session, learner=learner)
           for learner in {learner.pk: learner for learner in learners}.values()
           if learner.pk not in present]
    Attendance.objects.bulk_create(new)
    added = list(Attendance.objects.for_institution(session.institution_id).filter(
        session=session, learner_id__in=[a.learner_id for a in new]))
    audit_record_many(institution=session.institution, actor=actor, events=[
        ("training.attendance_added", a, {"session": session.pk, "learner": a.learner_id})
        for a in added])
    return added


def learners_by_email(*, institution, emails: Iterable[str], field: str = "add") -> list[Learner]:
    """The roster entries with these emails; any not on the roster is a field error."""
    wanted = {e.strip().lower() for e in emails if e.strip()}
    found = list(Learner.objects.for_institution(institution).filter(email__in=wanted))
    missing = sorted(wanted - {learner.email.lower() for learner in found})
    if missing:
        raise ValidationError({field: [
            "Not on the roster: " + ", ".join(missing) + ". Add them to the roster first."]})
    return found


def _held_elsewhere(attendance: Attendance) -> bool:
    """Another register (a second session the same day) also marked this completion."""
    return Attendance.objects.for_institution(attendance.institution_id).filter(
        completion_id=attendance.completion_id, attended=True).exclude(pk=attendance.pk).exists()


@dataclass
class RegisterResult:
    marked: int = 0
    unmarked: int = 0
    completions_created: int = 0
    completions_withdrawn: int = 0


@transaction.atomic
def register_save(*, session: TrainingSession, actor, marks: dict[int, bool],
                  today: dt.date | None = None) -> RegisterResult:
    """Save the register: ``marks`` maps a learner id on the register to attended or not.
    Marking records the completion (see the module's docstring for unmarking)."""
    today = today or timezone.localdate()
    session = (TrainingSession.objects.for_institution(session.institution_id)
               .select_for_update(of=("self",)).select_related("module", "institution")
               .get(pk=session.pk))
    enforce("attendance_mark", institution=session.institution, actor=actor, obj=session,
            today=today)
    register = {a.learner_id: a for a in Attendance.objects.for_institution(
        session.institution_id).filter(session=session).select_related("learner", "completion")}
    unknown = [pk for pk in marks if pk not in register]
    if unknown:
        raise ValidationError({"marks": ["Mark only people on this session's register."]})
    result, events, now = RegisterResult(), [], timezone.now()
    for learner_id, attended in marks.items():
        attendance = register[learner_id]
        if attended and not attendance.attended:
            completion, created = completion_record(
                learner=attendance.learner, module=session.module,
                completed_on=session.held_on, source=Completion.Source.REGISTER, actor=actor,
                context={"session": session.pk})
            attendance.completion, attendance.created_completion = completion, created
            attendance.attended = True
            result.marked += 1
            result.completions_created += int(created)
            events.append(("training.attendance_marked", attendance,
                           {"session": session.pk, "learner": learner_id,
                            "completion_created": created}))
        elif not attended and attendance.attended:
            withdrawn = (attendance.created_completion and attendance.completion is not None
                         and not _held_elsewhere(attendance))
            if withdrawn:
                completion_withdraw(completion=attendance.completion, actor=actor,
                                    reason=f"Unmarked on the register of session {session.pk}")
                result.completions_withdrawn += 1
            attendance.completion, attendance.created_completion = None, False
            attendance.attended = False
            result.unmarked += 1
            events.append(("training.attendance_unmarked", attendance,
                           {"session": session.pk, "learner": learner_id,
                            "completion_withdrawn": withdrawn}))
        else:
            continue
        attendance.marked_by, attendance.marked_at = actor, now
        attendance.save(update_fields=["attended", "completion", "created_completion",
                                       "marked_by", "marked_at"])
    audit_record_many(institution=session.institution, actor=actor, events=events)
    return result
