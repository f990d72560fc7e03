"""Applying to become a Safe Contact (001's application form), and the equality monitoring
that may come with it, which is tallied apart from the application (models/equality.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..errors import SafeContactError
from ..models import QUESTIONS, EqualityTally, SafeContact, StaffType
from ..models.equality import NOT_ANSWERED
from ..words import motivation_problem, word_count
from .common import member_of, record_event, step_deadlines, tell_edi

REQUIRED = {"full_name": "Enter your name.", "email": "Enter your work email address.",
            "job_title": "Enter your job title.", "department": "Enter your department."}


def application_check(*, full_name: str, email: str, job_title: str, department: str,
                      staff_type: str, motivation: str, equality: dict | None = None) -> None:
    """The form's rules, as field errors (the page and the API show the same words)."""
    errors: dict[str, list[str]] = {}
    values = {"full_name": full_name, "email": email, "job_title": job_title,
              "department": department}
    for name, message in REQUIRED.items():
        if not (values[name] or "").strip():
            errors[name] = [message]
    if staff_type not in StaffType.values:
        errors["staff_type"] = ["Choose Professional Services staff or Academic staff."]
    problem = motivation_problem(motivation)
    if problem:
        errors["motivation"] = [problem]
    for key, answer in (equality or {}).items():
        if key not in QUESTIONS:
            errors[f"equality.{key}"] = ["This is not one of the questions."]
        elif answer and answer not in QUESTIONS[key][1].values:
            errors[f"equality.{key}"] = ["Choose one of the answers, or leave it blank."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def safe_contact_apply(*, institution, actor, full_name: str, email: str, job_title: str,
                       department: str, staff_type: str, motivation: str,
                       line_manager_permission: bool, sexual_violence_interest: bool,
                       equality: dict | None = None) -> SafeContact:
    """Apply to become a Safe Contact (001), as any member of staff of the institution.
    The motivation and suitability must be 150 to 200 words (counted here). Without the line
    manager's permission the application is accepted and flagged for the EDI office. A person
    has one application or record in the scheme at a time. ``equality``: optional answers by
    question (gender, ethnicity, disability, sexual_orientation, religion), each with "prefer
    not to say"; they are added to the institution's tallies and never stored with the
    application. The EDI administrators are told, and the informal chat's time limit starts."""
    member_of(actor, institution)
    application_check(full_name=full_name, email=email, job_title=job_title,
                      department=department, staff_type=staff_type, motivation=motivation,
                      equality=equality)
    existing = (SafeContact.objects.for_institution(institution)
                .filter(person=actor, stage__in=SafeContact.CURRENT).first())
    if existing is not None:
        raise SafeContactError("You already have an application or a place in the scheme "
                               f"({existing.get_stage_display().lower()}).")
    today = timezone.localdate()
    record = SafeContact.objects.create(
        institution=institution, person=actor, full_name=full_name.strip(),
        email=email.strip().lower(), job_title=job_title.strip(),
        department=department.strip(), staff_type=staff_type, motivation=motivation.strip(),
        motivation_words=word_count(motivation),
        line_manager_permission=bool(line_manager_permission),
        sexual_violence_interest=bool(sexual_violence_interest), submitted_on=today,
        stage_since=today)
    step_deadlines(record, on=today, actor=actor)
    record_event(record, actor, "safecontacts.applied", staff_type=staff_type,
                 motivation_words=record.motivation_words,
                 line_manager_permission=record.line_manager_permission,
                 sexual_violence_interest=record.sexual_violence_interest)
    equality_tally(institution=institution, year=today.year, answers=equality or {})
    tell_edi(institution, f"safecontacts:{record.pk}:applied",
             "A new Safe Contact application",
             "A member of staff has applied to become a Safe Contact"
             + (" without their line manager's permission (flagged for you)."
                if record.flagged else ".") + " Arrange the informal chat.")
    return record


def equality_tally(*, institution, year: int, answers: dict) -> None:
    """Add one to the tally of each question's answer (``not_answered`` when blank). No audit
    event: it would tie the answers to the application it came with."""
    for key in QUESTIONS:
        answer = answers.get(key) or NOT_ANSWERED
        row, _ = EqualityTally.objects.for_institution(institution).get_or_create(
            institution=institution, year=year, question=key, answer=answer)
        EqualityTally.objects.for_institution(institution).filter(pk=row.pk).update(
            count=F("count") + 1)
