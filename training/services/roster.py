"""The training roster: who must take which module. A member of staff's roster entry is linked
to their membership, so completions imported by email reach the qualification checks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Membership
from audit.changes import row_change, row_create

from ..models import Learner
from ..policies import enforce


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


# -- the roster, kept by the training administrators (issue 11 §7) ---------------------------
AUDIT_EVENTS = ("training.learner_added", "training.learner_changed")

LEARNER_FIELDS = ("kind", "email", "external_id", "full_name", "department", "cohort",
                  "year_of_study", "is_active")


def _membership_by_email(institution_id: int, email: str):
    """The institution's active membership whose account has this email, not yet linked to
    another roster entry, or None."""
    return (Membership.objects.for_institution(institution_id)
            .filter(user__email__iexact=email, is_active=True, learner__isnull=True)
            .select_related("user").first())


def learner_link_check(learner: Learner) -> None:
    """The linking step: a staff entry is linked to the membership whose account has its
    email, so completions recorded for it reach the qualification checks (training.selectors).
    Students are not linked (they have no staff account)."""
    if learner.kind != Learner.Kind.STAFF or learner.membership_id is not None:
        return
    membership = _membership_by_email(learner.institution_id, learner.email)
    if membership is not None:
        learner.membership = membership


def _learner_values(values: dict) -> dict:
    clean = {name: values[name] for name in LEARNER_FIELDS if name in values}
    for name in ("email", "external_id", "full_name", "department", "cohort"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    if "email" in clean:
        clean["email"] = clean["email"].lower()
    return clean


def _email_free(institution_id: int, email: str, pk: int | None = None) -> None:
    taken = Learner.objects.for_institution(institution_id).filter(email__iexact=email)
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise ValidationError({"email": [f"{email} is already on the roster."]})


@transaction.atomic
def learner_create(*, institution, actor, **values) -> Learner:
    """Add someone to the roster; a member of staff is linked to their account by email."""
    enforce("roster_manage", institution=institution, actor=actor)
    clean = _learner_values(values)
    if not clean.get("email"):
        raise ValidationError({"email": ["Enter the person's email address."]})
    _email_free(institution.pk, clean["email"])
    probe = Learner(institution=institution, **clean)
    learner_link_check(probe)
    if probe.membership_id is not None:
        clean["membership"] = probe.membership
    return row_create(Learner, institution=institution, actor=actor,
                      action="training.learner_added", values=clean,
                      describe={"email": clean["email"]})


@transaction.atomic
def learner_update(*, learner: Learner, actor, **values) -> Learner:
    """Change a roster entry; a staff entry not yet linked is linked to the account with its
    (new) email."""
    enforce("roster_manage", institution=learner.institution, actor=actor)
    clean = _learner_values(values)
    if "email" in clean:
        if not clean["email"]:
            raise ValidationError({"email": ["Enter the person's email address."]})
        _email_free(learner.institution_id, clean["email"], learner.pk)
    probe = Learner(institution_id=learner.institution_id, membership_id=learner.membership_id,
                    **{**{f: getattr(learner, f) for f in LEARNER_FIELDS}, **clean})
    learner_link_check(probe)
    if probe.membership_id != learner.membership_id:
        clean["membership"] = probe.membership
    return row_change(learner, actor=actor, action="training.learner_changed", values=clean,
                      describe=lambda row: {"email": row.email})
