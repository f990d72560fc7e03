"""Who may sit on a matter's group or review its appeal: current training (000 §1b) and no
conflict of interest, as for disciplinary roles.

Decision recorded: the appeal reviewer must have had "no prior involvement in the matter"
(002 §22, read with §39): any place in the group (chair or member, now or before) or a step
recorded on the matter (proposing or deciding measures, an assessment, a review) is prior
involvement. A group member may not become the appeal reviewer, nor the reviewer join the
group. A declared relationship (governance) with the student or a protected person is a
conflict for every place, whether or not it has ended (as cases/conflicts.py decides)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.db.models.functions import Lower, Trim

from governance.models import RelationshipDeclaration

from .models import Decision, Matter, MatterMember, MatterRole, ProtectedPerson, RiskAssessment

GROUP_ROLES = (MatterRole.CHAIR, MatterRole.MEMBER)

#: Other apps' reasons why someone may not take a place on a matter, registered from their
#: ``AppConfig.ready`` (this app may not import them): ``fn(*, user, matter, role) -> list[str]``,
#: plain-words reasons as :func:`matter_conflicts` gives them. Cases registers the roles held on
#: the linked case (its investigator, a caseworker supporting a party...).
ConflictSource = Callable[..., list[str]]
_SOURCES: list[ConflictSource] = []


def register_conflict_source(fn: ConflictSource) -> None:
    """Add ``fn`` to the conflict checks of every place on every matter (idempotent)."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)


def matter_conflicts(*, user, matter: Matter, role: str, members=None) -> list[str]:
    """Every reason other than training why ``user`` may not act on ``matter`` as ``role``,
    in plain words. ``members``: the matter's member rows (any user, ended or not), if read."""
    if members is None:
        members = list(MatterMember.objects.for_institution(matter.institution_id)
                       .filter(matter=matter))
    mine = [m for m in members if m.user_id == user.pk]
    reasons = []
    if role == MatterRole.APPEAL_REVIEWER:
        reasons += [f"was involved in this matter as {m.get_role_display().lower()}"
                    for m in mine if m.role in GROUP_ROLES]
        took_part = (
            Decision.objects.for_institution(matter.institution_id).filter(matter=matter)
            .filter(Q(proposed_by=user) | Q(decided_by=user)).exists()
            or RiskAssessment.objects.for_institution(matter.institution_id)
            .filter(matter=matter, assessed_by=user).exists())
        if took_part and not reasons:
            reasons.append("took part in the decision on the measures")
    else:
        reasons += ["is the appeal reviewer of this matter" for m in mine
                    if m.role == MatterRole.APPEAL_REVIEWER]
    if declared_relationships(user, matter).exists():
        # Neither who nor what: a declaration's details are for the declarer and HR (000 §8).
        reasons.append("declared a personal relationship with someone involved in this "
                       "matter")
    for source in _SOURCES:
        reasons += source(user=user, matter=matter, role=role)
    return reasons


def declared_relationships(user, matter: Matter):
    """``user``'s declarations about the student or a protected person of the matter."""
    people = list(ProtectedPerson.objects.for_institution(matter.institution_id)
                  .filter(matter=matter).values_list("student_id", "email"))
    student = matter.student
    ids = {s.strip().lower() for s in [student.student_id, *(p[0] for p in people)]} - {""}
    emails = {e.strip().lower() for e in [student.email, *(p[1] for p in people)]} - {""}
    declarations = (
        RelationshipDeclaration.objects.for_institution(matter.institution_id)
        .filter(declarer=user)
        .annotate(_sid=Lower(Trim("person_student_id")), _email=Lower(Trim("person_email"))))
    return declarations.filter(Q(_sid__in=ids) | Q(_email__in=emails))
