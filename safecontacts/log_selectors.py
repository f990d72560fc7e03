"""Reading contact logs: a Safe Contact reads their own entries only; the EDI office (and the
insight reports, later) reads counts, never an entry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast, TruncMonth
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


# -- aggregates for the insight reports ------------------------------------------------------
def _in_periods(periods) -> Q:
    q = Q()
    for start, end in periods:
        q |= Q(contacted_on__range=(start, end))
    return q


def log_counts_by(*, institution, periods: list[tuple[dt.date, dt.date]], by: str
                  ) -> dict[str, list[int]]:
    """``{value of by: [entries in each period]}`` (``by``: ``concern`` or ``person_kind``):
    one GROUP BY with a conditional count per period (each period a pair of days, inclusive).
    Counts only, never who logged them."""
    if by not in ("concern", "person_kind"):
        raise ValueError(by)
    rows = (ContactLogEntry.objects.for_institution(institution).filter(_in_periods(periods))
            .order_by().values(by)
            .annotate(**{f"c{i}": Count("contacted_on", filter=Q(contacted_on__range=p))
                         for i, p in enumerate(periods)}))
    return {row[by]: [row[f"c{i}"] for i in range(len(periods))] for row in rows}


def log_referral_counts(*, institution, periods: list[tuple[dt.date, dt.date]]
                        ) -> dict[str, list[int]]:
    """How many entries of each period signposted to each service (``Signpost`` codes), were
    referred to the Harassment Management Group (``"hmg"``) or handed to another Safe Contact
    (``"handed_over"``): one aggregate query, the signposts matched inside the database."""
    listed = Cast("signposted_to", output_field=TextField())
    aggregates = {}
    for i, period in enumerate(periods):
        when = Q(contacted_on__range=period)
        for code, _label in Signpost.choices:
            # A code is a JSON string in the list: '"hr"' matches "hr" and no other code.
            aggregates[f"{code}__{i}"] = Count("contacted_on",
                                               filter=when & Q(listed__contains=f'"{code}"'))
        aggregates[f"hmg__{i}"] = Count("contacted_on", filter=when & Q(hmg_referred=True))
        aggregates[f"handed_over__{i}"] = Count("contacted_on", filter=when & Q(handed_over=True))
    found = (ContactLogEntry.objects.for_institution(institution).filter(_in_periods(periods))
             .alias(listed=listed).aggregate(**aggregates))
    keys = [code for code, _label in Signpost.choices] + ["hmg", "handed_over"]
    return {key: [found[f"{key}__{i}"] for i in range(len(periods))] for key in keys}
