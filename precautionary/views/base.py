"""One view for every transition of a matter: GET shows the form, POST calls the one service
and goes back to the matter with a message. The service's ValidationError is shown against the
fields, its refusal (any DomainRefusal) in the error summary, its PermissionDenied as a 403.
Services are atomic, so a refused or invalid change leaves nothing half-saved."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from accounts.decorators import staff_view
from core.errors import DomainRefusal

from ..forms import add_service_errors
from ..policies import matter_policies, state_for
from ..selectors import access_matter
from ..services.letters import NOT_A_FINDING
from ..wording import form_in_own_words, say

NOT_GUILT = ("A precautionary measure is not a finding of guilt: it does not mean that the "
             "student is considered to have committed misconduct (§19).")

__all__ = ["NOT_A_FINDING", "NOT_GUILT", "MatterTransitionView", "get_on_matter", "matter_url"]


def matter_url(matter) -> str:
    return reverse("staff:precautionary:detail",
                   kwargs={"institution_slug": matter.institution.slug, "matter_id": matter.pk})


def get_on_matter(model, matter, pk, **filters):
    """A row of ``model`` on this matter (and so in this institution), or 404."""
    try:
        return (model.objects.for_institution(matter.institution_id)
                .get(matter=matter, pk=int(pk), **filters))
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


@method_decorator(staff_view(), name="dispatch")
class MatterTransitionView(View):
    """Subclasses set ``action`` (a policy key), ``form_class``, ``title`` and
    ``perform(form)``, which calls the service with the cleaned data."""

    action = ""
    form_class: type | None = None
    title = ""
    intro = ""
    submit_label = "Save"
    success_message = "Saved."
    template_name = "precautionary/transition.html"
    object_kwarg = ""
    object_model = None
    object_filters: dict = {}

    def dispatch(self, request, *args, institution_slug: str, matter_id, **kwargs):
        self.matter, self.membership = access_matter(
            user=request.user, institution=request.institution, matter_id=matter_id,
            membership=request.membership)
        self.state = state_for(matter=self.matter, actor=request.user)
        self.object = None
        if self.object_kwarg:
            self.object = get_on_matter(self.object_model, self.matter,
                                        kwargs[self.object_kwarg], **self.object_filters)
        return super().dispatch(request, *args, **kwargs)

    # -- hooks ---------------------------------------------------------------------------
    def form_kwargs(self) -> dict:
        return {"matter": self.matter, "actor": self.request.user, "state": self.state}

    def make_form(self, data=None):
        assert self.form_class is not None  # noqa: S101 - every page names its form
        return self.form_class(data, **self.form_kwargs())

    def perform(self, form):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def get_success_message(self, result) -> str:
        return self.success_message

    def extra_context(self) -> dict:
        return {}

    def refusal(self):
        return matter_policies.refusal(self.action, self.state, self.object)

    # -- HTTP ----------------------------------------------------------------------------
    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        return self.render(None if refusal else self.make_form(), refusal)

    def post(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied(refusal.message)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as exc:
                add_service_errors(form, exc, form.service_field_map())
            except DomainRefusal as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, self.get_success_message(result))
                return redirect(matter_url(self.matter))
        return self.render(form, None)

    def render(self, form, refusal):
        institution = self.matter.institution
        form = form_in_own_words(form, institution)
        context = {"matter": self.matter, "state": self.state, "form": form,
                   "refusal": refusal, "title": say(institution, self.title),
                   "intro": say(institution, self.intro),
                   "submit_label": self.submit_label, "object": self.object,
                   "matter_url": matter_url(self.matter), "not_guilt": say(institution, NOT_GUILT),
                   "group_label": self.state.settings.group_label,
                   **self.extra_context()}
        return render(self.request, self.template_name, context)
