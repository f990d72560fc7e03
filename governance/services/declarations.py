"""Relationship declarations (000 §8): a member of staff declares their own personal
relationship with a student, or with a colleague where one has authority over the other; an HR
partner reviews it and records the management plan and the outcome; the declarer records when
it ended. A relationship with a student with any academic, supervisory or welfare involvement is
flagged as prohibited, and its review must record the action taken.

Declarations decide who may act on a case, so each change is made here, with one audit event
(issue 8 §4), the Django admin's included (governance/admin.py: an institution admin correcting
or withdrawing one). The event names the declarer, the kind, the nature and the dates, never the
declared person or the confidential text: their name, student ID, email, the details, the plan
and the action taken are shown only as "changed".
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.permissions import may_administer, require_institution_admin
from accounts.selectors import members_with_role, membership_get
from audit.changes import row_change, row_create, row_delete
from core.errors import field_errors
from outbox.mail import outbox_mail

from ..models import RelationshipDeclaration
from ..policies import enforce
from ..roles import HR_PARTNER
from .common import clean_text, lock, record_event

D = RelationshipDeclaration

#: Fields that identify the declared person or say what the relationship is: never copied into
#: the audit chain.
PERSON_FIELDS = ("person_name", "person_student_id", "person_email", "details")
REVIEW_PRIVATE = ("management_plan", "action_taken")
PRIVATE = (*PERSON_FIELDS, *REVIEW_PRIVATE)
#: What a declaration says (the admin edits these).
FIELDS = ("declarer", "kind", *PERSON_FIELDS, "nature", "academic_involvement",
          "supervisory_involvement", "welfare_involvement", "authority", "declared_on",
          "ended_on")


def declaration_check(*, institution, declarer, person_student_id: str, person_email: str,
                      declared_on: dt.date | None, ended_on: dt.date | None,
                      kind: str = D.Kind.STAFF_STUDENT, authority: str = "",
                      person_name: str | None = None) -> None:
    """The declarer is a member of staff here; a student is identified by student ID or email
    (the conflict checks match on those), a colleague by email, with who has authority over
    whom; a relationship ends after it was declared."""
    errors: dict[str, list[str]] = {}
    membership = None
    if declarer is not None:
        membership = membership_get(user=declarer, institution=institution)
        if membership is None:
            errors["declarer"] = ["The declarer must be a member of staff of this institution."]
    if person_name is not None and not person_name.strip():
        errors["person_name"] = ["Give the person's name."]
    if kind == D.Kind.STAFF_STAFF:
        if not (person_email or "").strip():
            errors["person_email"] = ["Give your colleague's work email address, so that a "
                                      "conflict with them can be found."]
        elif declarer is not None and person_email.strip().lower() == declarer.email.lower():
            errors["person_email"] = ["Give the other person's email address, not yours."]
        if authority not in D.Authority.values:
            errors["authority"] = ["Say which of you has authority over the other: only such "
                                   "relationships between colleagues need declaring."]
    elif not (person_student_id or "").strip() and not (person_email or "").strip():
        errors["person_student_id"] = [
            "Give the person's student ID or email address, so their cases can be matched."]
    if declared_on and ended_on and ended_on < declared_on:
        errors["ended_on"] = ["A relationship cannot end before it was declared."]
    if errors:
        raise ValidationError(errors)


def _shape(values: dict) -> dict:
    """The values a declaration keeps: stripped text, involvement only with a student,
    authority only with a colleague, and the prohibited flag that follows (000 §8)."""
    out = dict(values)
    for name in PERSON_FIELDS:
        if name in out:
            out[name] = clean_text(out[name]) if name != "details" else (out[name] or "").strip()
    kind = out.get("kind", D.Kind.STAFF_STUDENT)
    if kind == D.Kind.STAFF_STAFF:
        out.update(academic_involvement=False, supervisory_involvement=False,
                   welfare_involvement=False)
    else:
        out["authority"] = ""
    out["prohibited"] = D.is_prohibited(
        kind=kind, academic=bool(out.get("academic_involvement")),
        supervisory=bool(out.get("supervisory_involvement")),
        welfare=bool(out.get("welfare_involvement")))
    return out


def _describe(declaration: RelationshipDeclaration) -> dict:
    return {"declarer": declaration.declarer.email, "kind": declaration.kind,
            "nature": declaration.nature, "prohibited": declaration.prohibited}


@transaction.atomic
def relationship_declare(*, institution, actor, person_name: str, nature: str,
                         declarer=None, kind: str = D.Kind.STAFF_STUDENT,
                         person_student_id: str = "", person_email: str = "",
                         details: str = "", academic_involvement: bool = False,
                         supervisory_involvement: bool = False,
                         welfare_involvement: bool = False, authority: str = "",
                         declared_on: dt.date | None = None,
                         ended_on: dt.date | None = None) -> RelationshipDeclaration:
    """Declare a personal relationship (000 §8): a member of staff their own (``declarer``
    left out), or an institution admin one made on paper by ``declarer``. HR partners are told
    a declaration awaits their review, with nothing of what it says."""
    declarer = declarer if declarer is not None else actor
    if declarer.pk != actor.pk:
        require_institution_admin(actor=actor, institution=institution)
    elif membership_get(user=actor, institution=institution) is None \
            and not may_administer(actor, institution):
        raise PermissionDenied("You are not a member of this institution.")
    values = _shape({
        "declarer": declarer, "kind": kind, "person_name": person_name,
        "person_student_id": person_student_id, "person_email": person_email,
        "nature": nature, "details": details, "academic_involvement": academic_involvement,
        "supervisory_involvement": supervisory_involvement,
        "welfare_involvement": welfare_involvement, "authority": authority,
        "ended_on": ended_on})
    values["declared_on"] = declared_on or timezone.localdate()
    declaration_check(institution=institution, declarer=declarer,
                      person_student_id=values["person_student_id"],
                      person_email=values["person_email"], declared_on=values["declared_on"],
                      ended_on=ended_on, kind=kind, authority=values["authority"],
                      person_name=values["person_name"])
    declaration = row_create(
        RelationshipDeclaration, institution=institution, actor=actor,
        action="governance.relationship_declared", values=values,
        describe={"declarer": declarer.email, "kind": kind, "nature": nature,
                  "prohibited": values["prohibited"]},
        private=PRIVATE)
    _tell_hr(declaration)
    return declaration


def _tell_hr(declaration: RelationshipDeclaration) -> None:
    inst = declaration.institution
    to = sorted(m.user.email for m in members_with_role(institution=inst, role=HR_PARTNER)
                if m.user_id != declaration.declarer_id)
    flag = ("\n\nIt is flagged as prohibited: the declarer has academic, supervisory or welfare "
            "involvement with the student (000 §8).") if declaration.prohibited else ""
    outbox_mail(key=f"governance:declaration:{declaration.pk}:declared", to=to,
                subject=f"[{inst.name}] A relationship declaration awaits your review",
                body=f"{inst.name}\n\nA member of staff has declared a personal relationship."
                     f"{flag}\n\nSign in to review it.", institution=inst)


@transaction.atomic
def relationship_declaration_update(*, declaration: RelationshipDeclaration, actor,
                                    **values) -> RelationshipDeclaration:
    """Correct a declaration (an institution admin, in the Django admin); ending it is setting
    ``ended_on``. ``values`` are among ``FIELDS``."""
    require_institution_admin(actor=actor, institution=declaration.institution)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"not fields of a declaration: {sorted(unknown)}")
    merged = _shape({name: values.get(name, getattr(declaration, name)) for name in FIELDS})
    # A declarer who has since left keeps their declaration; a new declarer must be staff.
    new_declarer = values.get("declarer")
    if new_declarer is not None and new_declarer.pk == declaration.declarer_id:
        new_declarer = None
    declaration_check(institution=declaration.institution, declarer=new_declarer,
                      person_student_id=merged["person_student_id"],
                      person_email=merged["person_email"],
                      declared_on=merged["declared_on"], ended_on=merged["ended_on"],
                      kind=merged["kind"], authority=merged["authority"])
    changes = {name: merged[name] for name in (*values, "prohibited", "authority",
                                               "academic_involvement",
                                               "supervisory_involvement",
                                               "welfare_involvement")}
    return row_change(declaration, actor=actor,
                      action="governance.relationship_declaration_changed", values=changes,
                      describe=_describe, private=PRIVATE)


@transaction.atomic
def relationship_declaration_withdraw(*, declaration: RelationshipDeclaration, actor) -> None:
    """Delete a declaration made in error (a relationship that ended is ended, not
    withdrawn: its declaration still explains past decisions). An institution admin only."""
    require_institution_admin(actor=actor, institution=declaration.institution)
    row_delete(declaration, actor=actor, action="governance.relationship_declaration_withdrawn",
               fields=["declared_on", "ended_on"], describe=_describe)


@transaction.atomic
def relationship_declaration_end(*, declaration: RelationshipDeclaration, actor,
                                 ended_on: dt.date | None) -> RelationshipDeclaration:
    """Record that the relationship ended (the declarer, or an HR partner). The declaration
    still counts in the conflict checks: a former relationship is still "prior knowledge or
    interaction" (002 §53, cases/conflicts.py)."""
    declaration = lock(declaration)
    enforce("declaration_end", actor=actor, institution=declaration.institution,
            obj=declaration)
    today = timezone.localdate()
    if ended_on is None:
        raise field_errors(ended_on="Enter the date the relationship ended.")
    if ended_on > today:
        raise field_errors(ended_on="The date the relationship ended cannot be in the future.")
    if ended_on < declaration.declared_on:
        raise field_errors(ended_on="A relationship cannot end before it was declared "
                                    f"({declaration.declared_on:%d %B %Y}).")
    declaration.ended_on = ended_on
    declaration.save(update_fields=["ended_on"])
    record_event(declaration, actor, "governance.relationship_declaration_ended",
                 **_describe(declaration), ended_on=ended_on.isoformat())
    return declaration


