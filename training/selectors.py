"""What training a person holds: the one answer to "does this person hold current training X
on date D" (issue 11 §11). The procedure's checks (cases, precautionary measures) and the Safe
Contact scheme read only these functions; nothing else decides whether a completion is in
force.

A completion is in force on D when it was completed on or before D and expires on or after D
(or never). A staff member's completions reach them through their roster entry, which is
linked to their membership (``Learner.membership``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Max, Q, QuerySet

from .models import (
    Attendance,
    Campaign,
    Completion,
    ImportMapping,
    ImportRowError,
    ImportRun,
    Learner,
    Module,
    TrainingSession,
)

Purpose = Module.Purpose

#: Every role in a disciplinary process needs specialist training (000 §1b) and unconscious
#: bias training (002, closing table); a place on a precautionary group needs the same.
REQUIRED_FOR_DISCIPLINARY_ROLES = (Purpose.DISCIPLINARY_SPECIALIST, Purpose.UNCONSCIOUS_BIAS)


def in_force(on: dt.date) -> Q:
    """Completions in force on ``on``."""
    return Q(completed_on__lte=on) & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))


def current_qualifications(membership, *, on: dt.date) -> QuerySet[Completion]:
    """The member's completions in force on ``on`` of the modules the procedure requires,
    with their module."""
    return (Completion.objects.for_institution(membership.institution_id)
            .filter(in_force(on), learner__membership=membership,
                    module__purpose__in=REQUIRED_FOR_DISCIPLINARY_ROLES)
            .select_related("module"))


def missing_of(held_purposes: Iterable[str]) -> list[str]:
    """Labels of the required qualifications not among ``held_purposes`` (those in force)."""
    held = set(held_purposes)
    return [Purpose(p).label for p in REQUIRED_FOR_DISCIPLINARY_ROLES if p not in held]


def missing_qualifications(membership, *, on: dt.date) -> list[str]:
    """Labels of the required qualifications the member does not hold on ``on``."""
    return missing_of(current_qualifications(membership, on=on)
                      .values_list("module__purpose", flat=True))


def training_held(*, membership, on: dt.date, purpose: str | None = None,
                  key: str | None = None) -> bool:
    """Does the member hold, on ``on``, a completion in force of a module with this purpose
    (any module serving it) or this key?"""
    if (purpose is None) == (key is None):
        raise ValueError("Ask about a purpose or a module key.")
    found = Completion.objects.for_institution(membership.institution_id).filter(
        in_force(on), learner__membership=membership)
    found = found.filter(module__purpose=purpose) if purpose else found.filter(module__key=key)
    return found.exists()


def modules_held(*, institution, user_ids: Iterable[int], on: dt.date,
                 purposes: Iterable[str] | None = None) -> dict[int, list[Module]]:
    """For each user id, the modules of which they hold a completion in force on ``on``
    (each module once, by title). Two queries."""
    found = (Completion.objects.for_institution(institution)
             .filter(in_force(on), learner__membership__user_id__in=list(user_ids))
             .select_related("module")
             .values_list("learner__membership__user_id", "module_id"))
    if purposes is not None:
        found = found.filter(module__purpose__in=list(purposes))
    module_ids = defaultdict(set)
    for user_id, module_id in found:
        module_ids[user_id].add(module_id)
    modules = {m.pk: m for m in Module.objects.for_institution(institution).filter(
        pk__in={m for ids in module_ids.values() for m in ids})}
    return {user_id: sorted((modules[m] for m in ids), key=lambda m: m.title)
            for user_id, ids in module_ids.items()}


# -- the training administrators' lists (issue 11 §7-8) --------------------------------------
def module_list(*, institution) -> QuerySet[Module]:
    """The institution's modules, active first, then by title."""
    return (Module.objects.for_institution(institution)
            .annotate(campaign_count=Count("campaigns", distinct=True))
            .order_by("-is_active", "title", "pk"))


def campaign_list(*, institution, module=None):
    rows = Campaign.objects.for_institution(institution).select_related("module")
    if module is not None:
        rows = rows.filter(module=module)
    return rows.order_by("-opens_on", "name", "pk")


def learner_search(*, institution, search: str = "", kind: str = ""):
    """The roster, by name then email: ``search`` matches part of an email or a name, or an
    external id (student or staff number) from its start."""
    rows = Learner.objects.for_institution(institution)
    search = search.strip()
    if search:
        rows = rows.filter(Q(email__icontains=search) | Q(full_name__icontains=search)
                           | Q(external_id__istartswith=search))
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("full_name", "email", "pk")


def learner_completions(learner) -> QuerySet[Completion]:
    return (Completion.objects.for_institution(learner.institution_id)
            .filter(learner=learner).select_related("module", "recorded_by")
            .order_by("-completed_on", "-pk"))


def session_list(*, institution):
    return (TrainingSession.objects.for_institution(institution).select_related("module")
            .annotate(on_register=Count("register", distinct=True),
                      attended_count=Count("register", filter=Q(register__attended=True),
                                           distinct=True))
            .order_by("-held_on", "-pk"))


def session_register(session):
    return (Attendance.objects.for_institution(session.institution_id)
            .filter(session=session).select_related("learner", "completion")
            .order_by("learner__full_name", "learner__email", "pk"))


def import_run_list(*, institution):
    return (ImportRun.objects.for_institution(institution)
            .select_related("uploaded_by", "fixed_module").defer("content")
            .order_by("-created_at", "-pk"))


def import_run_errors(run):
    return (ImportRowError.objects.for_institution(run.institution_id).filter(run=run)
            .order_by("row_number", "pk"))


def import_mapping_of(institution):
    """The institution's saved columns, or None before its first import."""
    return ImportMapping.objects.for_institution(institution).first()


def last_completions(*, institution, user_ids: Iterable[int], since: dt.date,
                     purposes: Iterable[str]) -> dict[int, dt.date]:
    """For each user id who completed a module serving one of ``purposes`` on or after
    ``since``, the date of their latest such completion, in force or not (one query): when
    someone last trained, as the Safe Contact scheme's commitments ask."""
    rows = (Completion.objects.for_institution(institution)
            .filter(learner__membership__user_id__in=list(user_ids),
                    module__purpose__in=list(purposes), completed_on__gte=since)
            .values("learner__membership__user_id").annotate(last=Max("completed_on"))
            .order_by())
    return {row["learner__membership__user_id"]: row["last"] for row in rows}
