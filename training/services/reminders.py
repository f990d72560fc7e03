"""Reminders to staff before a qualification their role needs expires (issue 11 §10).

A member of staff is reminded by email ``REMINDER_DAYS`` (60 and 14) days before a completion
expires when its module is for staff in a disciplinary role (and they hold one, or a place on a
precautionary group, which needs the same training) or for the holders of a role (and they hold
it), and they have not already renewed it (no later completion of the module). Each completion
is reminded once per threshold, whatever how often the task runs (an :class:`ExpiryReminder`
row per completion and threshold; the email's outbox key is the same pair). When two
thresholds fall due together (the completion was recorded late, or the task did not run for a
while) one email is sent, for the nearer, and the farther is recorded as passed over.

Students are not reminded here: their modules' reminders stay with the learning platform that
delivers them (the institution's VLE sends its own course reminders), and their modules do not
expire.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef

from accounts.models import MembershipRole
from accounts.roles import DISCIPLINARY_ROLES
from audit.services import audit_record_many
from outbox.mail import outbox_mail_many

from ..models import Completion, ExpiryReminder, Module

AUDIT_EVENTS = ("training.expiry_reminder_sent",)

REMINDER_DAYS = (60, 14)
#: Roles whose holders need the training of a module for "staff in a disciplinary role": the
#: disciplinary roles, and a place on a precautionary group (precautionary registers the role;
#: a place on the group needs the same training, precautionary/policies.py).
DISCIPLINARY_AUDIENCE = frozenset(DISCIPLINARY_ROLES) | {"precautionary_group"}
STAFF_ROLE_AUDIENCES = (Module.Audience.DISCIPLINARY_ROLES, Module.Audience.ROLE)


def roles_needing(module: Module) -> frozenset[str]:
    if module.audience == Module.Audience.DISCIPLINARY_ROLES:
        return DISCIPLINARY_AUDIENCE
    if module.audience == Module.Audience.ROLE and module.audience_role:
        return frozenset({module.audience_role})
    return frozenset()


@transaction.atomic
def expiry_reminders_send(*, institution, today: dt.date) -> int:
    """Queue today's reminders for one institution; returns how many emails."""
    completions = Completion.objects.for_institution(institution)
    renewed = completions.filter(learner_id=OuterRef("learner_id"),
                                 module_id=OuterRef("module_id"),
                                 completed_on__gt=OuterRef("completed_on"))
    due = list(completions.filter(
        module__audience__in=STAFF_ROLE_AUDIENCES, expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=max(REMINDER_DAYS)),
        learner__membership__is_active=True, learner__membership__user__is_active=True,
    ).exclude(Exists(renewed)).select_related("module", "learner__membership__user")
        .order_by("expires_on", "pk"))
    if not due:
        return 0
    sent = set(ExpiryReminder.objects.for_institution(institution)
               .filter(completion__in=due).values_list("completion_id", "days_before"))
    roles: dict[int, set[str]] = defaultdict(set)
    for membership_id, role in (MembershipRole.objects.for_institution(institution)
                                .filter(membership_id__in={c.learner.membership_id for c in due})
                                .values_list("membership_id", "role")):
        roles[membership_id].add(role)
    reminders, mails, events = [], [], []
    for completion in due:
        assert completion.expires_on is not None  # noqa: S101 - filtered above
        days_left = (completion.expires_on - today).days
        thresholds = [t for t in REMINDER_DAYS
                      if days_left <= t and (completion.pk, t) not in sent]
        held = roles_needing(completion.module) & roles[completion.learner.membership_id]
        if not thresholds or not held:
            continue
        nearest = min(thresholds)
        reminders += [ExpiryReminder(institution=institution, completion=completion,
                                     days_before=t, sent_on=today, emailed=t == nearest)
                      for t in thresholds]
        user = completion.learner.membership.user
        mails.append((f"training-expiry:{completion.pk}:{nearest}", [user.email],
                      f"[{institution.name}] Your {completion.module.title} training expires "
                      f"on {completion.expires_on:%d %B %Y}",
                      _body(institution, completion, days_left, sorted(held))))
        events.append(("training.expiry_reminder_sent", completion, {
            "days_before": nearest, "expires_on": completion.expires_on.isoformat(),
            "module": completion.module.key, "to": user.pk}))
    ExpiryReminder.objects.bulk_create(reminders, ignore_conflicts=True)
    outbox_mail_many(mails=mails, institution=institution)
    audit_record_many(institution=institution, events=events)
    return len(mails)


def _body(institution, completion: Completion, days_left: int, roles: list[str]) -> str:
    module = completion.module
    assert completion.expires_on is not None  # noqa: S101 - only expiring ones are reminded
    labels = " and ".join(institution.role_label(r) for r in roles)
    consequence = (
        "After that date you cannot take a role in a disciplinary process or on a "
        "precautionary group until you complete it again."
        if module.audience == Module.Audience.DISCIPLINARY_ROLES else
        f"Your role as {labels} needs it to be current.")
    return (
        f"{institution.name}\n\n"
        f"Your training '{module.title}', completed on {completion.completed_on:%d %B %Y}, is in "
        f"force until {completion.expires_on:%A %d %B %Y} ({days_left} days from today).\n\n"
        f"{consequence}\n\n"
        "Please complete the training again before then; your training administrator can "
        "tell you when the next session is. If you have already done so, your record will be "
        "updated when the completion reaches us.")
