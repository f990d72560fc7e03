"""Reading contact logs: a Safe Contact reads their own entries only; the EDI office (and the
insight reports, later) reads counts, never an entry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from .models import Advisor, Concern, ContactLogEntry, PersonKind, SafeContact, Signpost


def own_log(record: SafeContact) -> QuerySet[ContactLogEntry]:
    return (ContactLogEntry.objects.for_institution(record.institution_id)
            .filter(safe_contact=record).select_related("handed_to")
            .order_by("-contacted_on", "-pk"))


def own_entry_get(*, record: SafeContact | None, entry_id) -> ContactLogEntry:
    """One of the Safe Contact's own entries, or 404 (another's, another institution's)."""
    if record is None:
        raise Http404("Not found.")
    try:
        return own_log(record).get(pk=int(entry_id))
    except (ContactLogEntry.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None


def active_safe_contacts(institution, *, exclude: SafeContact | None = None
                         ) -> QuerySet[SafeContact]:
    rows = (SafeContact.objects.for_institution(institution)
            .filter(stage=SafeContact.Stage.ACTIVE).order_by("full_name", "pk"))
    return rows.exclude(pk=exclude.pk) if exclude is not None else rows


@dataclass(frozen=True)
class LogSummary:
    total: int
    by_month: list[tuple[dt.date, int]]
    by_concern: list[tuple[str, int]]
    by_person_kind: list[tuple[str, int]]
    by_signpost: list[tuple[str, int]]
    hmg_referred: int
    handed_over: int
    confidentiality_broken: int
    by_advisor: list[tuple[str, int]]


def log_summary(*, institution, since: dt.date | None = None,
                until: dt.date | None = None) -> LogSummary:
    """Counts of the institution's contact log entries between two dates (each inclusive):
    by month, kind of concern, student or staff, service signposted to, referrals to the
    Harassment Management Group, handovers and breaks of confidentiality (with who advised).
    Never who logged them. A fixed number of queries."""
    entries = ContactLogEntry.objects.for_institution(institution)
    if since:
        entries = entries.filter(contacted_on__gte=since)
    if until:
        entries = entries.filter(contacted_on__lte=until)

    def counted(column: str, labels) -> list[tuple[str, int]]:
        found = dict(entries.values_list(column).annotate(n=Count("pk")).order_by())
        return [(label, found[value]) for value, label in labels if found.get(value)]

    months = [(row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
               row["n"])
              for row in entries.annotate(month=TruncMonth("contacted_on"))
              .values("month").annotate(n=Count("pk")).order_by("month")]
    signposts: Counter[str] = Counter()
    advisors: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for codes, adv, hmg, handed, broken in entries.values_list(
            "signposted_to", "confidentiality_advisors", "hmg_referred", "handed_over",
            "confidentiality_broken"):
        signposts.update(codes or [])
        advisors.update(adv or [])
        flags.update(hmg=int(bool(hmg)), handed=int(bool(handed)), broken=int(bool(broken)))
    return LogSummary(
        total=sum(n for _m, n in months), by_month=months,
        by_concern=counted("concern", Concern.choices),
        by_person_kind=counted("person_kind", PersonKind.choices),
        by_signpost=[(label, signposts[v]) for v, label in Signpost.choices if signposts[v]],
        hmg_referred=flags["hmg"], handed_over=flags["handed"],
        confidentiality_broken=flags["broken"],
        by_advisor=[(label, advisors[v]) for v, label in Advisor.choices if advisors[v]])
