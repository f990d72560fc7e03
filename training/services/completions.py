"""Completion records: the one way a completion is written, so that its expiry follows the
module's validity and every record is audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from audit.services import audit_record

from ..models import Completion, Learner, Module


@transaction.atomic
def completion_record(*, learner: Learner, module: Module, completed_on: dt.date, source: str,
                      actor=None, audit: bool = True) -> tuple[Completion, bool]:
    """Record that ``learner`` completed ``module`` on ``completed_on``. Idempotent: the same
    learner, module and date is the same record (returns it with ``False``)."""
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
                              "source": source})
    return completion, created
