"""Reading the governance registers: who sees which row, the lists, and the one question other
apps ask of the declarations.

* A declaration is read by its declarer, the HR partners and the institution admin; anyone else
  gets the same 404 as for a declaration that does not exist (:func:`access_declaration`).
* A register's row is read by the governance officers and the institution admin, and by the
  person it names: the owner of a risk assessment, a policy or a plan, an item's lead (who
  sees the plan it belongs to).
* Every read of a declaration by someone other than its declarer is logged
  (``audit_read``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership
from accounts.permissions import access_institution
from audit.services import audit_read

from .models import (
    ActionItem,
    ActionPlan,
    PolicyDocument,
    PolicyVersion,
    RelationshipDeclaration,
    RiskAssessment,
)
from .policies import DECLARATION_READERS, MANAGERS

D = RelationshipDeclaration


def _membership(*, user, institution, membership: Membership | None) -> Membership:
    if membership is None or membership.user_id != user.pk \
            or membership.institution_id != getattr(institution, "pk", institution):
        membership = access_institution(user=user, institution=institution)
    return membership


def _get(queryset, row_id):
    try:
        return queryset.get(pk=int(row_id))
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None


# -- declarations -------------------------------------------------------------------------------
def declarations_visible_to(membership: Membership) -> QuerySet[RelationshipDeclaration]:
    rows = D.objects.for_institution(membership.institution_id)
    if membership.has_role(*DECLARATION_READERS):
        return rows
    return rows.filter(declarer_id=membership.user_id)


def access_declaration(*, user, institution, declaration_id,
                       membership: Membership | None = None
                       ) -> tuple[RelationshipDeclaration, Membership]:
    """The declaration and the caller's membership, or 404 for one that is missing, of another
    institution, or not the caller's to read. A read by anyone but the declarer is logged."""
    membership = _membership(user=user, institution=institution, membership=membership)
    declaration = _get(declarations_visible_to(membership)
                       .select_related("institution", "declarer", "reviewed_by"),
                       declaration_id)
    if declaration.declarer_id != user.pk:
        audit_read(institution=declaration.institution, actor=user, obj=declaration,
                   what="relationship declaration")
    return declaration, membership


def my_declarations(membership: Membership) -> QuerySet[RelationshipDeclaration]:
    """The member of staff's own declarations, newest first."""
    return (D.objects.for_institution(membership.institution_id)
            .filter(declarer_id=membership.user_id)
            .select_related("reviewed_by").order_by("-declared_on", "-pk"))


@dataclass(frozen=True)
class DeclarationFilters:
    status: str = ""
    prohibited: bool = False
    current: bool = False

    @property
    def any(self) -> bool:
        return bool(self.status or self.prohibited or self.current)


def declaration_queue(*, institution, filters: DeclarationFilters = DeclarationFilters()
                      ) -> QuerySet[RelationshipDeclaration]:
    """Every declaration of the institution for the HR partners: those awaiting review first,
    the prohibited ones first among them, then the newest (then the key: a total order for
    paging). Filtered and sorted on the ``declaration_queue`` index's columns."""
    rows = D.objects.for_institution(institution)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.prohibited:
        rows = rows.filter(prohibited=True)
    if filters.current:
        rows = rows.filter(ended_on__isnull=True)
    return (rows.select_related("declarer", "reviewed_by")
            .order_by("status", F("prohibited").desc(), "-declared_on", "-pk"))


def relationship_declared_between(*, institution, staff, person_email: str = "",
                                  person_student_id: str = "", person=None) -> bool:
    """Whether ``staff`` declared a relationship with the person (by email or student ID,
    matched as people type them), or ``person`` (a member of staff) declared one with
    ``staff``: a conflict of interest, said without any of the declaration's details. Ended
    relationships count (as cases/conflicts.py decides)."""
    emails = {e.strip().lower() for e in (person_email, getattr(person, "email", ""))} - {""}
    ids = {(person_student_id or "").strip().lower()} - {""}
    rows = (D.objects.for_institution(institution)
            .annotate(_sid=Lower(Trim("person_student_id")), _email=Lower(Trim("person_email"))))
    match = Q(declarer_id=staff.pk) & (Q(_email__in=emails) | Q(_sid__in=ids))
    if person is not None and getattr(person, "pk", None) and staff.email:
        match |= Q(declarer_id=person.pk, _email=staff.email.strip().lower())
    return rows.filter(match).exists()


# -- the registers ------------------------------------------------------------------------------
def manages(membership: Membership) -> bool:
    return membership.has_role(*MANAGERS)


def risks_visible_to(membership: Membership) -> QuerySet[RiskAssessment]:
    rows = RiskAssessment.objects.for_institution(membership.institution_id)
    return rows if manages(membership) else rows.filter(owner_id=membership.user_id)


def documents_visible_to(membership: Membership) -> QuerySet[PolicyDocument]:
    rows = PolicyDocument.objects.for_institution(membership.institution_id)
    return rows if manages(membership) else rows.filter(owner_id=membership.user_id)


def plans_visible_to(membership: Membership) -> QuerySet[ActionPlan]:
    rows = ActionPlan.objects.for_institution(membership.institution_id)
    if manages(membership):
        return rows
    led = ActionItem.objects.for_institution(membership.institution_id).filter(
        lead_id=membership.user_id).values("plan_id")
    return rows.filter(Q(owner_id=membership.user_id) | Q(pk__in=led))


