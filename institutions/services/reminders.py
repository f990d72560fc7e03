"""The daily deadline sweep for one institution: mark missed deadlines, close windows that
have passed, send reminders two working days before and on the day, and escalate a missed
deadline whose rule names a role to escalate to (``RuleSpec.escalate_to``: an overdue
precautionary review goes to the decision maker) to every holder of that role, and to the
deadline's assignee where the rule says so (``RuleSpec.escalate_to_assignee``: an overdue
action-plan item reminds its lead).

Set-based, so that it keeps up with a million open deadlines (issue 9): one claim per batch of
up to ``batch_size`` rows, in one transaction, takes everything the day asks for (``SELECT ...
FOR UPDATE SKIP LOCKED``: what is past its date and what needs a reminder), then one UPDATE per
outcome, their audit events in one insert (``audit_record_many``) and their reminders in one
insert into the outbox (``outbox_mail_many``); then the deadline summary of the cases and
reports concerned is refreshed in one UPDATE per model. The statements grow with the number of
batches, never with the number of deadlines in a batch.

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
from django.db.models import Q

from accounts.models import Membership, MembershipRole
from audit.services import audit_record_many
from outbox.mail import outbox_mail_many

from ..calendar import WorkingCalendar
from ..models import Deadline, Institution
from ..procedure import rule_spec
from .summary import deadline_summary_refresh

REMINDER_WORKING_DAYS = 2
CLAIMED_FIELDS = ("pk", "kind", "content_type_id", "object_id", "due_date", "purpose",
                  "rule_description", "assignee_id", "responsible_role", "rule")
#: What a running deadline past its date becomes, and the event recorded.
PAST_DUE = {Deadline.Kind.ACTION: "deadline.missed",
            Deadline.Kind.WINDOW: "deadline.window_closed"}


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
    soon = WorkingCalendar(institution).add_working_days(today, REMINDER_WORKING_DAYS).date
    # Past their date: an action deadline still running is missed, a window simply closes.
    # Due soon or today: a reminder. All in one claim per batch.
    work = running.filter(
        Q(kind__in=PAST_DUE, due_date__lt=today)
        | Q(kind=Deadline.Kind.ACTION, due_date__gt=today, due_date__lte=soon,
            reminder_before_sent=False)
        | Q(kind=Deadline.Kind.ACTION, due_date=today, reminder_due_sent=False))
    touched: dict[int, set[int]] = defaultdict(set)
    recipients: _Recipients | None = None
    while True:
        with transaction.atomic():
            claimed = _claim(work, batch_size)
            past = [d for d in claimed if d["due_date"] < today]
            missed = [d["pk"] for d in past if d["kind"] == Deadline.Kind.ACTION]
            closed = [d["pk"] for d in past if d["kind"] == Deadline.Kind.WINDOW]
            before = [d for d in claimed if d["due_date"] > today]
            on_the_day = [d for d in claimed if d["due_date"] == today]
            escalated = [(d, spec) for d in past if d["kind"] == Deadline.Kind.ACTION
                         and (spec := _escalation(d["rule"])) is not None]
            _set(running, missed, status=Deadline.Status.MISSED)
            _set(running, closed, status=Deadline.Status.CLOSED)
            _set(running, [d["pk"] for d in before], reminder_before_sent=True)
            _set(running, [d["pk"] for d in on_the_day], reminder_due_sent=True)
            events = [(PAST_DUE[d["kind"]], ("institutions.deadline", str(d["pk"])),
                       {"due_date": d["due_date"]}) for d in past]
            mails = []
            if (before or on_the_day or escalated) and recipients is None:
                recipients = _Recipients(institution)
            for flag, subject, rows in (
                    ("reminder_before_sent", "Deadline in two working days", before),
                    ("reminder_due_sent", "Deadline today", on_the_day)):
                for d in rows:
                    to = recipients.of(d) if recipients is not None else []
                    mails.append((f"deadline:{d['pk']}:{flag}:{d['due_date']:%Y-%m-%d}", to,
                                  f"[{institution.name}] {subject}", _body(institution, d)))
                    events.append((f"deadline.{flag}", ("institutions.deadline", str(d["pk"])),
                                   {"due_date": d["due_date"], "recipients": len(to)}))
            for d, spec in escalated:
                to = recipients.holding(spec.escalate_to) if recipients is not None else []
                if spec.escalate_to_assignee and recipients is not None:
                    to = sorted(set(to) | set(recipients.of(d)))
                mails.append((f"deadline:{d['pk']}:escalated:{d['due_date']:%Y-%m-%d}", to,
                              f"[{institution.name}] Overdue: {d['purpose']}",
                              _body(institution, d, overdue=True)))
                events.append(("deadline.escalated", ("institutions.deadline", str(d["pk"])),
                               {"due_date": d["due_date"], "role": spec.escalate_to,
                                "recipients": len(to)}))
            outbox_mail_many(mails=mails, institution=institution)
            audit_record_many(institution=institution, events=events)
        for d in past:
            touched[d["content_type_id"]].add(d["object_id"])
        result.missed += len(missed)
        result.windows_closed += len(closed)
        result.reminded_before += len(before)
        result.reminded_due += len(on_the_day)
        if len(claimed) < batch_size:
            break
    # The cases and reports whose deadlines were closed or missed: their summaries, in their
    # own transactions, the rows locked in id order.
    _refresh_summaries(institution, touched, today)
    return result


def _escalation(rule: str):
    """The rule's spec when a missed deadline of it is escalated (to a role, its assignee or
    both), else None."""
    spec = rule_spec(rule) if rule else None
    if spec is None or not (spec.escalate_to or spec.escalate_to_assignee):
        return None
    return spec


def _claim(queryset, limit: int) -> list[dict]:
    """Lock up to ``limit`` rows of ``queryset`` that nobody else holds and return them (one
    statement); the caller changes them so that they no longer match."""
    return list(queryset.order_by("pk").select_for_update(skip_locked=True)
                .values(*CLAIMED_FIELDS)[:limit])


def _set(queryset, pks: list[int], **values) -> None:
    if pks:
        queryset.filter(pk__in=pks).update(**values)


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

    def holding(self, role: str) -> list[str]:
        return sorted(self.by_role.get(role, ()))

    def of(self, deadline: dict) -> list[str]:
        if deadline["assignee_id"] in self.email_of:
            return [self.email_of[deadline["assignee_id"]]]
        return sorted(self.by_role.get(deadline["responsible_role"], ())) \
            if deadline["responsible_role"] else []


def _body(institution, deadline: dict, *, overdue: bool = False) -> str:
    """The email names the deadline and its date only: case details stay in the
    application."""
    return (
        f"{institution.name}\n\n"
        + ("This deadline has passed and is escalated to you.\n\n" if overdue else "")
        + f"{deadline['purpose']}: due {deadline['due_date']:%A %d %B %Y}; the time limit is "
        f"{deadline['rule_description']}.\n\n"
        "Sign in to see the details."
    )