@transaction.atomic
def relationship_declaration_review(*, declaration: RelationshipDeclaration, actor, outcome: str,
                                    management_plan: str = "",
                                    action_taken: str = "") -> RelationshipDeclaration:
    """An HR partner's review (000 §8): the outcome and the management plan. A plan is needed
    when the conflict is managed under one; a prohibited relationship (academic, supervisory or
    welfare involvement with the student) cannot be merely noted, and the action taken must be
    recorded. A declaration may be reviewed again (the plan revised); the declarer is told,
    with nothing of what was decided."""
    declaration = lock(declaration)
    enforce("declaration_review", actor=actor, institution=declaration.institution,
            obj=declaration)
    plan, action = clean_text(management_plan), clean_text(action_taken)
    errors: dict[str, list[str]] = {}
    if outcome not in D.Outcome.values:
        errors["outcome"] = ["Choose the outcome of the review."]
    elif declaration.prohibited and outcome == D.Outcome.NOTED:
        errors["outcome"] = ["This relationship is prohibited (academic, supervisory or "
                             "welfare involvement with the student): it cannot simply be "
                             "noted. Record what was done."]
    if outcome == D.Outcome.MANAGED and not plan:
        errors["management_plan"] = ["Write the management plan."]
    if declaration.prohibited and not action:
        errors["action_taken"] = ["Record the action taken on this prohibited relationship "
                                  "(for example: the supervision moved to another member of "
                                  "staff)."]
    if errors:
        raise ValidationError(errors)
    first = declaration.status == D.Status.AWAITING_REVIEW
    declaration.status = D.Status.REVIEWED
    declaration.outcome = outcome
    declaration.management_plan = plan
    declaration.action_taken = action
    declaration.reviewed_by = actor
    declaration.reviewed_on = timezone.localdate()
    declaration.save(update_fields=["status", "outcome", "management_plan", "action_taken",
                                    "reviewed_by", "reviewed_on"])
    record_event(declaration, actor, "governance.relationship_declaration_reviewed",
                 **_describe(declaration), outcome=outcome, first_review=first,
                 management_plan={"changed": True} if plan else None,
                 action_taken={"changed": True} if action else None)
    inst = declaration.institution
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    outbox_mail(key=f"governance:declaration:{declaration.pk}:reviewed:{stamp}",
                to=[declaration.declarer.email],
                subject=f"[{inst.name}] Your relationship declaration has been reviewed",
                body=f"{inst.name}\n\nHR has reviewed your declaration of a personal "
                     "relationship.\n\nSign in to read the outcome and any management plan.",
                institution=inst)
    return declaration
