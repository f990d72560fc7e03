"""What every governance page shares: the person acting, the row's URL, and one view for every
action on a row (GET shows the form, POST calls the one service and goes back to the row with a
message). The service's ValidationError is shown against the fields, its refusal in the error
summary, its PermissionDenied as a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from accounts.decorators import staff_view
from core.errors import DomainRefusal

from .. import forms as f
from ..actions import ACTIONS
from ..models import ActionItem, ActionPlan, PolicyDocument, RelationshipDeclaration, RiskAssessment
from ..policies import GovernanceActor, governance_policies

PAGE_SIZE = 25

DETAIL = {RelationshipDeclaration: ("declaration", "declaration_id"),
          RiskAssessment: ("risk", "risk_id"),
          PolicyDocument: ("policy", "document_id"),
          ActionPlan: ("plan", "plan_id")}


def who_is(request) -> GovernanceActor:
    return GovernanceActor(request.membership, request.user, timezone.localdate())


def row_url(row) -> str:
    if isinstance(row, ActionItem):
        return row_url(row.plan) + f"#item-{row.number}"
    name, kwarg = DETAIL[type(row)]
    return reverse(f"staff:governance:{name}",
                   kwargs={"institution_slug": row.institution.slug, kwarg: row.pk})


def row_title(row) -> str:
    if isinstance(row, RelationshipDeclaration):
        return f"Declaration of {row.declared_on:%d %B %Y}"
    return str(row)


def form_page(request, *, form, title: str, intro: str = "", submit_label: str = "Save",
              back_url: str, back_label: str = "Cancel and go back", crumbs=()):
    return render(request, "governance/form.html", {
        "form": form, "title": title, "intro": intro, "submit_label": submit_label,
        "back_url": back_url, "back_label": back_label, "crumbs": crumbs})


def save_through(form, call, request, message: str) -> tuple[bool, object]:
    """Call the service with the valid form; its errors go back on the form. Returns (saved,
    the service's answer)."""
    try:
        result = call()
    except ValidationError as exc:
        f.add_service_errors(form, exc)
    except DomainRefusal as exc:
        form.add_error(None, str(exc))
    else:
        messages.success(request, message)
        return True, result
    return False, None


@method_decorator(staff_view(), name="dispatch")
class RowActionView(View):
    """Subclasses set ``action`` (a policy key), ``form_class``, ``intro``, ``load`` and
    ``perform``."""

    action = ""
    form_class: type = f.ConfirmForm
    intro = ""
    submit_label = "Save"
    success_message = "Saved."

    def load(self, request, **kwargs):
        raise TypeError(f"{type(self).__name__} must define load()")  # abstract hook

    def perform(self, form):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def dispatch(self, request, *args, institution_slug: str, **kwargs):
        self.row = self.load(request, **kwargs)
        self.who = who_is(request)
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self) -> dict:
        return {}

    def initial(self) -> dict:
        return {}

    def refusal(self):
        refusal = governance_policies.refusal(self.action, self.who, self.row)
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        return refusal

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        form = None if refusal else self.form_class(initial=self.initial(),
                                                    **self.form_kwargs())
        return self.render(form, refusal)

    def post(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal is not None:
            return self.render(None, refusal)
        form = self.form_class(request.POST, **self.form_kwargs())
        if form.is_valid() and save_through(form, lambda: self.perform(form), request,
                                            self.success_message)[0]:
            return redirect(self.success_url())
        return self.render(form, None)

    def success_url(self) -> str:
        return row_url(self.row)

    def render(self, form, refusal):
        return render(self.request, "governance/action.html", {
            "row": self.row, "row_title": row_title(self.row), "form": form,
            "refusal": refusal, "title": ACTIONS[self.action][1].label, "intro": self.intro,
            "submit_label": self.submit_label, "row_url": row_url(self.row)})
