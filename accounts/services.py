"""Who may act in an institution: memberships and the roles they hold (DOMAIN.md "People and
roles"). The training a member holds is kept by the training app (``training.selectors``).
These decide who may act on a case, so every change is made here, by the institution's admin
(or a superuser), and recorded in the institution's audit chain in the domain's words (issue 8
§4). The admin site calls these.

Ending a membership ends everything it gave at once, without touching other rows: every check
of a role, of need-to-know and of the admin site reads only *active* memberships
(``membership_get``, ``has_object_access``, ``institutions_administered_by``). Appointments to
cases are deliberately left for the decision maker to end and replace (``case_unassign``): who
replaces a Board member or an investigator is a decision of the procedure (§39, §53), and the
person's access has already lapsed. The ended membership keeps its roles, so it can be
reinstated as it was.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.changes import row_change, row_create, row_delete
from audit.services import audit_record

from .models import Membership, MembershipRole, User
from .permissions import require_institution_admin
from .roles import Role, role_keys
from .selectors import users_an_admin_may_add

#: The events these services write (for the registry of audit event types).
AUDIT_EVENTS = (
    "accounts.role_granted", "accounts.role_revoked",
    "accounts.membership_added", "accounts.membership_changed", "accounts.membership_ended",
    "accounts.membership_reinstated", "accounts.membership_removed",
    # Written before the training app kept completion records; kept so the chain still reads.
    "accounts.qualification_recorded", "accounts.qualification_changed",
    "accounts.qualification_removed",
)


def _who(membership: Membership) -> dict:
    return {"user": membership.user.email, "membership": membership.pk}


def _last_admin(membership: Membership) -> bool:
    """True when ``membership`` is the institution's only active one with the admin role:
    taking it away would leave nobody to configure the institution."""
    if not membership.is_active or not membership.roles.filter(
            role=Role.INSTITUTION_ADMIN).exists():
        return False
    return not (MembershipRole.objects.for_institution(membership.institution_id)
                .filter(role=Role.INSTITUTION_ADMIN, membership__is_active=True)
                .exclude(membership=membership).exists())


def _refuse_last_admin(membership: Membership, field: str, doing: str) -> None:
    if _last_admin(membership):
        label = membership.institution.role_label(Role.INSTITUTION_ADMIN)
        raise ValidationError({field: [
            f"{membership.user} is the only {label} here: give another member that role "
            f"before you {doing}."]})


# -- roles -------------------------------------------------------------------------------------
@transaction.atomic
def role_grant(*, membership: Membership, role: str, actor) -> MembershipRole:
    """Give a member a role in their institution."""
    institution = membership.institution
    require_institution_admin(actor=actor, institution=institution)
    if role not in role_keys():
        raise ValidationError({"role": ["Choose a role."]})
    if membership.roles.filter(role=role).exists():
        raise ValidationError({"role": [
            f"{membership.user} already holds the role of {institution.role_label(role)}."]})
    return row_create(MembershipRole, institution=institution, actor=actor,
                      action="accounts.role_granted",
                      values={"membership": membership, "role": role},
                      describe={**_who(membership), "role": role,
                                "role_label": institution.role_label(role)})


@transaction.atomic
def role_revoke(*, membership: Membership, role: str, actor) -> None:
    """Take a role away from a member. The institution's last admin keeps theirs."""
    institution = membership.institution
    require_institution_admin(actor=actor, institution=institution)
    held = membership.roles.filter(role=role).first()
    if held is None:
        raise ValidationError({"role": [
            f"{membership.user} does not hold the role of {institution.role_label(role)}."]})
    if role == Role.INSTITUTION_ADMIN:
        _refuse_last_admin(membership, "role", "take it away")
    row_delete(held, actor=actor, action="accounts.role_revoked",
               describe=lambda row: {**_who(membership), "role": role,
                                     "role_label": institution.role_label(role)})


@transaction.atomic
def role_grant_following(*, membership: Membership, role: str, actor, because: str
                         ) -> MembershipRole | None:
    """Give a member a role that follows from a decision another app's service has taken and
    checked (an EDI administrator publishing a Safe Contact gives the ``safe_contact`` role,
    001): not the institution admin's call, but recorded as every grant is, with ``because``.
    Nothing happens (None) when the member already holds the role."""
    institution = membership.institution
    if role not in role_keys():
        raise ValidationError({"role": ["Choose a role."]})
    if membership.roles.filter(role=role).exists():
        return None
    return row_create(MembershipRole, institution=institution, actor=actor,
                      action="accounts.role_granted",
                      values={"membership": membership, "role": role},
                      describe={**_who(membership), "role": role, "because": because,
                                "role_label": institution.role_label(role)})


