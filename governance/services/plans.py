"""Action plans (003, the Prevent duty plan): a plan with its owner, versions and next review;
its items with the guidance paragraph, the risk references, the action, the timing, the lead (a
member of staff), notes, status, due and review dates. Each date is a deadline of the shared
mechanism assigned to the lead (governance/procedure.py ITEM_DUE, ITEM_REVIEW; the plan's own
review, PLAN_REVIEW, to its owner): reminded before and on the day and, once overdue, the lead
and the governance officers are told, once per date.

Lock order: the plan, then an item (adding one, recording a version: the plan only)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from audit.changes import row_change, row_create
from core.errors import field_errors

from ..models import ActionItem, ActionPlan, ActionPlanVersion
from ..policies import enforce
from ..procedure import ITEM_DUE, ITEM_REVIEW, PLAN_REVIEW
from .common import clean_text, date_set, lock, record_event, staff_member

I = ActionItem  # noqa: E741 - the model's short name, as elsewhere
PLAN_FIELDS = ("title", "owner", "introduction", "key", "next_review_on")
ITEM_FIELDS = ("number", "guidance_paragraphs", "risk_refs", "action", "timing", "lead",
               "lead_description", "notes", "status", "due_on", "review_on")
#: What an item's lead records (:func:`action_item_progress`).
PROGRESS_FIELDS = ("status", "notes", "review_on")


# -- plans --------------------------------------------------------------------------------------
def _plan_values(institution, values: dict) -> dict:
    out = {name: values[name] for name in PLAN_FIELDS if name in values}
    for name in ("title", "introduction", "key"):
        if name in out:
            out[name] = clean_text(out[name])
    if "title" in out and not out["title"]:
        raise field_errors(title="Give the plan's title.")
    if "owner" in out:
        out["owner"] = staff_member(institution, out["owner"], "owner", "owner")
    return out


def _plan_deadline(plan: ActionPlan, actor, *, met: bool = False,
                   start: dt.date | None = None) -> None:
    today = timezone.localdate()
    due = plan.next_review_on if plan.status == ActionPlan.Status.ACTIVE else None
    date_set(subject=plan, rule=PLAN_REVIEW, due=due, start=start or today,
             assignee=plan.owner, purpose=f"Review of {plan.title}"[:200], actor=actor,
             today=today, met=met)


@transaction.atomic
def action_plan_create(*, institution, actor, title: str, owner, introduction: str = "",
                       key: str = "", next_review_on: dt.date | None = None) -> ActionPlan:
    """A new action plan with its owner. Its first version is recorded when it is approved
    (:func:`action_plan_version_record`)."""
    enforce("plan_create", actor=actor, institution=institution)
    values = _plan_values(institution, {"title": title, "owner": owner,
                                        "introduction": introduction, "key": key,
                                        "next_review_on": next_review_on})
    plan = row_create(ActionPlan, institution=institution, actor=actor,
                      action="governance.action_plan_created", values=values,
                      describe={"title": values["title"]})
    _plan_deadline(plan, actor)
    return plan


@transaction.atomic
def action_plan_update(*, plan: ActionPlan, actor, **values) -> ActionPlan:
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"not fields of an action plan: {sorted(unknown)}")
    plan = lock(plan)
    enforce("plan_edit", actor=actor, institution=plan.institution, obj=plan)
    plan = row_change(plan, actor=actor, action="governance.action_plan_changed",
                      values=_plan_values(plan.institution, values),
                      describe=lambda p: {"title": p.title})
    _plan_deadline(plan, actor)
    return plan


def item_snapshot(item: ActionItem) -> dict:
    """An item as a version keeps it (and as the export writes it)."""
    return {"number": item.number, "guidance_paragraphs": item.guidance_paragraphs,
            "risk_refs": item.risk_refs, "action": item.action, "timing": item.timing,
            "lead": item.lead_description or (str(item.lead) if item.lead_id else ""),
            "lead_email": item.lead.email if item.lead is not None else "",
            "notes": item.notes, "status": item.status,
            "due_on": item.due_on.isoformat() if item.due_on else None,
            "review_on": item.review_on.isoformat() if item.review_on else None,
            "completed_on": item.completed_on.isoformat() if item.completed_on else None}


@transaction.atomic
def action_plan_version_record(*, plan: ActionPlan, actor, version: str,
                               dated: dt.date | None, note: str = "",
                               next_review_on: dt.date | None = None) -> ActionPlanVersion:
    """Record a version of the plan (003: "Review and update this action plan"), with a note
    and its items as they stand. The plan's review is met; ``next_review_on`` starts the
    next one."""
    plan = lock(plan)
    enforce("plan_version", actor=actor, institution=plan.institution, obj=plan)
    version = clean_text(version)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not version:
        errors["version"] = ["Give the version number."]
    elif ActionPlanVersion.objects.for_institution(plan.institution_id).filter(
            plan=plan, version=version).exists():
        errors["version"] = [f"Version {version} is already recorded."]
    if dated is None:
        errors["dated"] = ["Enter the version's date."]
    elif dated > today:
        errors["dated"] = ["The version's date cannot be in the future."]
    elif plan.version_date and dated < plan.version_date:
        errors["dated"] = ["A new version is dated after the last one "
                           f"({plan.version_date:%d %B %Y})."]
    if next_review_on is not None and dated is not None and next_review_on <= dated:
        errors["next_review_on"] = ["The next review falls after the version's date."]
    if errors or dated is None:
        raise ValidationError(errors)
    items = [item_snapshot(i) for i in ActionItem.objects.for_institution(plan.institution_id)
             .filter(plan=plan).select_related("lead").order_by("number", "pk")]
    try:
        with transaction.atomic():
            row = ActionPlanVersion.objects.create(
                institution=plan.institution, plan=plan, version=version, dated=dated,
                note=clean_text(note), items=items, recorded_by=actor)
    except IntegrityError:
        raise field_errors(version=f"Version {version} is already recorded.") from None
    plan.current_version = version
    plan.version_date = dated
    if next_review_on is not None:
        plan.next_review_on = next_review_on
    plan.save(update_fields=["current_version", "version_date", "next_review_on",
                             "updated_at"])
    record_event(plan, actor, "governance.action_plan_version_recorded", title=plan.title,
                 version=version, dated=dated.isoformat(), items=len(items),
                 next_review_on=plan.next_review_on.isoformat() if plan.next_review_on
                 else None)
    _plan_deadline(plan, actor, met=True, start=dated)
    return row


# -- items --------------------------------------------------------------------------------------
def _item_values(plan: ActionPlan, values: dict) -> dict:
    out = {name: values[name] for name in ITEM_FIELDS if name in values}
    for name in ("guidance_paragraphs", "risk_refs", "action", "timing", "lead_description",
                 "notes"):
        if name in out:
            out[name] = clean_text(out[name])
    errors: dict[str, list[str]] = {}
    if "action" in out and not out["action"]:
        errors["action"] = ["Write the action."]
    if "status" in out and out["status"] not in I.Status.values:
        errors["status"] = ["Choose the status."]
    if "number" in out and (out["number"] is None or int(out["number"]) < 1):
        errors["number"] = ["Number the item from 1."]
    if errors:
        raise ValidationError(errors)
    if out.get("lead") not in (None, ""):
        out["lead"] = staff_member(plan.institution, out["lead"], "lead", "lead")
    elif "lead" in out:
        out["lead"] = None
    return out


def _item_deadlines(item: ActionItem, actor, *, met_due: bool = False,
                    met_review: bool = False) -> None:
    today = timezone.localdate()
    start = (item.plan.version_date or today) if item.plan_id else today
    start = min(start, today)
    label = f"Item {item.number} of {item.plan.title}"
    open_ = item.is_open
    date_set(subject=item, rule=ITEM_DUE, due=item.due_on if open_ else None, start=start,
             assignee=item.lead, purpose=f"{label}: due"[:200], actor=actor, today=today,
             met=met_due or (item.status == I.Status.DONE))
    date_set(subject=item, rule=ITEM_REVIEW, due=item.review_on if open_ else None,
             start=start, assignee=item.lead, purpose=f"{label}: review"[:200], actor=actor,
             today=today, met=met_review or (item.status == I.Status.DONE))


def _closing(item: ActionItem, previous_status: str) -> list[str]:
    """The completion date follows the status: set when the item is done, cleared when it is
    reopened."""
    if item.status == I.Status.DONE and previous_status != I.Status.DONE:
        item.completed_on = timezone.localdate()
        return ["completed_on"]
    if item.status != I.Status.DONE and item.completed_on is not None:
        item.completed_on = None
        return ["completed_on"]
    return []


@transaction.atomic
def action_item_add(*, plan: ActionPlan, actor, action: str, number: int | None = None,
                    guidance_paragraphs: str = "", risk_refs: str = "", timing: str = "",
                    lead=None, lead_description: str = "", notes: str = "",
                    status: str = I.Status.NOT_STARTED, due_on: dt.date | None = None,
                    review_on: dt.date | None = None) -> ActionItem:
    """Add an item to the plan (numbered after the last unless ``number`` is given); its
    dates become its lead's deadlines."""
    plan = lock(plan)
    enforce("item_add", actor=actor, institution=plan.institution, obj=plan)
    items = ActionItem.objects.for_institution(plan.institution_id).filter(plan=plan)
    if number is None:
        number = (items.aggregate(last=Max("number"))["last"] or 0) + 1
    values = _item_values(plan, {
        "number": number, "guidance_paragraphs": guidance_paragraphs, "risk_refs": risk_refs,
        "action": action, "timing": timing, "lead": lead, "lead_description": lead_description,
        "notes": notes, "status": status, "due_on": due_on, "review_on": review_on})
    if items.filter(number=values["number"]).exists():
        raise field_errors(number=f"The plan already has an item {values['number']}.")
    values["plan"] = plan
    if values["status"] == I.Status.DONE:
        values["completed_on"] = timezone.localdate()
    item = row_create(ActionItem, institution=plan.institution, actor=actor,
                      action="governance.action_item_added", values=values,
                      describe={"plan": plan.title, "number": values["number"]})
    item.plan = plan
    _item_deadlines(item, actor)
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, actor, **values) -> ActionItem:
    """Change an item (``values`` among ``ITEM_FIELDS``): the plan's owner or a governance
    officer. A new date or lead moves its deadlines."""
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"not fields of an action plan item: {sorted(unknown)}")
    plan = item.plan
    item = lock(item)
    item.plan = plan
    enforce("item_edit", actor=actor, institution=item.institution, obj=item)
    clean = _item_values(plan, values)
    if "number" in clean and clean["number"] != item.number and ActionItem.objects \
            .for_institution(item.institution_id).filter(plan=plan, number=clean["number"]) \
            .exists():
        raise field_errors(number=f"The plan already has an item {clean['number']}.")
    previous = item.status
    for name, value in clean.items():
        setattr(item, name, value)
    extra = _closing(item, previous)
    if extra:
        clean["completed_on"] = item.completed_on
    item = row_change(item, actor=actor, action="governance.action_item_changed",
                      values=clean, describe=lambda i: {"plan": plan.title, "number": i.number})
    item.plan = plan
    _item_deadlines(item, actor)
    return item


