"""Relationship declarations (000, 003): a member of staff's declared personal relationship with
a student or colleague, which keeps them out of that person's cases (cases/conflicts.py).

Declarations decide who may act on a case, so each is recorded, changed, ended or withdrawn
here, by the institution's admin, with one audit event (issue 8 §4). The event names the
declarer, the nature and the dates, never the declared person: their name, student ID, email
and the details are shown only as "changed".
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.permissions import require_institution_admin
from accounts.selectors import membership_get
from audit.changes import row_change, row_create, row_delete

from .models import RelationshipDeclaration

AUDIT_EVENTS = ("governance.relationship_declared", "governance.relationship_declaration_changed",
                "governance.relationship_declaration_withdrawn")

#: Fields that identify the declared person: never copied into the audit chain.
PERSON_FIELDS = ("person_name", "person_student_id", "person_email", "details")
FIELDS = ("declarer", *PERSON_FIELDS, "nature", "declared_on", "ended_on")


def declaration_check(*, institution, declarer, person_student_id: str, person_email: str,
                      declared_on: dt.date | None, ended_on: dt.date | None) -> None:
    """The declarer is a member of staff here; the person is identified by student ID or
    email (the conflict checks match on those); a relationship ends after it was declared."""
    errors = {}
    if declarer is not None and membership_get(user=declarer, institution=institution) is None:
        errors["declarer"] = ["The declarer must be a member of staff of this institution."]
    if not (person_student_id or "").strip() and not (person_email or "").strip():
        errors["person_student_id"] = [
            "Give the person's student ID or email address, so their cases can be matched."]
    if declared_on and ended_on and ended_on < declared_on:
        errors["ended_on"] = ["A relationship cannot end before it was declared."]
    if errors:
        raise ValidationError(errors)


def _describe(declaration: RelationshipDeclaration) -> dict:
    return {"declarer": declaration.declarer.email, "nature": declaration.nature}


@transaction.atomic
def relationship_declare(*, institution, declarer, person_name: str, nature: str, actor,
                         person_student_id: str = "", person_email: str = "",
                         details: str = "", declared_on: dt.date | None = None,
                         ended_on: dt.date | None = None) -> RelationshipDeclaration:
    """Record a declaration made by ``declarer``."""
    require_institution_admin(actor=actor, institution=institution)
    values = {"declarer": declarer, "person_name": person_name.strip(),
              "person_student_id": person_student_id.strip(),
              "person_email": person_email.strip(), "nature": nature, "details": details,
              "ended_on": ended_on}
    if declared_on is not None:
        values["declared_on"] = declared_on
    declaration_check(institution=institution, declarer=declarer,
                      person_student_id=person_student_id, person_email=person_email,
                      declared_on=declared_on, ended_on=ended_on)
    return row_create(RelationshipDeclaration, institution=institution, actor=actor,
                      action="governance.relationship_declared", values=values,
                      describe={"declarer": declarer.email, "nature": nature},
                      private=PERSON_FIELDS)


@transaction.atomic
def relationship_declaration_update(*, declaration: RelationshipDeclaration, actor,
                                    **values) -> RelationshipDeclaration:
    """Change a declaration; ending it is setting ``ended_on``. ``values`` are among
    ``FIELDS``."""
    require_institution_admin(actor=actor, institution=declaration.institution)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"not fields of a declaration: {sorted(unknown)}")
    merged = {name: values.get(name, getattr(declaration, name)) for name in FIELDS}
    # A declarer who has since left keeps their declaration; a new declarer must be staff.
    new_declarer = values.get("declarer")
    if new_declarer is not None and new_declarer.pk == declaration.declarer_id:
        new_declarer = None
    declaration_check(institution=declaration.institution, declarer=new_declarer,
                      person_student_id=merged["person_student_id"],
                      person_email=merged["person_email"],
                      declared_on=merged["declared_on"], ended_on=merged["ended_on"])
    return row_change(declaration, actor=actor,
                      action="governance.relationship_declaration_changed", values=values,
                      describe=_describe, private=PERSON_FIELDS)


@transaction.atomic
def relationship_declaration_withdraw(*, declaration: RelationshipDeclaration, actor) -> None:
    """Delete a declaration made in error (a relationship that ended is ended, not
    withdrawn: its declaration still explains past decisions)."""
    require_institution_admin(actor=actor, institution=declaration.institution)
    row_delete(declaration, actor=actor, action="governance.relationship_declaration_withdrawn",
               fields=["declared_on", "ended_on"], describe=_describe)
