"""Read-only queries about institutions and their procedure settings."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from core.rows import RowRead

from .models import Deadline, Institution, TimeLimit
from .procedure import Cohort, rule_keys

_ACTIVE_BY_SLUG = RowRead(Institution, ["slug", ("is_active", True)])


def institution_get(*, slug: str) -> Institution:
    """The active institution with this slug, or 404. Every page with an institution in its
    URL starts here: a lookup compiled once per process (core.rows)."""
    institution = _ACTIVE_BY_SLUG.get(slug)
    if institution is None:
        raise Http404("No such institution.")
    return institution


def time_limit_for(*, institution: Institution, rule: str, cohort: str) -> TimeLimit | None:
    """The institution's limit for ``rule`` and ``cohort``, falling back to the standard
    cohort's; None when the institution's procedure sets no such limit."""
    cohorts = [cohort] if cohort == Cohort.STANDARD else [cohort, Cohort.STANDARD]
    return (
        TimeLimit.objects.for_institution(institution)
        .filter(rule=rule, cohort__in=cohorts)
        .order_by(
            Case(When(cohort=cohort, then=Value(0)), default=Value(1),
                 output_field=IntegerField())
        )
        .first()
    )


def deadlines_for(*, institution: Institution, subject) -> list[Deadline]:
    from django.contrib.contenttypes.models import ContentType

    return list(
        Deadline.objects.for_institution(institution).filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )
    )


def time_limits_in_order(*, institution: Institution) -> list[TimeLimit]:
    """The institution's limits in the order of the procedure (Rule) and cohort."""
    rule_order = {value: index for index, value in enumerate(rule_keys())}
    cohort_order = {value: index for index, value in enumerate(Cohort.values)}
    return sorted(
        TimeLimit.objects.for_institution(institution),
        key=lambda limit: (rule_order.get(limit.rule, 99), cohort_order.get(limit.cohort, 9)),
    )
