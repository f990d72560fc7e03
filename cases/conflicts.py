"""Who may take a role on a case: training, prior involvement, declared relationships.

Everyone given a role in a disciplinary process must hold current specialist training on
Investigations, Adjudications and Decision Making (000 §1b) and unconscious bias training (002,
closing table). Nobody may take a role on a case they were involved in at another stage (§39,
§53, §55), nor if they declared a relationship with a party (governance declarations).

Decision recorded: "prior involvement at another stage" is read as "any other role on this case,
now or before". The decision maker who decided the intake may also take the formal decision (it
is the same role continuing, §37-45), but may not review the appeal against it, sit on the Board,
clerk it or investigate.

Decision recorded: a declared relationship counts whether or not it has ended (``ended_on``), and
whether or not HR has reviewed it (the management plan cannot put a declarer on the case). The
reason given names neither the party nor the relationship: a declaration's details are for the
declarer, HR and the institution admin only (000 §8, governance). A
former relationship or supervision is still "prior knowledge or interaction with the student"
(§53) and a "reasonable perception of bias" (§34.4, §67.4). Student IDs and email addresses are
matched without regard to case or surrounding spaces, as people type them.

Decision recorded: a place held *now* on the group of a precautionary matter linked to the case
(chair or member) bars every place in :data:`CONFLICTING_CASE_ROLES`, the support caseworker's
included (issue 10: the measures are decided apart from the investigation and adjudication,
§19, §38). A place on the group that has ended no longer bars one on the case, whereas a place
on the case bars the group "now or before" (:func:`matter_case_conflicts`): the group decides
on risk, not on the allegation, so a former member brings no finding to the case.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from accounts.selectors import membership_get
from governance.models import RelationshipDeclaration
from precautionary.models import MatterRole
from precautionary.selectors import group_seats_on_case
from training.selectors import missing_qualifications

from .models import Case, CaseAssignment, CaseRole, Party

#: The places on a case whose holder may not sit on the group of a precautionary matter linked
#: to it, nor review its appeal (registered with precautionary in CasesConfig.ready); and,
#: the other way, the places nobody sitting now on such a group may take (:func:`group_conflicts`).
#: Decision recorded: the measures must be decided apart from the case's investigation and
#: adjudication (§19: not a finding of guilt; §38: the investigator is told of the measures,
#: never part of them), and a caseworker supports one party. The case's decision maker is not
#: here: the institution's decision maker convenes the group (precautionary.selectors.CONVENER).
CONFLICTING_CASE_ROLES = (CaseRole.INVESTIGATOR, CaseRole.INFORMAL_OFFICER, CaseRole.CLERK,
                          CaseRole.BOARD_CHAIR, CaseRole.BOARD_SU_OFFICER,
                          CaseRole.BOARD_ACADEMIC, CaseRole.APPEAL_REVIEWER,
                          CaseRole.CASEWORKER, CaseRole.APPEAL_PANEL_CHAIR,
                          CaseRole.APPEAL_PANEL_MEMBER, CaseRole.INDEPENDENT_REVIEWER)


def conflicts_for(*, user, case: Case, role: str, on: dt.date | None = None) -> list[str]:
    """Every reason ``user`` may not take ``role`` on ``case``, in plain words. Empty: may."""
    on = on or timezone.localdate()
    membership = membership_get(user=user, institution=case.institution)
    if membership is None:
        return ["is not a member of this institution"]
    reasons = [f"has no current {q}" for q in missing_qualifications(membership, on=on)]
    assignments = CaseAssignment.objects.for_institution(case.institution_id).filter(
        case=case, user=user)
    return reasons + conflicts_of_interest(user=user, case=case, role=role,
                                           assignments=assignments)


def conflicts_of_interest(*, user, case: Case, role: str, assignments,
                          declarations=None, seats=None) -> list[str]:
    """The reasons other than training: involvement in this case in another role, now or
    before (§39, §53, §55), declared relationships with a party, and a place on the group of
    a precautionary matter linked to the case. ``assignments`` are the case's assignments
    (any user, ended or not), usually already loaded; so may be ``declarations``, the user's
    declarations about a party (:func:`declarations_about`), and ``seats``, the groups'
    places (:func:`precautionary.selectors.group_seats_on_case`)."""
    reasons = [f"was involved in this case as {a.get_role_display().lower()}"
               for a in assignments
               if a.user_id == user.pk and a.role not in (role, CaseRole.CASEWORKER)]
    if role != CaseRole.CASEWORKER and any(
            a.user_id == user.pk and a.role == CaseRole.CASEWORKER for a in assignments):
        reasons.append("supports a party to this case as caseworker")
    if declarations is None:
        declarations = declared_relationships(user, case)
    if declarations:
        # Which party, and what the relationship is, stay with the declarer and HR (000 §8):
        # whoever reads the reason (the person appointing) learns only that there is one.
        reasons.append("declared a personal relationship with a party to this case")
    return reasons + group_conflicts(user=user, case=case, role=role, seats=seats)


def group_conflicts(*, user, case: Case, role: str, seats=None) -> list[str]:
    """Why ``user`` may not take ``role`` on ``case`` because they sit, or sat, on the group of
    a precautionary matter linked to it (the other side of :func:`matter_case_conflicts`):
    for every place in :data:`CONFLICTING_CASE_ROLES`, the support caseworker's included."""
    if role not in CONFLICTING_CASE_ROLES:
        return []
    if seats is None:
        seats = group_seats_on_case(case)
    return [f"{'sits' if seat.ended_at is None else 'sat'} on the group of precautionary "
            f"matter {seat.matter.reference}, linked to this case, as "
            + ("its chair" if seat.role == MatterRole.CHAIR else "a member")
            for seat in seats if seat.user_id == user.pk]


