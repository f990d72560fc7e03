"""The case's timeline in words: audit events described for the people working on the case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import CaseRole, CaseSettings, Stage
from ..procedure_text import procedure_words
from ..services.common import case_role_label
from ..templatetags.case_words import board_words
from .investigation import TIMELINE as INVESTIGATION_TIMELINE
from .investigation import TIMELINE_HIDDEN as INVESTIGATION_TIMELINE_HIDDEN

ACTIONS = {
    "case.opened": "Case opened",
    "case.assigned": "Appointed",
    "case.unassigned": "Appointment ended",
    "case.intake_decided": "Decision whether to proceed",
    "case.referred_to_formal": "Referred to the formal stage",
    "case.informal_outcome": "Informal outcome",
    "case.formal_decided": "Formal decision",
    "case.closed_no_appeal": "Closed: no appeal lodged",
    "case.paused": "Paused",
    "case.resumed": "Resumed",
    "case.deadline_extended": "Deadline extended",
    "board.notice_sent": "Notice of the hearing sent",
    "board.objection_received": "Objection to a member received",
    "board.objection_decided": "Objection decided",
    "board.renotice_needed": "New notice needed",
    "board.hearing_held": "Hearing held",
    "board.hearing_adjourned": "Hearing adjourned",
    "board.hearing_student_absent": "Student did not attend the hearing",
    "board.decided": "Decision of the Board",
    "board.alumni_team_informed": "Alumni team informed (§63)",
    "board.renotice_needs_new_date": "New notice needs a new hearing date (§60)",
    "case.alumni_team_notified": "Alumni team emailed (§63)",
    "case.alumni_team_not_configured": "Alumni team not told: no address configured (§63)",
    "case.delay_notified": "Delay letter sent (§44)",
    "case.pause_told": "Parties told of the pause",
    "appeal.lodged": "Appeal lodged",
    "appeal.late_accepted": "Late appeal accepted for review",
    "appeal.late_refused": "Late appeal not accepted",
    "appeal.decided": "Appeal decided",
    "appeal.panel_convened": "Appeals panel convened",
    "appeal.panel_decided": "Decision of the appeals panel",
    "informal_review.requested": "Informal review requested by a reporting student",
    "informal_review.reviewer_appointed": "Independent reviewer asked to review a request",
    "informal_review.completed": "Informal review completed",
    "evidence.added": "Evidence added",
    "letter.issued": "Letter issued",
    "letter.corrected": "Letter corrected",
}
#: Keys not worth showing in the timeline (ids and hashes).
HIDDEN = {"letter", "notice", "hearing", "appeal", "objection", "document", "sha256", "pause",
          "deadline", "size", "delay", "outcome", "panel", "review", "party"}
ACTIONS.update(INVESTIGATION_TIMELINE)
HIDDEN |= INVESTIGATION_TIMELINE_HIDDEN
NAMES = {"stage_from": "from", "stage_to": "to", "route": "route", "reasons": "reasons",
         "user": "person", "role": "role", "reason": "reason", "result": "result"}


def _value(case, key: str, value) -> str:
    if key in ("stage", "stage_from", "stage_to") and value in Stage.values:
        return board_words(Stage(value).label, case.institution)
    if key == "role" and value in CaseRole.values:
        return case_role_label(case, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def describe_event(case, event) -> dict:
    label = procedure_words(case.institution).say(ACTIONS.get(event.action, event.action))
    if event.action == "board.decided":
        label = f"Decision of the {CaseSettings.of(case.institution).board_label}"
    details = [(NAMES.get(k, k.replace("_", " ")), _value(case, k, v))
               for k, v in sorted((event.changes or {}).items())
               if k not in HIDDEN and v not in (None, "", [], {})]
    return {"when": event.occurred_at, "on": event.occurred_on, "who": event.actor_label,
            "what": label, "details": details}


#: The timeline shows the latest entries; the rest are in the History section and the audit log.
TIMELINE_LIMIT = 100


def _moment(value):
    """A date or a datetime as a sortable local datetime (a date: the start of its day)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def case_timeline(case, *, events, letters, deadlines, limit: int = TIMELINE_LIMIT) -> dict:
    """Events, letters and deadlines on one list, newest first (a deadline at its due date, so
    what is coming is at the top): built from the case file already loaded, no query of its
    own. At most ``limit`` entries; ``more`` says how many were left out."""
    entries = []
    for e in events:
        d = describe_event(case, e)
        entries.append({"at": _moment(e.occurred_at or e.occurred_on), "timed": bool(e.occurred_at),
                        "kind": "event", "kind_label": "Event", "what": d["what"],
                        "who": d["who"], "details": d["details"]})
    for letter in letters:
        to = (letter.recipient or {}).get("name", "")
        entries.append({"at": _moment(letter.issued_at or letter.issued_on),
                        "timed": bool(letter.issued_at), "kind": "letter",
                        "kind_label": "Letter",
                        "what": letter.subject or letter.get_kind_display(),
                        "who": f"to {to}" if to else "",
                        "details": [("status", letter.get_status_display()),
                                    ("version", str(letter.version))]})
    for deadline in deadlines:
        entries.append({"at": _moment(deadline.due_date), "timed": False, "kind": "deadline",
                        "kind_label": "Deadline", "what": deadline.purpose,
                        "who": deadline.get_status_display(),
                        "details": [("rule", deadline.rule_description)]
                        + ([("done on", f"{deadline.completed_on:%d %b %Y}")]
                           if deadline.completed_on else [])})
    entries.sort(key=lambda x: x["at"], reverse=True)
    return {"entries": entries[:limit], "more": max(0, len(entries) - limit),
            "total": len(entries)}
