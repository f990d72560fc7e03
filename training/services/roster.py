"""The training roster: who must take which module. A member of staff's roster entry is linked
to their membership, so completions imported by email reach the qualification checks."""

from __future__ import annotations

from django.db import transaction

from ..models import Learner


@transaction.atomic
def learner_for_membership(*, membership) -> Learner:
    """The member's roster entry, created (or linked by email) on first need."""
    learner = getattr(membership, "_learner_cache", None)
    if learner is not None:
        return learner
    rows = Learner.objects.for_institution(membership.institution_id)
    learner = rows.filter(membership=membership).first()
    if learner is None:
        email = membership.user.email.lower()
        learner = rows.select_for_update(of=("self",)).filter(email__iexact=email).first()
        if learner is None:
            learner = Learner.objects.create(
                institution_id=membership.institution_id, kind=Learner.Kind.STAFF, email=email,
                full_name=membership.user.full_name, membership=membership)
        elif learner.membership_id is None:
            learner.membership = membership
            learner.save(update_fields=["membership"])
    membership._learner_cache = learner
    return learner
