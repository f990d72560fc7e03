"""The risk assessments register (000 §6): the list (everything for the governance officers
and the institution admin, their own for an owner), a new assessment, one assessment's page and
its actions."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from core.pagination import QueuePaginator
from institutions.selectors import deadlines_for

from .. import forms as f
from ..actions import offers
from ..models import RiskAssessment
from ..policies import governance_policies
from ..selectors import RegisterFilters, access_risk, manages, risk_register
from ..services import risks as services
from .base import PAGE_SIZE, RowActionView, form_page, row_url, save_through, who_is

RA = RiskAssessment


def _list_url(request) -> str:
    return reverse("staff:governance:risks", args=[request.institution.slug])


def register_filters(form) -> RegisterFilters:
    if not form.is_bound:
        return RegisterFilters()
    form.is_valid()  # invalid filters are reported and left out, the rest still apply
    d = form.cleaned_data
    return RegisterFilters(status=d.get("status") or "", overdue=d.get("overdue") == "yes",
                           search=(d.get("q") or "").strip())


@staff_view()
def risk_list(request, institution_slug: str):
    who = who_is(request)
    form = f.RegisterFilterForm(request.GET or None, statuses=RA.Status.choices)
    filters = register_filters(form)
    page = QueuePaginator(risk_register(membership=request.membership, filters=filters,
                                        today=who.today), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "governance/risks.html", {
        "form": form, "page": page, "filtered": filters.any, "today": who.today,
        "manages": manages(request.membership),
        "may_create": governance_policies.refusal("risk_create", who) is None})


@staff_view()
def risk_new(request, institution_slug: str):
    governance_policies.enforce("risk_create", who_is(request))
    form = f.RiskForm(request.POST or None, institution=request.institution)
    if request.method == "POST" and form.is_valid():
        saved, risk = save_through(
            form, lambda: services.risk_assessment_create(
                institution=request.institution, actor=request.user, **form.cleaned_data),
            request, "The risk assessment is recorded as a draft.")
        if saved:
            return redirect(row_url(risk))
    return form_page(request, form=form, title="New risk assessment",
                     intro="A draft until its owner records the controls and the review date "
                           "and makes it active (000 §6).",
                     submit_label="Save the draft", back_url=_list_url(request),
                     crumbs=[("Risk assessments", _list_url(request))])


@staff_view()
def risk_detail(request, institution_slug: str, risk_id: int):
    risk, membership = access_risk(user=request.user, institution=request.institution,
                                   risk_id=risk_id, membership=request.membership)
    who = who_is(request)
    return render(request, "governance/risk_detail.html", {
        "risk": risk, "actions": offers(who, risk), "today": who.today,
        "deadlines": sorted(deadlines_for(institution=risk.institution, subject=risk),
                            key=lambda d: (not d.is_open, d.due_date), reverse=False)})


class RiskActionView(RowActionView):
    def load(self, request, *, risk_id, **kwargs):
        risk, _ = access_risk(user=request.user, institution=request.institution,
                              risk_id=risk_id, membership=request.membership)
        return risk


class EditView(RiskActionView):
    action = "risk_edit"
    form_class = f.RiskForm
    submit_label = "Save the changes"
    success_message = "The risk assessment is updated."

    def form_kwargs(self) -> dict:
        return {"institution": self.row.institution}

    def initial(self) -> dict:
        r = self.row
        return {"title": r.title, "context": r.context, "activity": r.activity,
                "owner": r.owner.email, "controls": r.controls,
                "residual_risk": r.residual_risk, "review_on": r.review_on}

    def perform(self, form):
        return services.risk_assessment_update(risk=self.row, actor=self.request.user,
                                               **form.cleaned_data)


class ActivateView(RiskActionView):
    action = "risk_activate"
    intro = ("The controls apply from now, and the owner is reminded before and on the review "
             "date.")
    submit_label = "Make it active"
    success_message = "The risk assessment is active."

    def perform(self, form):
        return services.risk_assessment_activate(risk=self.row, actor=self.request.user)


class ReviewView(RiskActionView):
    action = "risk_review"
    form_class = f.RiskReviewForm
    intro = "Record the review: the controls as they now stand and when it is next reviewed."
    submit_label = "Record the review"
    success_message = "The review is recorded."

    def initial(self) -> dict:
        return {"controls": self.row.controls, "residual_risk": self.row.residual_risk}

    def perform(self, form):
        d = form.cleaned_data
        return services.risk_assessment_review(
            risk=self.row, actor=self.request.user, next_review_on=d["next_review_on"],
            controls=d["controls"], residual_risk=d.get("residual_risk") or "",
            note=d.get("note") or "")


class CloseView(RiskActionView):
    action = "risk_close"
    form_class = f.ReasonForm
    intro = "A closed assessment stays in the register; its reminders stop."
    submit_label = "Close it"
    success_message = "The risk assessment is closed."

    def perform(self, form):
        return services.risk_assessment_close(risk=self.row, actor=self.request.user,
                                              reason=form.cleaned_data["reason"])


PAGES = {v.action: v for v in (EditView, ActivateView, ReviewView, CloseView)}
