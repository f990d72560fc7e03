"""Is a member of staff qualified for a disciplinary role today?

Until the training app records completions, qualifications are recorded on the membership
(``accounts.Qualification``). The training app will answer the same question from its records;
callers use only :func:`missing_qualifications`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import Membership, Qualification

REQUIRED_FOR_DISCIPLINARY_ROLES = (
    Qualification.Kind.SPECIALIST,
    Qualification.Kind.UNCONSCIOUS_BIAS,
)


def missing_qualifications(membership: Membership, *, on: dt.date) -> list[str]:
    """Labels of the required qualifications the member does not hold on ``on``."""
    return missing_of(current_qualifications(membership, on=on).values_list("kind", flat=True))


def current_qualifications(membership: Membership, *, on: dt.date) -> QuerySet[Qualification]:
    """The member's qualifications in force on ``on``."""
    return (Qualification.objects.for_institution(membership.institution_id)
            .filter(membership=membership, completed_on__lte=on)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on)))


def missing_of(held_kinds: Iterable[str]) -> list[str]:
    """Labels of the required qualifications not among ``held_kinds`` (those in force)."""
    held = set(held_kinds)
    return [Qualification.Kind(k).label for k in REQUIRED_FOR_DISCIPLINARY_ROLES if k not in held]
