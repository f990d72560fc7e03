"""Every action on a register's row, declared once: its key (the policy's,
governance/policies.py), the words the person sees, the paragraph of the policy, its page below
the row and its API endpoint. From this table come the page URLs (governance/urls.py), the
API's (governance/api_urls.py), "What you can do now" and the API's ``available_actions``
(:func:`offers`); the policy and the service decide."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.policies import Offer

from .models import ActionItem, ActionPlan, PolicyDocument, RelationshipDeclaration, RiskAssessment
from .policies import GovernanceActor, verdicts


@dataclass(frozen=True)
class RowAction:
    key: str
    label: str
    hint: str
    #: The page's path below the row (URL name staff:governance:<key>) and the API endpoint's
    #: (URL name api-governance-<key>; the page's path unless given).
    path: str
    api: str = ""

    @property
    def api_path(self) -> str:
        return self.api or self.path

    @property
    def api_name(self) -> str:
        return f"api-governance-{self.key.replace('_', '-')}"


@dataclass(frozen=True)
class RowKind:
    """Where one kind of row lives: its URL prefix, the keyword naming it, its actions."""

    prefix: str
    kwarg: str
    actions: tuple[RowAction, ...]


KINDS: dict[type, RowKind] = {
    RelationshipDeclaration: RowKind("declarations/", "declaration_id", (
        RowAction("declaration_review", "Record the HR review", "000 §8", "review/"),
        RowAction("declaration_end", "Record that the relationship ended", "000 §8",
                  "end/"),
    )),
    RiskAssessment: RowKind("risk-assessments/", "risk_id", (
        RowAction("risk_edit", "Change the assessment", "000 §6", "edit/"),
        RowAction("risk_activate", "Make the assessment active", "000 §6", "activate/"),
        RowAction("risk_review", "Record a review", "000 §6", "review/"),
        RowAction("risk_close", "Close the assessment", "000 §6", "close/"),
    )),
    PolicyDocument: RowKind("policies/", "document_id", (
        RowAction("policy_approve", "Record an approved version", "000 §7", "approve/"),
        RowAction("policy_edit", "Change the register's entry", "000 §7", "edit/"),
        RowAction("policy_retire", "Retire the policy", "000 §7", "retire/"),
    )),
    ActionPlan: RowKind("action-plans/", "plan_id", (
        RowAction("item_add", "Add an item", "003", "items/new/", api="items/"),
        RowAction("plan_version", "Record a new version", "003 item 2", "versions/new/",
                  api="versions/"),
        RowAction("plan_edit", "Change the plan's details", "003", "edit/"),
    )),
    ActionItem: RowKind("action-plans/<int:plan_id>/items/", "item_id", (
        RowAction("item_progress", "Record progress", "003", "progress/"),
        RowAction("item_edit", "Change the item", "003", "edit/"),
    )),
}

ACTIONS: dict[str, tuple[type, RowAction]] = {
    a.key: (model, a) for model, kind in KINDS.items() for a in kind.actions}


def _kwargs(row) -> dict:
    kind = KINDS[type(row)]
    kwargs = {"institution_slug": row.institution.slug, kind.kwarg: row.pk}
    if isinstance(row, ActionItem):
        kwargs["plan_id"] = row.plan_id
    return kwargs


def action_url(row, key: str) -> str:
    return reverse(f"staff:governance:{key}", kwargs=_kwargs(row))


def api_url(row, key: str) -> str:
    return reverse(ACTIONS[key][1].api_name, kwargs=_kwargs(row))


def offers(who: GovernanceActor, row) -> list[Offer]:
    """What this person can do now with the row, and what is theirs but blocked (with the
    reason), in the table's order."""
    kind = KINDS[type(row)]
    labels = {a.key: a for a in kind.actions}
    return [Offer(key=v.key, label=labels[v.key].label, hint=labels[v.key].hint,
                  url=action_url(row, v.key), api_url=api_url(row, v.key),
                  refusal=v.refusal.message if v.refusal else "", object_id=row.pk)
            for v in verdicts(who, [a.key for a in kind.actions], row)]