def appointment_conflicts(*, user, case: Case, role: str) -> list[str]:
    """Every reason ``user`` may not be appointed ``role`` on ``case``: for a place in the
    disciplinary process, :func:`conflicts_for`; a support caseworker is not in it (no
    training or relationship check) but may not sit on a linked matter's group."""
    if role == CaseRole.CASEWORKER:
        return group_conflicts(user=user, case=case, role=role)
    return conflicts_for(user=user, case=case, role=role)


def _party_keys(case: Case, parties) -> tuple[set[str], set[str]]:
    """The student IDs and emails of the respondent and the parties, as people type them."""
    respondent = case.respondent
    ids = {i.strip().lower() for i in [respondent.student_id, *(p[0] for p in parties)]}
    emails = {e.strip().lower() for e in [respondent.email, *(p[1] for p in parties)]}
    ids.discard("")
    emails.discard("")
    return ids, emails


def declarations_about(declarations, *, case: Case, parties) -> list:
    """Of ``declarations`` (one person's, already loaded), those about a party to the case
    (``parties``: the case's Party rows), matched as :func:`declared_relationships` matches
    them in the database (``LOWER(TRIM(...))``: TRIM takes off spaces)."""
    ids, emails = _party_keys(case, [(p.student_id, p.email) for p in parties])
    return [d for d in declarations
            if d.person_student_id.strip(" ").lower() in ids
            or d.person_email.strip(" ").lower() in emails]


def declared_relationships(user, case: Case):
    """``user``'s declared relationships with the respondent or a party (a queryset)."""
    parties = list(Party.objects.for_institution(case.institution_id).filter(case=case)
                   .values_list("student_id", "email"))
    ids, emails = _party_keys(case, parties)
    if not ids and not emails:
        return RelationshipDeclaration.objects.for_institution(case.institution_id).none()
    declarations = (
        RelationshipDeclaration.objects.for_institution(case.institution_id)
        .filter(declarer=user)
        .annotate(_sid=Lower(Trim("person_student_id")), _email=Lower(Trim("person_email")))
    )
    return declarations.filter(Q(_sid__in=ids) | Q(_email__in=emails))


def matter_case_conflicts(*, user, matter, role: str) -> list[str]:
    """Why ``user`` may not take ``role`` on a precautionary ``matter``: a place held on its
    linked case, now or before (as prior involvement is read for cases, §39)."""
    if matter.case_id is None:
        return []
    held = (CaseAssignment.objects.for_institution(matter.institution_id)
            .filter(case_id=matter.case_id, user_id=user.pk, role__in=CONFLICTING_CASE_ROLES)
            .order_by("role").values_list("role", flat=True).distinct())
    return ["supports a party to the linked case as caseworker" if r == CaseRole.CASEWORKER
            else f"was involved in the linked case as {CaseRole(r).label.lower()}"
            for r in held]
