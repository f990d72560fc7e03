"""Shared pieces of the Safe Contact services: the lock, the audit record, the step deadlines
and the mail that tells people what happened.

Lock order: the Safe Contact record first (:func:`lock`), then the rows the service changes
(a deadline, a role), then the audit chain head (``audit_record``, last)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.selectors import members_with_role, membership_get
from audit.services import audit_record
from institutions.models import Deadline
from institutions.procedure import Cohort
from institutions.selectors import deadlines_for
from institutions.services.deadlines import deadline_cancel, deadline_complete, deadline_register
from outbox.mail import outbox_mail

from ..models import SafeContact
from ..procedure import STEP_RULES

EDI = Role.EDI_ADMIN


def lock(record: SafeContact) -> SafeContact:
    return (SafeContact.objects.for_institution(record.institution_id)
            .select_for_update(of=("self",))
            .select_related("institution", "person").get(pk=record.pk))


def record_event(record: SafeContact, actor, action: str, **changes) -> None:
    audit_record(institution=record.institution, actor=actor, action=action, obj=record,
                 changes=changes)


def set_stage(record: SafeContact, stage: str, actor, action: str, *, on: dt.date,
              fields: tuple[str, ...] = (), **changes) -> None:
    """Move the record to ``stage``: the limit of the step it leaves is met, the one of the
    step it enters starts (safecontacts/procedure.py)."""
    previous = record.stage
    record.stage = stage
    record.stage_since = on
    record.save(update_fields=["stage", "stage_since", "updated_at", *fields])
    step_deadlines(record, on=on, actor=actor, leaving=previous)
    record_event(record, actor, action, stage_from=previous, stage_to=stage, **changes)


def step_deadlines(record: SafeContact, *, on: dt.date, actor, leaving: str = "") -> None:
    """The step's limit is met (or, already missed, done late); any other still open is
    cancelled (a decline). A missed limit is marked done when the record leaves its step, so
    the record is no longer overdue."""
    for deadline in deadlines_for(institution=record.institution, subject=record):
        late_undone = deadline.status == Deadline.Status.MISSED and deadline.completed_on is None
        if not (deadline.is_open or late_undone):
            continue
        done = deadline.rule == STEP_RULES.get(leaving) and \
            record.stage != SafeContact.Stage.DECLINED
        if done or late_undone:
            deadline_complete(deadline=deadline, on=on, actor=actor)
        else:
            deadline_cancel(deadline=deadline, reason="The application left that step.",
                            actor=actor)
    rule = STEP_RULES.get(record.stage)
    if rule:
        deadline_register(institution=record.institution, subject=record, rule=rule,
                          cohort=Cohort.STANDARD, start=on, responsible_role=EDI, actor=actor)


def member_of(actor, institution):
    membership = membership_get(user=actor, institution=institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    return membership


def require_edi(actor, institution):
    membership = member_of(actor, institution)
    if not membership.has_role(EDI):
        raise PermissionDenied(f"Only an {institution.role_label(EDI)} can do this.")
    return membership


def tell(record: SafeContact, key: str, subject: str, body: str) -> None:
    """A mail to the applicant or Safe Contact (through the outbox, in this transaction)."""
    inst = record.institution
    outbox_mail(key=f"safecontacts:{record.pk}:{key}", to=[record.email],
                subject=f"[{inst.name}] {subject}",
                body=f"{inst.name}\n\n{body}\n\nSign in to see the details.",
                institution=inst)


def tell_edi(institution, key: str, subject: str, body: str) -> None:
    """A mail to every EDI administrator of the institution."""
    to = sorted(m.user.email for m in members_with_role(institution=institution, role=EDI))
    outbox_mail(key=key, to=to, subject=f"[{institution.name}] {subject}",
                body=f"{institution.name}\n\n{body}\n\nSign in to see the details.",
                institution=institution)