@transaction.atomic
def action_item_progress(*, item: ActionItem, actor, status: str, notes: str | None = None,
                         review_on: dt.date | None = None, reviewed: bool = False
                         ) -> ActionItem:
    """The lead's record of progress: the status, the notes as they now stand and, for an
    ongoing item, the next review date (``reviewed``: the review that was due is done, so its
    deadline is met). An item done meets its deadlines."""
    plan = item.plan
    item = lock(item)
    item.plan = plan
    enforce("item_progress", actor=actor, institution=item.institution, obj=item)
    today = timezone.localdate()
    if status not in I.Status.values:
        raise field_errors(status="Choose the status.")
    if review_on is not None and review_on <= today:
        raise field_errors(review_on="The next review must be after today.")
    if reviewed and review_on is None and status not in I.CLOSED:
        raise field_errors(review_on="Enter the date of the next review.")
    previous_status, previous_notes = item.status, item.notes
    item.status = status
    if notes is not None:
        item.notes = clean_text(notes)
    if review_on is not None or reviewed:
        item.review_on = review_on
    fields = ["status", "notes", "review_on", "updated_at", *_closing(item, previous_status)]
    item.save(update_fields=fields)
    record_event(item, actor, "governance.action_item_progress_recorded", plan=plan.title,
                 number=item.number, status_from=previous_status, status_to=status,
                 notes_changed=item.notes != previous_notes,
                 review_on=item.review_on.isoformat() if item.review_on else None)
    _item_deadlines(item, actor, met_review=reviewed)
    return item
