"""The daily deadline sweep for one institution: mark missed deadlines, send reminders two
working days before and on the day. Idempotent: every row is claimed with a conditional UPDATE,
so a re-run (or two workers at once) sends no second reminder; the reminder is written to the
outbox in the claim's transaction and sent by its relay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from outbox.mail import outbox_mail

from ..calendar import WorkingCalendar
from ..models import Deadline, Institution

REMINDER_WORKING_DAYS = 2


@dataclass
class SweepResult:
    missed: int = 0
    windows_closed: int = 0
    reminded_before: int = 0
    reminded_due: int = 0


def deadlines_sweep(*, institution: Institution, today: dt.date, batch_size: int = 500
                    ) -> SweepResult:
    result = SweepResult()
    deadlines = Deadline.objects.for_institution(institution)

    # Missed: an action deadline still running after its due date; a window that passed
    # simply closes. Claimed in batches of ids.
    for kind, status, action in (
        (Deadline.Kind.ACTION, Deadline.Status.MISSED, "deadline.missed"),
        (Deadline.Kind.WINDOW, Deadline.Status.CLOSED, "deadline.window_closed"),
    ):
        while True:
            ids = list(
                deadlines.filter(status=Deadline.Status.RUNNING, kind=kind, due_date__lt=today)
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            for pk in ids:
                with transaction.atomic():
                    claimed = deadlines.filter(pk=pk, status=Deadline.Status.RUNNING).update(
                        status=status
                    )
                    if claimed:
                        deadline = deadlines.get(pk=pk)
                        audit_record(institution=institution, action=action,
                                     obj=deadline, changes={"due_date": deadline.due_date})
                        if kind == Deadline.Kind.ACTION:
                            result.missed += 1
                        else:
                            result.windows_closed += 1

    soon = WorkingCalendar(institution).add_working_days(today, REMINDER_WORKING_DAYS).date
    result.reminded_before = _remind(
        institution,
        deadlines.filter(status=Deadline.Status.RUNNING, kind=Deadline.Kind.ACTION,
                         due_date__gt=today,
                         due_date__lte=soon, reminder_before_sent=False),
        flag="reminder_before_sent",
        batch_size=batch_size,
        subject="Deadline in two working days",
    )
    result.reminded_due = _remind(
        institution,
        deadlines.filter(status=Deadline.Status.RUNNING, kind=Deadline.Kind.ACTION,
                         due_date=today,
                         reminder_due_sent=False),
        flag="reminder_due_sent",
        batch_size=batch_size,
        subject="Deadline today",
    )
    return result


def _remind(institution, queryset, *, flag: str, batch_size: int, subject: str) -> int:
    sent = 0
    while True:
        batch = list(queryset.select_related("assignee", "content_type")[:batch_size])
        if not batch:
            return sent
        for deadline in batch:
            with transaction.atomic():
                claimed = (
                    Deadline.objects.for_institution(institution)
                    .filter(pk=deadline.pk, **{flag: False})
                    .update(**{flag: True})
                )
                if not claimed:
                    continue
                recipients = _recipients(institution, deadline)
                _send(institution, deadline, recipients, subject, key=f"deadline:{deadline.pk}:"
                      f"{flag}:{deadline.due_date:%Y-%m-%d}")
                audit_record(institution=institution, action=f"deadline.{flag}", obj=deadline,
                             changes={"due_date": deadline.due_date,
                                      "recipients": len(recipients)})
                sent += 1


def _recipients(institution, deadline: Deadline) -> list[str]:
    """The assignee while they are still an active member of the institution (a user who has
    left it may still be active through another institution, and must hear nothing more of
    this one); otherwise every active member with the responsible role."""
    members = Membership.objects.for_institution(institution).filter(
        is_active=True, user__is_active=True
    )
    if deadline.assignee is not None and members.filter(user_id=deadline.assignee_id).exists():
        return [deadline.assignee.email]
    if not deadline.responsible_role:
        return []
    return list(
        members.filter(roles__role=deadline.responsible_role)
        .values_list("user__email", flat=True)
        .distinct()
    )


def _send(institution, deadline: Deadline, recipients: list[str], subject: str, *, key: str
          ) -> None:
    """The email names the deadline and its date only: case details stay in the application.
    It is written to the outbox in the claim's transaction, so the claim and the reminder
    commit together (a mail outage delays the reminder; it never loses it)."""
    body = (
        f"{institution.name}\n\n"
        f"{deadline.purpose}: due {deadline.due_date:%A %d %B %Y}; the time limit is "
        f"{deadline.rule_description}.\n\n"
        "Sign in to see the details."
    )
    outbox_mail(key=key, institution=institution, to=recipients,
                subject=f"[{institution.name}] {subject}", body=body)
