"""Who is behind on the commitments of a Safe Contact (001): this term's team meeting (every
term, summer included), group clinical supervision (available each term) and further training
(encouraged; "behind" after 12 months without any). For the EDI office. A fixed number of
queries, whatever the number of Safe Contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone

from institutions.models import AcademicTerm

from .models import Attendance, SafeContact, Session
from .training_link import further_training_since

#: No further training within this many days counts as behind (001: "encouragement to attend
#: additional training"; the EDI office follows up once a year has passed).
FURTHER_TRAINING_DAYS = 365


def current_term(institution, today: dt.date) -> AcademicTerm | None:
    """The term ``today`` falls in; between terms, the last one that has started (its
    commitments are what is being followed up); None before the first term."""
    return (AcademicTerm.objects.for_institution(institution)
            .filter(start__lte=today).order_by("-start").first())


@dataclass
class CommitmentRow:
    record: SafeContact
    meeting_attended: bool
    supervision_attended: bool
    last_further_training: dt.date | None
    behind: list[str] = field(default_factory=list)


@dataclass
class CommitmentsOverview:
    term: AcademicTerm | None
    meeting_held: bool
    supervision_held: bool
    rows: list[CommitmentRow]

    @property
    def behind(self) -> list[CommitmentRow]:
        return [r for r in self.rows if r.behind]


def commitments_overview(*, institution, today: dt.date | None = None) -> CommitmentsOverview:
    today = today or timezone.localdate()
    term = current_term(institution, today)
    records = list(SafeContact.objects.for_institution(institution)
                   .filter(stage=SafeContact.Stage.ACTIVE).order_by("full_name", "pk"))
    attended: dict[str, set[int]] = {kind: set() for kind in Session.Kind.values}
    held: set[str] = set()
    if term is not None:
        held = set(Session.objects.for_institution(institution).filter(term=term)
                   .values_list("kind", flat=True))
        for kind, record_id in (Attendance.objects.for_institution(institution)
                                .filter(session__term=term)
                                .values_list("session__kind", "safe_contact_id")):
            attended[kind].add(record_id)
    trained = further_training_since(
        institution=institution, user_ids=[r.person_id for r in records],
        since=today - dt.timedelta(days=FURTHER_TRAINING_DAYS))
    rows = []
    for r in records:
        row = CommitmentRow(
            record=r, meeting_attended=r.pk in attended[Session.Kind.TEAM_MEETING],
            supervision_attended=r.pk in attended[Session.Kind.SUPERVISION],
            last_further_training=trained.get(r.person_id))
        if term is not None and not row.meeting_attended:
            row.behind.append(f"Missed the team meeting of {term.name}"
                              if Session.Kind.TEAM_MEETING in held
                              else f"No team meeting yet in {term.name}")
        if term is not None and not row.supervision_attended:
            row.behind.append(f"No group supervision in {term.name}")
        if row.last_further_training is None:
            row.behind.append("No further training in the last 12 months")
        rows.append(row)
    return CommitmentsOverview(term=term, meeting_held=Session.Kind.TEAM_MEETING in held,
                               supervision_held=Session.Kind.SUPERVISION in held, rows=rows)


def sessions_list(institution) -> QuerySet[Session]:
    """The sessions recorded, newest first, each with its term and number attending."""
    return (Session.objects.for_institution(institution).select_related("term")
            .annotate(attending=Count("attendance")).order_by("-held_on", "-pk"))