@transaction.atomic
def role_revoke_following(*, membership: Membership, role: str, actor, because: str) -> bool:
    """Take away a role given by :func:`role_grant_following` when the decision behind it
    ends (a Safe Contact retires), recorded with ``because``. False when it was not held.
    Never the institution admin role."""
    if role == Role.INSTITUTION_ADMIN:
        raise ValueError("The institution admin role is only taken away by an admin.")
    held = membership.roles.filter(role=role).first()
    if held is None:
        return False
    institution = membership.institution
    row_delete(held, actor=actor, action="accounts.role_revoked",
               describe=lambda row: {**_who(membership), "role": role, "because": because,
                                     "role_label": institution.role_label(role)})
    return True


# -- memberships -------------------------------------------------------------------------------
@transaction.atomic
def membership_add(*, institution, user: User, actor, job_title: str = "",
                   department: str = "") -> Membership:
    """Make ``user`` a member of staff of ``institution`` (roles are granted separately).
    An institution admin may add only their own institutions' people and accounts that belong
    to no institution yet, never another institution's staff."""
    require_institution_admin(actor=actor, institution=institution)
    if not users_an_admin_may_add(actor=actor).filter(pk=user.pk).exists():
        raise ValidationError({"user": ["Choose a person you may add to this institution."]})
    existing = Membership.objects.for_institution(institution).filter(user=user).first()
    if existing is not None:
        raise ValidationError({"user": [
            f"{user} is already a member here." if existing.is_active else
            f"{user}'s membership here has ended: reinstate it instead."]})
    return row_create(Membership, institution=institution, actor=actor,
                      action="accounts.membership_added",
                      values={"user": user, "job_title": job_title.strip(),
                              "department": department.strip()},
                      describe={"user": user.email})


@transaction.atomic
def membership_update(*, membership: Membership, actor, job_title: str,
                      department: str) -> Membership:
    """Change a member's job title or department."""
    require_institution_admin(actor=actor, institution=membership.institution)
    return row_change(membership, actor=actor, action="accounts.membership_changed",
                      values={"job_title": job_title.strip(), "department": department.strip()},
                      describe=_who)


def membership_end_check(*, reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the membership ends."]})


@transaction.atomic
def membership_end(*, membership: Membership, actor, reason: str) -> Membership:
    """End a membership (the person left, or no longer works on cases): from now on no role,
    access to a case or report, or admin right it gave has any effect (see the module's
    docstring for appointments to cases). The institution's last admin cannot be ended."""
    require_institution_admin(actor=actor, institution=membership.institution)
    membership_end_check(reason=reason)
    membership = Membership.objects.for_institution(membership.institution_id) \
        .select_for_update(of=("self",)).get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError({"is_active": ["This membership has already ended."]})
    _refuse_last_admin(membership, "is_active", "end this membership")
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(institution=membership.institution, actor=actor,
                 action="accounts.membership_ended", obj=membership, changes={
                     **_who(membership), "reason": reason.strip(),
                     "roles": sorted(membership.roles.values_list("role", flat=True))})
    return membership


@transaction.atomic
def membership_reinstate(*, membership: Membership, actor) -> Membership:
    """Reinstate an ended membership with the roles it had."""
    require_institution_admin(actor=actor, institution=membership.institution)
    membership = Membership.objects.for_institution(membership.institution_id) \
        .select_for_update(of=("self",)).get(pk=membership.pk)
    if membership.is_active:
        raise ValidationError({"is_active": ["This membership is active."]})
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    audit_record(institution=membership.institution, actor=actor,
                 action="accounts.membership_reinstated", obj=membership, changes={
                     **_who(membership),
                     "roles": sorted(membership.roles.values_list("role", flat=True))})
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    """Delete a membership entered in error, with its roles (a person who
    leaves is ended instead, which keeps the record). The chain keeps what it held."""
    require_institution_admin(actor=actor, institution=membership.institution)
    _refuse_last_admin(membership, "is_active", "remove this membership")
    row_delete(membership, actor=actor, action="accounts.membership_removed", describe=lambda m: {
        **_who(m), "roles": sorted(m.roles.values_list("role", flat=True))})
