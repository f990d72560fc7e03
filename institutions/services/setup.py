"""Setting up an institution's procedure from the defaults (policy 002)."""

from __future__ import annotations

from django.db import transaction

from ..models import Institution, RoleLabel, TimeLimit
from ..procedure import DEFAULT_ROLE_LABELS, default_time_limits


@transaction.atomic
def institution_apply_defaults(*, institution: Institution, overwrite: bool = False) -> None:
    """Give the institution the 002 procedure's role labels and time limits. Existing rows are
    kept unless ``overwrite`` (so an admin's edits survive a re-run)."""
    for rule, per_cohort in default_time_limits().items():
        for cohort, limit in per_cohort.items():
            values = {"amount": limit.amount, "unit": limit.unit, "reference": limit.reference}
            _upsert(TimeLimit, institution, {"rule": rule, "cohort": cohort}, values, overwrite)
    for role, label in DEFAULT_ROLE_LABELS.items():
        _upsert(RoleLabel, institution, {"role": role}, {"label": label}, overwrite)


def _upsert(model, institution, keys, values, overwrite):
    rows = model.objects.for_institution(institution).filter(**keys)
    if not rows.exists():
        model.objects.create(institution=institution, **keys, **values)
    elif overwrite:
        rows.update(**values)
