"""Need-to-know for cases: a case is visible to the people assigned to it and to the
institution's decision makers; everyone else gets the same 404 as for a case that does not
exist. Every read of a case is audited. guardian is called only through accounts.permissions."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404

from accounts.models import Membership
from accounts.permissions import access_institution, has_object_access
from accounts.roles import Role
from audit.services import audit_read
from institutions.models import Institution

from .models import Case, CaseUserObjectPermission

WORK_ON_CASE = "cases.work_on_case"
SEES_EVERY_CASE = (Role.DECISION_MAKER,)


def cases_visible_to(*, membership: Membership):
    """The cases this member may see (a queryset, scoped to their institution)."""
    cases = Case.objects.for_institution(membership.institution_id)
    if membership.has_role(*SEES_EVERY_CASE):
        return cases
    granted = CaseUserObjectPermission.objects.filter(
        institution_id=membership.institution_id,
        user_id=membership.user_id,
        permission__codename="work_on_case",
    ).values("content_object_id")
    return cases.filter(pk__in=granted)


def can_see_case(*, membership: Membership, case: Case, granted: bool | None = None) -> bool:
    """``granted``: whether the member's permission row exists, when it was read with the
    case (:func:`access_case`); guardian gives a user the same answer from the same rows
    (superusers aside; the project grants no object permission to groups)."""
    if case.institution_id != membership.institution_id:
        return False
    if membership.has_role(*SEES_EVERY_CASE):
        return True
    if granted is not None:
        user = membership.user
        return user.is_active and (granted or user.is_superuser)
    return has_object_access(user=membership.user, obj=case, perm=WORK_ON_CASE,
                             membership=membership)


def _granted(membership: Membership) -> Exists:
    """The member holds the need-to-know permission on the case (the rows guardian reads)."""
    return Exists(CaseUserObjectPermission.objects.filter(
        institution_id=membership.institution_id, user_id=membership.user_id,
        permission__codename="work_on_case", content_object_id=OuterRef("pk")))


def access_case(*, user, institution, case_id, what: str = "case file",
                membership: Membership | None = None) -> tuple[Case, Membership]:
    """The case and the caller's membership, or 404; records the read in the audit trail.
    ``membership``: the caller's, when the request has already looked it up (staff_view, the
    API's InstitutionScopedMixin), so it is not read twice. The permission row is read with
    the case (as ``cases_visible_to`` reads it) for :func:`can_see_case`."""
    if membership is None or membership.user_id != user.pk \
            or membership.institution_id != getattr(institution, "pk", institution):
        membership = access_institution(user=user, institution=institution)
    try:
        case = (
            Case.objects.for_institution(institution)
            .select_related("respondent", *(() if isinstance(institution, Institution)
                                            else ("institution",)))
            .annotate(need_to_know=_granted(membership))
            .get(pk=int(case_id))
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    if isinstance(institution, Institution):
        case.institution = institution  # the request's own: what it keeps is kept once
    if not can_see_case(membership=membership, case=case, granted=case.need_to_know):
        raise Http404("Not found.")
    audit_read(institution=institution, actor=user, obj=case, what=what)
    return case, membership