def access_risk(*, user, institution, risk_id, membership=None
                ) -> tuple[RiskAssessment, Membership]:
    membership = _membership(user=user, institution=institution, membership=membership)
    return _get(risks_visible_to(membership).select_related("institution", "owner"),
                risk_id), membership


def access_document(*, user, institution, document_id, membership=None
                    ) -> tuple[PolicyDocument, Membership]:
    membership = _membership(user=user, institution=institution, membership=membership)
    return _get(documents_visible_to(membership).select_related("institution", "owner"),
                document_id), membership


def access_plan(*, user, institution, plan_id, membership=None
                ) -> tuple[ActionPlan, Membership]:
    membership = _membership(user=user, institution=institution, membership=membership)
    return _get(plans_visible_to(membership).select_related("institution", "owner"),
                plan_id), membership


def access_item(*, user, institution, plan_id, item_id, membership=None
                ) -> tuple[ActionItem, Membership]:
    """An item of a plan the caller sees (404 otherwise, or for an item of another plan)."""
    plan, membership = access_plan(user=user, institution=institution, plan_id=plan_id,
                                   membership=membership)
    item = _get(ActionItem.objects.for_institution(plan.institution_id).filter(plan=plan)
                .select_related("lead"), item_id)
    item.plan, item.institution = plan, plan.institution
    return item, membership


@dataclass(frozen=True)
class RegisterFilters:
    status: str = ""
    overdue: bool = False
    search: str = ""

    @property
    def any(self) -> bool:
        return bool(self.status or self.overdue or self.search)


def risk_register(*, membership: Membership, filters: RegisterFilters = RegisterFilters(),
                  today: dt.date | None = None) -> QuerySet[RiskAssessment]:
    """The risk assessments the caller sees, the review due first (sorted on the
    ``riskreg_queue`` index's columns; the key last, a total order for paging)."""
    today = today or timezone.localdate()
    rows = risks_visible_to(membership)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.overdue:
        rows = rows.filter(status=RiskAssessment.Status.ACTIVE, review_on__lt=today)
    if filters.search:
        rows = rows.filter(title__icontains=filters.search.strip())
    return rows.select_related("owner").order_by(
        "status", F("review_on").asc(nulls_last=True), "pk")


def policy_register(*, membership: Membership, filters: RegisterFilters = RegisterFilters(),
                    today: dt.date | None = None) -> QuerySet[PolicyDocument]:
    """The policies the caller sees, those in force first, the review due first."""
    today = today or timezone.localdate()
    rows = documents_visible_to(membership)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.overdue:
        rows = rows.filter(status=PolicyDocument.Status.IN_FORCE, next_review_on__lt=today)
    if filters.search:
        term = filters.search.strip()
        rows = rows.filter(Q(title__icontains=term) | Q(reference__iexact=term))
    return rows.select_related("owner").order_by(
        "status", F("next_review_on").asc(nulls_last=True), "title", "pk")


def plan_list(*, membership: Membership) -> QuerySet[ActionPlan]:
    return plans_visible_to(membership).select_related("owner").order_by("status", "title", "pk")


def plan_items(plan: ActionPlan) -> list[ActionItem]:
    items = list(ActionItem.objects.for_institution(plan.institution_id).filter(plan=plan)
                 .select_related("lead").order_by("number", "pk"))
    for item in items:
        item.plan = plan
        item.institution = plan.institution
    return items


def plan_versions(plan: ActionPlan) -> list:
    from .models import ActionPlanVersion

    return list(ActionPlanVersion.objects.for_institution(plan.institution_id)
                .filter(plan=plan).select_related("recorded_by").order_by("-dated", "-pk"))


def document_versions(document: PolicyDocument) -> list[PolicyVersion]:
    return list(PolicyVersion.objects.for_institution(document.institution_id)
                .filter(document=document).select_related("recorded_by")
                .order_by("-approved_on", "-pk"))


def overdue_items(*, institution, today: dt.date | None = None) -> QuerySet[ActionItem]:
    """Open items of active plans whose due or review date has passed."""
    today = today or timezone.localdate()
    return (ActionItem.objects.for_institution(institution)
            .filter(plan__status=ActionPlan.Status.ACTIVE)
            .exclude(status__in=ActionItem.CLOSED)
            .filter(Q(due_on__lt=today) | Q(review_on__lt=today))
            .select_related("lead", "plan").order_by("due_on", "pk"))


@dataclass(frozen=True)
class Summary:
    """What the governance home page counts for the caller."""

    declarations_awaiting: int = 0
    prohibited_awaiting: int = 0
    risks_overdue: int = 0
    policies_overdue: int = 0
    items_overdue: int = 0


def home_summary(membership: Membership, today: dt.date | None = None) -> Summary:
    today = today or timezone.localdate()
    inst = membership.institution_id
    awaiting = prohibited = 0
    if membership.has_role(*DECLARATION_READERS):
        pending = D.objects.for_institution(inst).filter(status=D.Status.AWAITING_REVIEW)
        awaiting = pending.count()
        prohibited = pending.filter(prohibited=True).count()
    risks = risks_visible_to(membership).filter(status=RiskAssessment.Status.ACTIVE,
                                                review_on__lt=today).count()
    policies = documents_visible_to(membership).filter(
        status=PolicyDocument.Status.IN_FORCE, next_review_on__lt=today).count()
    items = overdue_items(institution=inst, today=today)
    if not manages(membership):
        items = items.filter(Q(lead_id=membership.user_id) | Q(plan__owner_id=membership.user_id))
    return Summary(awaiting, prohibited, risks, policies, items.count())
