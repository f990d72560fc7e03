"""Need-to-know for cases: a case is visible to the people assigned to it and to the
institution's decision makers; everyone else gets the same 404 as for a case that does not
exist. Every read of a case is audited. guardian is called only through accounts.permissions."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Membership
from accounts.permissions import access_institution, has_object_access
from accounts.roles import Role
from audit.services import audit_read

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


def can_see_case(*, membership: Membership, case: Case) -> bool:
    if case.institution_id != membership.institution_id:
        return False
    return membership.has_role(*SEES_EVERY_CASE) or has_object_access(
        user=membership.user, obj=case, perm=WORK_ON_CASE
    )


def access_case(*, user, institution, case_id, what: str = "case file") -> tuple[Case, Membership]:
    """The case and the caller's membership, or 404; records the read in the audit trail."""
    membership = access_institution(user=user, institution=institution)
    try:
        case = (
            Case.objects.for_institution(institution)
            .select_related("respondent", "institution")
            .get(pk=int(case_id))
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    if not can_see_case(membership=membership, case=case):
        raise Http404("Not found.")
    audit_read(institution=institution, actor=user, obj=case, what=what)
    return case, membership
