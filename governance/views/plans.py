"""Action plans (003): the list, a new plan, one plan's page with its items (overdue flagged)
and versions, the actions on the plan and its items, and the export for the annual
accountability return."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from audit.services import audit_read
from core.downloads import attachment
from core.pagination import QueuePaginator

from .. import forms as f
from ..actions import offers
from ..exports import FORMATS, export_filename, plan_export
from ..policies import governance_policies
from ..selectors import access_item, access_plan, plan_items, plan_list, plan_versions
from ..services import plans as services
from .base import PAGE_SIZE, RowActionView, form_page, row_url, save_through, who_is


def _list_url(request) -> str:
    return reverse("staff:governance:plans", args=[request.institution.slug])


@staff_view()
def plans_view(request, institution_slug: str):
    who = who_is(request)
    page = QueuePaginator(plan_list(membership=request.membership), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "governance/plans.html", {
        "page": page, "today": who.today,
        "may_create": governance_policies.refusal("plan_create", who) is None})


@staff_view()
def plan_new(request, institution_slug: str):
    governance_policies.enforce("plan_create", who_is(request))
    form = f.PlanForm(request.POST or None, institution=request.institution)
    if request.method == "POST" and form.is_valid():
        saved, plan = save_through(
            form, lambda: services.action_plan_create(
                institution=request.institution, actor=request.user, **form.cleaned_data),
            request, "The plan is recorded. Add its items, then record its version.")
        if saved:
            return redirect(row_url(plan))
    return form_page(request, form=form, title="New action plan", submit_label="Save the plan",
                     back_url=_list_url(request), crumbs=[("Action plans", _list_url(request))])


@staff_view()
def plan_detail(request, institution_slug: str, plan_id: int):
    plan, _ = access_plan(user=request.user, institution=request.institution, plan_id=plan_id,
                          membership=request.membership)
    who = who_is(request)
    items = plan_items(plan)
    rows = [(item, offers(who, item)) for item in items]
    return render(request, "governance/plan_detail.html", {
        "plan": plan, "actions": offers(who, plan), "items": rows, "today": who.today,
        "overdue": sum(1 for item in items if item.overdue(who.today)),
        "versions": plan_versions(plan)})


@staff_view()
def plan_export_view(request, institution_slug: str, plan_id: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Not found.")
    plan, _ = access_plan(user=request.user, institution=request.institution, plan_id=plan_id,
                          membership=request.membership)
    audit_read(institution=plan.institution, actor=request.user, obj=plan,
               what=f"action plan export ({fmt})")
    return attachment(plan_export(plan, fmt), FORMATS[fmt], export_filename(plan, fmt))


class PlanActionView(RowActionView):
    def load(self, request, *, plan_id, **kwargs):
        plan, _ = access_plan(user=request.user, institution=request.institution,
                              plan_id=plan_id, membership=request.membership)
        return plan


class ItemAddView(PlanActionView):
    action = "item_add"
    form_class = f.ItemForm
    submit_label = "Add the item"
    success_message = "The item is added; its lead is reminded of its dates."

    def form_kwargs(self) -> dict:
        return {"institution": self.row.institution}

    def perform(self, form):
        return services.action_item_add(plan=self.row, actor=self.request.user,
                                        **form.cleaned_data)


class VersionView(PlanActionView):
    action = "plan_version"
    form_class = f.PlanVersionForm
    intro = ("A version keeps the plan's items as they stand now, with a note of what "
             "changed (003 item 2: review and update the plan before the annual return).")
    submit_label = "Record the version"
    success_message = "The version is recorded."

    def perform(self, form):
        return services.action_plan_version_record(plan=self.row, actor=self.request.user,
                                                   **form.cleaned_data)


class PlanEditView(PlanActionView):
    action = "plan_edit"
    form_class = f.PlanForm
    submit_label = "Save the changes"
    success_message = "The plan is updated."

    def form_kwargs(self) -> dict:
        return {"institution": self.row.institution}

    def initial(self) -> dict:
        p = self.row
        return {"title": p.title, "owner": p.owner.email, "introduction": p.introduction,
                "key": p.key, "next_review_on": p.next_review_on}

    def perform(self, form):
        return services.action_plan_update(plan=self.row, actor=self.request.user,
                                           **form.cleaned_data)


class ItemActionView(RowActionView):
    def load(self, request, *, plan_id, item_id, **kwargs):
        item, _ = access_item(user=request.user, institution=request.institution,
                              plan_id=plan_id, item_id=item_id, membership=request.membership)
        return item


class ProgressView(ItemActionView):
    action = "item_progress"
    form_class = f.ProgressForm
    intro = ("Record where the item stands. For an ongoing item, tick the review as done and "
             "give the date of the next one.")
    submit_label = "Record progress"
    success_message = "Progress is recorded."

    def initial(self) -> dict:
        return {"status": self.row.status, "notes": self.row.notes,
                "review_on": self.row.review_on}

    def perform(self, form):
        d = form.cleaned_data
        reviewed = "yes" in (d.get("reviewed") or [])
        review_on = d.get("review_on")
        if not reviewed and review_on == self.row.review_on:
            review_on = None  # unchanged
        return services.action_item_progress(item=self.row, actor=self.request.user,
                                             status=d["status"], notes=d.get("notes") or "",
                                             review_on=review_on, reviewed=reviewed)


class ItemEditView(ItemActionView):
    action = "item_edit"
    form_class = f.ItemForm
    submit_label = "Save the changes"
    success_message = "The item is updated."

    def form_kwargs(self) -> dict:
        return {"institution": self.row.institution}

    def initial(self) -> dict:
        i = self.row
        return {"number": i.number, "guidance_paragraphs": i.guidance_paragraphs,
                "risk_refs": i.risk_refs, "action": i.action, "timing": i.timing,
                "lead": i.lead.email if i.lead_id else "",
                "lead_description": i.lead_description, "notes": i.notes, "status": i.status,
                "due_on": i.due_on, "review_on": i.review_on}

    def perform(self, form):
        values = dict(form.cleaned_data)
        if values.get("number") is None:
            values.pop("number")
        return services.action_item_update(item=self.row, actor=self.request.user, **values)


PAGES = {v.action: v for v in (ItemAddView, VersionView, PlanEditView, ProgressView,
                               ItemEditView)}
