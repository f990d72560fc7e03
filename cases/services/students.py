"""The institution's record of a student, for the apps that act on a student before any case
exists (a precautionary matter opened "at an early stage", 002 §19). Cases own the record;
others find or add a student only through here."""

from __future__ import annotations

from django.db import transaction

from audit.services import audit_record
from core.errors import field_errors

from ..models import Student

AUDIT_EVENTS = ("student.recorded",)


@transaction.atomic
def student_find_or_create(*, institution, actor, student_id: str, given_name: str = "",
                           family_name: str = "", email: str = "", address: str = "",
                           programme: str = "") -> tuple[Student, bool]:
    """The student with this student ID in the institution's records; if there is none, a
    new record from the names given (both needed). An existing record is never overwritten
    here: a case's intake keeps it up to date. Returns (student, created)."""
    student_id = student_id.strip()
    if not student_id:
        raise field_errors(student_id="Give the student ID.")
    found = Student.objects.for_institution(institution).filter(
        student_id__iexact=student_id).first()
    if found is not None:
        return found, False
    problems = {}
    missing = (f"No student with ID {student_id} is on record here: check the ID, or give "
               "the student's given and family names to record them.")
    if not given_name.strip():
        problems["given_name"] = missing
    if not family_name.strip():
        problems["family_name"] = missing
    if problems:
        raise field_errors(**problems)
    student = Student.objects.create(
        institution=institution, student_id=student_id, given_name=given_name.strip(),
        family_name=family_name.strip(), email=email.strip().lower(), address=address.strip(),
        programme=programme.strip())
    audit_record(institution=institution, actor=actor, action="student.recorded", obj=student,
                 changes={"student_id": student_id})
    return student, True
