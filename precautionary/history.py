"""The matter's history: its audit events in time order, in words (as the case page's
history, cases/views/history.py). Shown, with what the events record (reasons included), to the
group's chair and members and the appeal reviewer only (need-to-know, §21-22)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Matter, MatterRole

#: Who may read the matter's letters and its history.
FILE_READERS = (MatterRole.CHAIR, MatterRole.MEMBER, MatterRole.APPEAL_REVIEWER)

LABELS = {
    "precautionary.matter_opened": "Matter opened",
    "precautionary.member_appointed": "Appointed to the group",
    "precautionary.member_ended": "Appointment ended",
    "precautionary.protected_added": "Protected person named",
    "precautionary.matter_closed": "Matter closed",
    "precautionary.stage_changed": "Stage changed",
    "precautionary.risk_assessed": "Risk assessed",
    "precautionary.measures_proposed": "Measures proposed",
    "precautionary.representations_invited": "Representations invited",
    "precautionary.representations_skipped": "Decided without representations",
    "precautionary.representations_received": "Representations received",
    "precautionary.measures_decided": "Measures decided",
    "precautionary.proposal_withdrawn": "Proposal withdrawn",
    "precautionary.appeal_lodged": "Appeal lodged",
    "precautionary.appeal_decided": "Appeal decided",
    "precautionary.review_requested": "Review asked for",
    "precautionary.reviewed": "Measures reviewed",
    "precautionary.shared": "Measures shared (need-to-know)",
    "precautionary.breach_recorded": "Breach or victimisation recorded",
    "precautionary.breach_referred": "Breach referred as an allegation",
    "precautionary.lifted": "Measure lifted",
    "precautionary.ended_with_case": "Measures ended with the case",
    "precautionary.continue_after_case": "Measures continue after the case",
    "precautionary.expired": "Measure expired",
    "letter.issued": "Letter issued",
    "letter.corrected": "Letter corrected",
    "letter.delivered": "Letter sent",
}
#: Keys not worth showing (ids and hashes).
HIDDEN = {"letter", "decision", "measure", "measures", "member", "appeal", "review", "share",
          "breach", "deadline", "assessment", "sha256", "protected", "user_id"}


@dataclass(frozen=True)
class HistoryEntry:
    sequence: int
    occurred_on: object
    occurred_at: object
    who: str
    action: str
    what: str
    details: list[tuple[str, str]] = field(default_factory=list)


def _value(key: str, value) -> str:
    if key in ("stage", "stage_from", "stage_to") and value in Matter.Stage.values:
        return str(Matter.Stage(value).label)
    if key == "role" and value in MatterRole.values:
        return str(MatterRole(value).label)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def describe(event) -> HistoryEntry:
    details = [(k.replace("_", " "), _value(k, v))
               for k, v in sorted((event.changes or {}).items())
               if k not in HIDDEN and v not in (None, "", [], {})]
    return HistoryEntry(sequence=event.sequence, occurred_on=event.occurred_on,
                        occurred_at=event.occurred_at, who=event.actor_label,
                        action=event.action, what=LABELS.get(event.action, event.action),
                        details=details)
