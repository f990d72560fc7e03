"""The case's timeline in words: audit events described for the people working on the case."""

from __future__ import annotations

from ..models import CaseRole, CaseSettings, Stage
from ..procedure_text import procedure_words
from ..services.common import case_role_label
from ..templatetags.case_words import board_words

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
    "appeal.lodged": "Appeal lodged",
    "appeal.late_accepted": "Late appeal accepted for review",
    "appeal.late_refused": "Late appeal not accepted",
    "appeal.decided": "Appeal decided",
    "evidence.added": "Evidence added",
    "letter.issued": "Letter issued",
    "letter.corrected": "Letter corrected",
}
#: Keys not worth showing in the timeline (ids and hashes).
HIDDEN = {"letter", "notice", "hearing", "appeal", "objection", "document", "sha256", "pause",
          "deadline", "size"}
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
