"""The "check your answers" summary: what the draft holds, in the words the form used."""

from __future__ import annotations

import datetime as dt

from ..models import InvolvedPerson, Report, ReportCategory
from ..public_forms import WANT_CHOICES

#: Which step asks for each key of the draft (and of validate()'s errors).
STEP_OF_KEY = {
    "reporter_role": 1, "perspective": 1, "categories": 2, "when": 3, "incident_date": 3,
    "location": 4, "location_detail": 4, "involved": 5, "wants": 6, "narrative": 6,
    "files": 7, "anonymous": 8, "contact_name": 8, "contact_email": 8, "contact_phone": 8,
    "contact_student_id": 8, "preferred_contact": 8,
}
LABELS = {
    "reporter_role": "Who you are", "perspective": "How you know about it",
    "categories": "What happened", "when": "When", "incident_date": "Date",
    "location": "Where", "location_detail": "Where exactly", "involved": "People involved",
    "wants": "What you would like", "narrative": "In your own words", "files": "Files",
    "anonymous": "Anonymous or named", "contact_name": "Your name",
    "contact_email": "Email address", "contact_phone": "Phone number",
    "contact_student_id": "Student or staff ID", "preferred_contact": "How to contact you",
}
NOT_GIVEN = "Not given"


def problem_label(key: str) -> str:
    parts = key.split(".")
    if parts[0] == "involved" and len(parts) == 3 and parts[1].isdigit():
        return f"Person {int(parts[1]) + 1}"
    return LABELS.get(parts[0], "Your answers")


def _choice(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return "Not answered"


def _date(value) -> str:
    try:
        day = dt.date.fromisoformat(str(value))
        return f"{day.day} {day:%B %Y}"
    except ValueError:
        return NOT_GIVEN


def _anonymous(value) -> bool | None:
    if value in ("true", True):
        return True
    if value in ("false", False):
        return False
    return None


def _people(data: dict) -> list[str]:
    people = []
    for person in data.get("involved") or []:
        bits = [person.get("name") or "Name not given"]
        if person.get("student_id"):
            bits.append(f"ID {person['student_id']}")
        if person.get("email"):
            bits.append(person["email"])
        role = person.get("role")
        if role and role != InvolvedPerson.Role.UNKNOWN:
            bits.append(_choice(InvolvedPerson.Role, role).lower())
        if person.get("description"):
            bits.append(person["description"])
        if any(person.get(k) for k in ("name", "student_id", "email", "description")):
            people.append(", ".join(bits))
    return people


def summary(institution, data: dict, files) -> list[dict]:
    """Rows of the summary: the step that asks, a label and the answer as a list of lines."""
    chosen = set(data.get("categories") or [])
    categories = [label for code, label in ReportCategory.objects.for_institution(institution)
                  .values_list("code", "label") if code in chosen]
    wants = dict(WANT_CHOICES)
    anonymous = _anonymous(data.get("anonymous"))

    def row(key, value, **extra):
        values = value if isinstance(value, list) else [value]
        return {"key": key, "step": STEP_OF_KEY[key], "label": LABELS[key], "values": values,
                **extra}

    rows = [
        row("reporter_role", _choice(Report.ReporterRole, data.get("reporter_role"))),
        row("perspective", _choice(Report.Perspective, data.get("perspective") or "self")),
        row("categories", categories or "Not answered"),
        row("when", _choice(Report.When, data.get("when"))),
        row("incident_date", _date(data.get("incident_date")) if data.get("incident_date")
            else NOT_GIVEN),
        row("location", _choice(Report.Location, data.get("location"))),
        row("location_detail", data.get("location_detail") or NOT_GIVEN),
        row("involved", _people(data) or "No one named"),
        row("wants", [wants.get(w, w) for w in data.get("wants") or []] or "Not answered"),
        row("narrative", data.get("narrative") or NOT_GIVEN, long=True),
        row("files", [f.original_name for f in files] or "No files"),
        row("anonymous", {True: "Stay anonymous", False: "Leave my contact details",
                          None: "Not answered"}[anonymous]),
    ]
    if anonymous is False:
        rows += [
            row("contact_name", data.get("contact_name") or NOT_GIVEN),
            row("contact_email", data.get("contact_email") or NOT_GIVEN),
            row("contact_phone", data.get("contact_phone") or NOT_GIVEN),
            row("contact_student_id", data.get("contact_student_id") or NOT_GIVEN),
            row("preferred_contact", _choice(Report.ContactMethod,
                                             data.get("preferred_contact"))),
        ]
    return rows
