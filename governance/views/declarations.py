"""Relationship declarations (000 §8): "my declarations" for every member of staff (declare,
record the end), one declaration's page (its declarer, the HR partners, the institution admin),
and the HR partners' list of every declaration, those awaiting review first."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from core.pagination import QueuePaginator

from .. import forms as f
from ..actions import offers
from ..models import RelationshipDeclaration
from ..policies import DECLARATION_READERS
from ..roles import HR_PARTNER
from ..selectors import (
    DeclarationFilters,
    access_declaration,
    declaration_queue,
    my_declarations,
)
from ..services import declarations as services
from .base import PAGE_SIZE, RowActionView, form_page, row_url, save_through, who_is

D = RelationshipDeclaration


def _mine_url(request) -> str:
    return reverse("staff:governance:declarations", args=[request.institution.slug])


@staff_view()
def declarations_mine(request, institution_slug: str):
    """The member of staff's own declarations, and the way to add one."""
    page = QueuePaginator(my_declarations(request.membership), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "governance/declarations.html", {
        "page": page, "hr_label": request.institution.role_label(HR_PARTNER),
        "reads_all": request.membership.has_role(*DECLARATION_READERS)})


@staff_view()
def declaration_new(request, institution_slug: str):
    form = f.DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, declaration = save_through(
            form, lambda: services.relationship_declare(
                institution=request.institution, actor=request.user, **form.service_values()),
            request, "Your declaration is recorded. HR will review it and tell you the "
                     "outcome.")
        if saved:
            return redirect(row_url(declaration))
    return form_page(
        request, form=form, title="Declare a personal relationship",
        intro="Declare a relationship with a student, or with a colleague where one of you has "
              "authority over the other (000 §8). Declaring keeps things fair: it keeps you out "
              "of decisions about the other person, and HR agrees with you how any conflict "
              "is managed. What you write is seen only by you, the HR partners and the "
              "institution admin.",
        submit_label="Declare", back_url=_mine_url(request),
        crumbs=[("Your declarations", _mine_url(request))])


@staff_view()
def declaration_detail(request, institution_slug: str, declaration_id: int):
    declaration, membership = access_declaration(
        user=request.user, institution=request.institution, declaration_id=declaration_id,
        membership=request.membership)
    return render(request, "governance/declaration_detail.html", {
        "declaration": declaration, "actions": offers(who_is(request), declaration),
        "is_declarer": declaration.declarer_id == request.user.pk,
        "reads_all": membership.has_role(*DECLARATION_READERS)})


@staff_view(*DECLARATION_READERS)
def declaration_queue_view(request, institution_slug: str):
    """Every declaration of the institution: awaiting review first, prohibited first."""
    form = f.DeclarationFilterForm(request.GET or None)
    filters = DeclarationFilters()
    if form.is_bound:
        form.is_valid()
        d = form.cleaned_data
        filters = DeclarationFilters(status=d.get("status") or "",
                                     prohibited=d.get("prohibited") == "yes")
    page = QueuePaginator(declaration_queue(institution=request.institution, filters=filters),
                          PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "governance/declaration_queue.html", {
        "form": form, "page": page, "filtered": filters.any})


class DeclarationActionView(RowActionView):
    def load(self, request, *, declaration_id, **kwargs):
        declaration, _ = access_declaration(user=request.user, institution=request.institution,
                                            declaration_id=declaration_id,
                                            membership=request.membership)
        return declaration


class ReviewView(DeclarationActionView):
    action = "declaration_review"
    form_class = f.ReviewForm
    intro = ("Record the outcome and, where there is a conflict to manage, the management plan. "
             "A prohibited relationship (academic, supervisory or welfare involvement with the "
             "student) cannot simply be noted: record the action taken.")
    submit_label = "Record the review"
    success_message = "The review is recorded; the declarer is told."

    def initial(self) -> dict:
        d = self.row
        return {"outcome": d.outcome, "management_plan": d.management_plan,
                "action_taken": d.action_taken}

    def perform(self, form):
        d = form.cleaned_data
        return services.relationship_declaration_review(
            declaration=self.row, actor=self.request.user, outcome=d["outcome"],
            management_plan=d.get("management_plan") or "",
            action_taken=d.get("action_taken") or "")


class EndView(DeclarationActionView):
    action = "declaration_end"
    form_class = f.EndForm
    intro = ("The declaration stays on record: a former relationship still keeps you out of "
             "decisions about the other person.")
    submit_label = "Record the end"
    success_message = "The end of the relationship is recorded."

    def perform(self, form):
        return services.relationship_declaration_end(
            declaration=self.row, actor=self.request.user,
            ended_on=form.cleaned_data["ended_on"])


PAGES = {v.action: v for v in (ReviewView, EndView)}
