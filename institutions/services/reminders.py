"""The daily deadline sweep for one institution: mark missed deadlines, close windows that
have passed, send reminders two working days before and on the day.

Set-based, so that it keeps up with a million open deadlines (issue 9): each step claims up
to ``batch_size`` rows in one transaction (``SELECT ... FOR UPDATE SKIP LOCKED``, then one
UPDATE), records their audit events in one insert (``audit_record_many``), writes their
reminders to the outbox in one insert (``outbox_mail_many``), and refreshes the deadline
summary of the cases and reports concerned in one UPDATE per model. The statements grow with
the number of batches, never with the number of deadlines in a batch.

Idempotent: a claimed row no longer matches its step, so a re-run (or two workers at once)
sends no second reminder; rows a member of staff is changing at that moment are skipped, not
waited for (no lock cycle with a staff transaction), and taken by the next run. The reminder
commits with its claim and is sent by the outbox relay, so a mail outage delays it and never
loses it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import Membership, MembershipRole
from audit.services import audit_record_many
from outbox.mail import outbox_mail_many

from ..calendar import WorkingCalendar
from ..models import Deadline, Institution
from .summary import deadline_summary_refresh

REMINDER_WORKING_DAYS = 2
CLAIMED_FIELDS = ("pk", "content_type_id", "object_id", "due_date", "purpose",
                  "rule_description", "assignee_id", "responsible_role")


@dataclass
class SweepResult:
    missed: int = 0
    windows_closed: int = 0
    reminded_before: int = 0
    reminded_due: int = 0


def deadlines_sweep(*, institution: Institution, today: dt.date, batch_size: int = 5000
                    ) -> SweepResult:
    result = SweepResult()
    running = Deadline.objects.for_institution(institution).filter(
        status=Deadline.Status.RUNNING)

    # Missed: an action deadline still running after its due date; a window that passed
    # simply closes. The cases and reports concerned get their summary refreshed after.
    touched: dict[int, set[int]] = defaultdict(set)
    for kind, status, action in (
        (Deadline.Kind.ACTION, Deadline.Status.MISSED, "deadline.missed"),
        (Deadline.Kind.WINDOW, Deadline.Status.CLOSED, "deadline.window_closed"),
    ):
        while True:
            with transaction.atomic():
                claimed = _claim(running.filter(kind=kind, due_date__lt=today),
                                 {"status": status}, batch_size)
                audit_record_many(institution=institution, events=[
                    (action, ("institutions.deadline", str(d["pk"])),
                     {"due_date": d["due_date"]}) for d in claimed])
            for d in claimed:
                touched[d["content_type_id"]].add(d["object_id"])
            if kind == Deadline.Kind.ACTION:
                result.missed += len(claimed)
            else:
                result.windows_closed += len(claimed)
            if len(claimed) < batch_size:
                break
    _refresh_summaries(institution, touched, today)

    soon = WorkingCalendar(institution).add_working_days(today, REMINDER_WORKING_DAYS).date
    recipients = _Recipients(institution)
    actions = running.filter(kind=Deadline.Kind.ACTION)
    result.reminded_before = _remind(
        institution, actions.filter(due_date__gt=today, due_date__lte=soon,
                                    reminder_before_sent=False),
        flag="reminder_before_sent", batch_size=batch_size,
        subject="Deadline in two working days", recipients=recipients)
    result.reminded_due = _remind(
        institution, actions.filter(due_date=today, reminder_due_sent=False),
        flag="reminder_due_sent", batch_size=batch_size, subject="Deadline today",
        recipients=recipients)
    return result


def _claim(queryset, values: dict, limit: int) -> list[dict]:
    """Lock up to ``limit`` rows of ``queryset`` that nobody else holds, set ``values`` on
    them, and return them as they were (two statements)."""
    rows = list(queryset.order_by("pk").select_for_update(skip_locked=True)
                .values(*CLAIMED_FIELDS)[:limit])
    if rows:
        queryset.filter(pk__in=[r["pk"] for r in rows]).update(**values)
    return rows


def _refresh_summaries(institution, touched: dict[int, set[int]], today: dt.date,
                       chunk: int = 2000) -> None:
    for content_type_id, object_ids in touched.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        ids = sorted(object_ids)
        for start in range(0, len(ids), chunk):
            with transaction.atomic():
                deadline_summary_refresh(institution_id=institution.pk,
                                         content_type=content_type,
                                         object_ids=ids[start:start + chunk], today=today,
                                         lock_in_order=True)


class _Recipients:
    """Who is reminded of a deadline: its assignee while they are still an active member of
    the institution (a user who has left it may still be active through another institution,
    and must hear nothing more of this one); otherwise every active member with the
    responsible role. Read once per sweep (two queries), not once per deadline."""

    def __init__(self, institution) -> None:
        members = Membership.objects.for_institution(institution).filter(
            is_active=True, user__is_active=True)
        self.email_of = dict(members.values_list("user_id", "user__email"))
        self.by_role: dict[str, set[str]] = defaultdict(set)
        for role, email in (MembershipRole.objects.for_institution(institution)
                            .filter(membership__is_active=True, membership__user__is_active=True)
                            .values_list("role", "membership__user__email")):
            self.by_role[role].add(email)

    def of(self, deadline: dict) -> list[str]:
        if deadline["assignee_id"] in self.email_of:
            return [self.email_of[deadline["assignee_id"]]]
        return sorted(self.by_role.get(deadline["responsible_role"], ())) \
            if deadline["responsible_role"] else []


def _remind(institution, queryset, *, flag: str, batch_size: int, subject: str,
            recipients: _Recipients) -> int:
    sent = 0
    while True:
        with transaction.atomic():
            claimed = _claim(queryset, {flag: True}, batch_size)
            mails, events = [], []
            for d in claimed:
                to = recipients.of(d)
                mails.append((f"deadline:{d['pk']}:{flag}:{d['due_date']:%Y-%m-%d}", to,
                              f"[{institution.name}] {subject}", _body(institution, d)))
                events.append((f"deadline.{flag}", ("institutions.deadline", str(d["pk"])),
                               {"due_date": d["due_date"], "recipients": len(to)}))
            outbox_mail_many(mails=mails, institution=institution)
            audit_record_many(institution=institution, events=events)
        sent += len(claimed)
        if len(claimed) < batch_size:
            return sent


def _body(institution, deadline: dict) -> str:
    """The email names the deadline and its date only: case details stay in the
    application."""
    return (
        f"{institution.name}\n\n"
        f"{deadline['purpose']}: due {deadline['due_date']:%A %d %B %Y}; the time limit is "
        f"{deadline['rule_description']}.\n\n"
        "Sign in to see the details."
    )
