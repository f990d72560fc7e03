"""Opening a precautionary matter (002 §19: at any stage, from a case, from a report's request
for a risk assessment, or with no case yet), convening its group (§21) and naming the people
its measures protect."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import membership_get
from core.errors import field_errors
from core.references import next_number
from training.selectors import missing_qualifications

from ..conflicts import matter_conflicts
from ..errors import PrecautionaryError
from ..models import (
    Ground,
    Matter,
    MatterCounter,
    MatterMember,
    MatterRole,
    PrecautionarySettings,
    ProtectedPerson,
    RiskAssessmentRequest,
)
from ..policies import enforce, role_label, state_for
from ..roles import PRECAUTIONARY_GROUP
from ..selectors import CONVENER
from .common import lock, record, set_stage

#: Which institution role may hold each place on a matter.
MATTER_ROLE_NEEDS = {
    MatterRole.CHAIR: PRECAUTIONARY_GROUP,
    MatterRole.MEMBER: PRECAUTIONARY_GROUP,
    MatterRole.APPEAL_REVIEWER: Role.APPEAL_REVIEWER,
}


def _check_grounds(grounds) -> list[str]:
    grounds = list(grounds or [])
    if any(g not in Ground.values for g in grounds):
        raise field_errors(grounds="Choose grounds from the list (§20).")
    return grounds


def _may_open(actor, institution):
    membership = membership_get(user=actor, institution=institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    if not membership.has_role(CONVENER, PRECAUTIONARY_GROUP):
        label = PrecautionarySettings.of(institution).group_label
        raise PermissionDenied(f"Only the {institution.role_label(CONVENER)} or a member of the "
                               f"{label} can open a precautionary matter.")
    if missing_qualifications(membership, on=timezone.localdate()):
        raise PermissionDenied("You cannot act on precautionary measures without current "
                               "training.")
    return membership


def _create(*, institution, actor, student, grounds, reason, case=None, report=None,
            request=None, opened_by) -> Matter:
    if student is None or student.institution_id != institution.pk:
        raise field_errors(student="Choose the student from this institution's records.")
    for source in (case, report):
        if source is not None and source.institution_id != institution.pk:
            raise PrecautionaryError("The case or report belongs to another institution.")
    today = timezone.localdate()
    number = next_number(MatterCounter, institution, today.year)
    matter = Matter.objects.create(
        institution=institution, reference=f"{institution.slug.upper()}-PM-{today.year}-"
                                           f"{number:04d}",
        student=student, case=case, report=report, origin_request=request, grounds=grounds,
        referral_reason=reason.strip(), opened_by=opened_by)
    record(matter, actor, "precautionary.matter_opened", reference=matter.reference,
           case=getattr(case, "pk", None), report=getattr(report, "pk", None),
           request=getattr(request, "pk", None), grounds=grounds,
           automatic=opened_by is None)
    return matter


@transaction.atomic
def matter_open(*, institution, actor, student, reason: str, grounds=(), case=None,
                report=None) -> Matter:
    """Open a matter for ``student`` (a ``cases.Student`` of the institution). A member of the
    group who opens it chairs it (after the same checks as an appointment)."""
    membership = _may_open(actor, institution)
    grounds = _check_grounds(grounds)
    if not reason.strip():
        raise field_errors(reason="Say why precautionary measures may be needed (§20).")
    matter = _create(institution=institution, actor=actor, student=student, grounds=grounds,
                     reason=reason, case=case, report=report, opened_by=actor)
    if not membership.has_role(CONVENER):
        _appoint(matter, user=actor, role=MatterRole.CHAIR, by=actor)
    return matter


@transaction.atomic
def matter_open_from_request(*, request: RiskAssessmentRequest, actor, student,
                             grounds=()) -> Matter:
    """The group takes up a request for a risk assessment raised from a report (001) or a
    case: a matter opens for the student it concerns, and the request is being assessed."""
    request = (RiskAssessmentRequest.objects.for_institution(request.institution_id)
               .select_for_update(of=("self",)).select_related("institution").get(pk=request.pk))
    institution = request.institution
    membership = _may_open(actor, institution)
    if request.status != RiskAssessmentRequest.Status.OPEN:
        raise PrecautionaryError("This request has already been taken up.")
    grounds = _check_grounds(grounds)
    matter = _create(institution=institution, actor=actor, student=student, grounds=grounds,
                     reason=request.reason, case=request.case, report=request.report,
                     request=request, opened_by=actor)
    request.status = RiskAssessmentRequest.Status.IN_PROGRESS
    request.save(update_fields=["status"])
    if not membership.has_role(CONVENER):
        _appoint(matter, user=actor, role=MatterRole.CHAIR, by=actor)
    return matter


@transaction.atomic
def matter_refer_new_case(*, case, actor) -> Matter | None:
    """Called by ``cases`` when a conduct case opens, in the same transaction: where the
    institution refers every conduct case to the group (Midshire, 004), a matter opens for
    the respondent. Returns None where it does not."""
    if not PrecautionarySettings.of(case.institution).refer_every_conduct_case:
        return None
    label = PrecautionarySettings.of(case.institution).group_label
    return _create(institution=case.institution, actor=actor, student=case.respondent,
                   grounds=[], case=case, opened_by=None,
                   reason=f"Every conduct case is referred to the {label} ({case.reference}).")


@transaction.atomic
def matter_appoint(*, matter: Matter, actor, user, role: str) -> MatterMember:
    """Convene: appoint the chair or a member of the group (need-to-know, §21)."""
    matter = lock(matter)
    enforce("convene", matter=matter, actor=actor)
    if role not in (MatterRole.CHAIR, MatterRole.MEMBER):
        raise field_errors(role="Choose chair or member.")
    return _appoint(matter, user=user, role=role, by=actor)


def _appoint(matter: Matter, *, user, role: str, by) -> MatterMember:
    """Every check of a place on the matter: the institution role, current training, no
    conflict of interest; one chair at a time."""
    state = state_for(matter=matter, actor=by)
    membership = membership_get(user=user, institution=matter.institution)
    if membership is None:
        raise PrecautionaryError("That person is not a member of staff here.")
    needed = MATTER_ROLE_NEEDS[MatterRole(role)]
    place = role_label(state, role)
    if not membership.has_role(needed):
        raise PrecautionaryError(f"{user} cannot be {place}: they do not hold the role of "
                                 f"{matter.institution.role_label(needed)} here.")
    missing = missing_qualifications(membership, on=timezone.localdate())
    reasons = [f"has no current {q}" for q in missing]
    reasons += matter_conflicts(user=user, matter=matter, role=role)
    if reasons:
        raise PrecautionaryError(f"{user} cannot be {place} on {matter.reference}: "
                                 + "; ".join(reasons) + ".")
    current = MatterMember.objects.for_institution(matter.institution_id).filter(
        matter=matter, ended_at__isnull=True)
    if current.filter(user=user, role=role).exists():
        raise PrecautionaryError(f"{user} is already {place}.")
    if role == MatterRole.CHAIR and current.filter(role=MatterRole.CHAIR).exists():
        raise PrecautionaryError("The group already has a chair: end that appointment first.")
    member = MatterMember.objects.create(institution=matter.institution, matter=matter,
                                         user=user, role=role, appointed_by=by)
    record(matter, by, "precautionary.member_appointed", role=role, user=user.email)
    return member


@transaction.atomic
def matter_unappoint(*, member: MatterMember, actor, reason: str) -> MatterMember:
    matter = lock(member.matter)
    enforce("convene", matter=matter, actor=actor)
    member = MatterMember.objects.for_institution(matter.institution_id).select_for_update().get(
        pk=member.pk, matter=matter)
    if member.ended_at is not None:
        raise PrecautionaryError("That appointment has already ended.")
    if not reason.strip():
        raise field_errors(reason="Say why the appointment ends.")
    member.ended_at = timezone.now()
    member.end_reason = reason.strip()
    member.save(update_fields=["ended_at", "end_reason"])
    record(matter, actor, "precautionary.member_ended", role=member.role,
           user=member.user.email, reason=reason.strip())
    return member


@transaction.atomic
def protected_person_add(*, matter: Matter, actor, name: str, relation: str, email: str = "",
                         address: str = "", student_id: str = "") -> ProtectedPerson:
    matter = lock(matter)
    enforce("protected_add", matter=matter, actor=actor)
    problems = {}
    if not name.strip():
        problems["name"] = "Enter the person's name."
    if relation not in ProtectedPerson.Relation.values:
        problems["relation"] = "Choose how the person is involved."
    if problems:
        raise field_errors(**problems)
    person = ProtectedPerson.objects.create(
        institution=matter.institution, matter=matter, name=name.strip(), relation=relation,
        email=email.strip().lower(), address=address.strip(), student_id=student_id.strip())
    record(matter, actor, "precautionary.protected_added", person=person.pk, relation=relation)
    return person


@transaction.atomic
def matter_close(*, matter: Matter, actor, reason: str) -> Matter:
    matter = lock(matter)
    enforce("close", matter=matter, actor=actor)
    if not reason.strip():
        raise field_errors(reason="Give the reason for closing.")
    matter.closed_on = timezone.localdate()
    matter.closure_reason = reason.strip()[:200]
    matter.save(update_fields=["closed_on", "closure_reason", "updated_at"])
    set_stage(matter, Matter.Stage.CLOSED, actor, "precautionary.matter_closed",
              reason=reason.strip())
    from .common import cancel

    cancel(matter, reason="Matter closed", actor=actor)
    if matter.origin_request_id:
        RiskAssessmentRequest.objects.for_institution(matter.institution_id).filter(
            pk=matter.origin_request_id).update(status=RiskAssessmentRequest.Status.DONE)
    return matter
