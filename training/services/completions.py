"""Completion records: the one way a completion is written, so that its expiry follows the
module's validity and every record is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record

from ..models import Completion, Learner, Module
from ..policies import enforce

AUDIT_EVENTS = ("training.completion_recorded", "training.completion_withdrawn")


@transaction.atomic
def completion_record(*, learner: Learner, module: Module, completed_on: dt.date, source: str,
                      actor=None, audit: bool = True, context: dict | None = None
                      ) -> tuple[Completion, bool]:
    """Record that ``learner`` completed ``module`` on ``completed_on``. Idempotent: the same
    learner, module and date is the same record (returns it with ``False``). ``context`` adds
    to the audit event what the record came from (an import run, a session)."""
    if learner.institution_id != module.institution_id:
        raise ValueError("The learner and the module belong to different institutions.")
    completion, created = Completion.objects.for_institution(module.institution_id).get_or_create(
        learner=learner, module=module, completed_on=completed_on,
        defaults={"institution_id": module.institution_id, "source": source,
                  "expires_on": module.expiry_for(completed_on), "recorded_by": actor})
    if created and audit:
        audit_record(institution=module.institution, actor=actor,
                     action="training.completion_recorded", obj=completion,
                     changes={"module": module.key, "completed_on": completed_on.isoformat(),
                              "source": source, **(context or {})})
    return completion, created


def completion_date_check(*, completed_on: dt.date | None, today: dt.date,
                          field: str = "completed_on") -> None:
    """A completion is dated on or before today."""
    if completed_on is not None and completed_on > today:
        raise ValidationError({field: [
            f"The completion date ({completed_on:%d %B %Y}) is in the future."]})


def completion_module_check(*, module: Module, learner: Learner, field: str = "module") -> None:
    if module.institution_id != learner.institution_id:
        raise ValidationError({field: ["Choose a module of this institution."]})
    if not module.is_active:
        raise ValidationError({field: [f"{module.title} is no longer active."]})


@transaction.atomic
def completion_enter(*, learner: Learner, module: Module, completed_on: dt.date, actor,
                     today: dt.date | None = None) -> tuple[Completion, bool]:
    """A training administrator records by hand that ``learner`` completed ``module`` (a
    certificate brought in, a session held elsewhere). The same learner, module and date
    again is the record already there (``False``)."""
    today = today or timezone.localdate()
    enforce("completion_record", institution=learner.institution, actor=actor, today=today)
    completion_module_check(module=module, learner=learner)
    completion_date_check(completed_on=completed_on, today=today)
    return completion_record(learner=learner, module=module, completed_on=completed_on,
                             source=Completion.Source.MANUAL, actor=actor)


def completion_withdraw(*, completion: Completion, actor, reason: str) -> None:
    """Remove a completion recorded in error (the caller has checked the actor may). The audit
    event keeps what it said."""
    row = (Completion.objects.for_institution(completion.institution_id)
           .select_for_update(of=("self",)).select_related("module").get(pk=completion.pk))
    audit_record(institution=row.institution, actor=actor,
                 action="training.completion_withdrawn", obj=row,
                 changes={"module": row.module.key, "completed_on": row.completed_on.isoformat(),
                          "source": row.source, "learner": row.learner_id, "reason": reason})
    row.delete()


@transaction.atomic
def completion_remove(*, completion: Completion, actor, reason: str) -> None:
    """A training administrator removes a completion recorded in error (audited with what it
    said). An import of the same record later records it again."""
    enforce("completion_record", institution=completion.institution, actor=actor)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the completion is removed."]})
    completion_withdraw(completion=completion, actor=actor, reason=reason.strip())
