"""The student a matter is about, found in the institution's records by student ID (002 §19:
a matter may open "at an early stage", before any case, so the student may not be on record
yet: then they are recorded with the names given)."""

from __future__ import annotations

from typing import Any

from audit.services import audit_record
from core.errors import field_errors

from ..models import Matter

AUDIT_EVENTS = ("precautionary.student_recorded",)

#: ``cases.Student``, reached through the matter (precautionary sits below cases).
Student: Any = Matter._meta.get_field("student").related_model


def matter_student_find_or_record(*, institution, actor, student_id: str, given_name: str = "",
                                  family_name: str = "", email: str = ""):
    """The institution's student with ``student_id``; one not on record is recorded only when
    both names are given (the caller's transaction holds it with the matter it opens)."""
    student_id = student_id.strip()
    if not student_id:
        raise field_errors(student_id="Enter the student's ID: a matter is about one student.")
    found = (Student.objects.for_institution(institution)
             .filter(student_id__iexact=student_id).first())
    if found is not None:
        return found
    if not (given_name.strip() and family_name.strip()):
        raise field_errors(student_id=(
            f"No student with ID {student_id} is on record here. Check the ID, or give the "
            "student's given and family names to record them."))
    student = Student.objects.create(institution=institution, student_id=student_id,
                                     given_name=given_name.strip(),
                                     family_name=family_name.strip(),
                                     email=email.strip().lower())
    audit_record(institution=institution, actor=actor, action="precautionary.student_recorded",
                 obj=student, changes={"student_id": student_id})
    return student
