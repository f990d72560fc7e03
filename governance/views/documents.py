"""Policy and procedure reviews (000 §7): the register (overdue reviews flagged), a new entry,
one policy's page with its version history, and its actions."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from core.pagination import QueuePaginator

from .. import forms as f
from ..actions import offers
from ..models import PolicyDocument
from ..policies import governance_policies
from ..selectors import access_document, document_versions, manages, policy_register
from ..services import documents as services
from .base import PAGE_SIZE, RowActionView, form_page, row_url, save_through, who_is
from .risks import register_filters


def _list_url(request) -> str:
    return reverse("staff:governance:policies", args=[request.institution.slug])


@staff_view()
def policy_list(request, institution_slug: str):
    who = who_is(request)
    form = f.RegisterFilterForm(request.GET or None, statuses=PolicyDocument.Status.choices)
    filters = register_filters(form)
    page = QueuePaginator(policy_register(membership=request.membership, filters=filters,
                                          today=who.today), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "governance/policies.html", {
        "form": form, "page": page, "filtered": filters.any, "today": who.today,
        "manages": manages(request.membership),
        "may_create": governance_policies.refusal("policy_create", who) is None})


@staff_view()
def policy_new(request, institution_slug: str):
    governance_policies.enforce("policy_create", who_is(request))
    form = f.PolicyForm(request.POST or None, institution=request.institution)
    if request.method == "POST" and form.is_valid():
        saved, document = save_through(
            form, lambda: services.policy_document_create(
                institution=request.institution, actor=request.user, **form.cleaned_data),
            request, "The policy is in the register. Record its approved versions on its page.")
        if saved:
            return redirect(row_url(document))
    return form_page(request, form=form, title="Add a policy or procedure",
                     submit_label="Add it", back_url=_list_url(request),
                     crumbs=[("Policies and procedures", _list_url(request))])


@staff_view()
def policy_detail(request, institution_slug: str, document_id: int):
    document, _ = access_document(user=request.user, institution=request.institution,
                                  document_id=document_id, membership=request.membership)
    who = who_is(request)
    return render(request, "governance/policy_detail.html", {
        "document": document, "actions": offers(who, document), "today": who.today,
        "versions": document_versions(document)})


class DocumentActionView(RowActionView):
    def load(self, request, *, document_id, **kwargs):
        document, _ = access_document(user=request.user, institution=request.institution,
                                      document_id=document_id, membership=request.membership)
        return document


class ApproveView(DocumentActionView):
    action = "policy_approve"
    form_class = f.ApproveForm
    intro = ("Each approval is a version with a note. The next review falls after the review "
             "interval, unless you set it.")
    submit_label = "Record the version"
    success_message = "The approved version is recorded."

    def perform(self, form):
        return services.policy_version_approve(document=self.row, actor=self.request.user,
                                               **form.cleaned_data)


class EditView(DocumentActionView):
    action = "policy_edit"
    form_class = f.PolicyForm
    submit_label = "Save the changes"
    success_message = "The register's entry is updated."

    def form_kwargs(self) -> dict:
        return {"institution": self.row.institution}

    def initial(self) -> dict:
        d = self.row
        return {"title": d.title, "reference": d.reference, "responsible": d.responsible,
                "owner": d.owner.email, "summary": d.summary, "url": d.url,
                "review_interval_months": d.review_interval_months,
                "next_review_on": d.next_review_on}

    def perform(self, form):
        return services.policy_document_update(document=self.row, actor=self.request.user,
                                               **form.cleaned_data)


class RetireView(DocumentActionView):
    action = "policy_retire"
    form_class = f.ReasonForm
    intro = "A retired policy stays in the register with its versions; its reminders stop."
    submit_label = "Retire it"
    success_message = "The policy is retired."

    def perform(self, form):
        return services.policy_document_retire(document=self.row, actor=self.request.user,
                                               reason=form.cleaned_data["reason"])


PAGES = {v.action: v for v in (ApproveView, EditView, RetireView)}
