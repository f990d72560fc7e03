"""One view for every transition: GET shows the form, POST calls the one service and goes back
to the case with a message. The service's ValidationError is shown against the fields, its
refusal (any DomainRefusal) in the error summary, its PermissionDenied as a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from accounts.decorators import staff_view
from accounts.roles import Role
from core.errors import DomainRefusal

from ..forms import add_service_errors
from ..permissions import access_case
from ..policies import CaseState, refusal_for
from ..procedure_text import form_in_own_words, procedure_words


def case_url(case) -> str:
    return reverse("staff:cases:detail", kwargs={"institution_slug": case.institution.slug,
                                                 "case_id": case.pk})


def get_on_case(model, case, pk):
    """A row of ``model`` on this case (and so in this institution), or 404."""
    try:
        return model.objects.for_institution(case.institution_id).get(case=case, pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


#: The page of each transition, by key (cases/transitions.py); cases/urls.py routes them.
PAGES: dict[str, type] = {}


@method_decorator(staff_view(), name="dispatch")
class TransitionView(View):
    """Subclasses set ``action`` (a key of cases/transitions.py), ``form_class``, ``title`` and
    ``perform(form)``, which calls the service with the cleaned data."""

    action: str = ""
    form_class = None
    title = ""
    intro = ""
    submit_label = "Save"
    success_message = "Saved."
    template_name = "cases/transition.html"
    #: keyword argument in the URL naming a row on the case, and its model
    object_kwarg = ""
    object_model = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.action:
            PAGES[cls.action] = cls

    def dispatch(self, request, *args, institution_slug: str, case_id, **kwargs):
        self.case, self.membership = access_case(
            user=request.user, institution=request.institution, case_id=case_id,
            what=self.action or "case file", membership=request.membership)
        self.state = CaseState(self.case, self.membership, request.user)
        self.object = None
        if self.object_kwarg:
            self.object = get_on_case(self.object_model, self.case, kwargs[self.object_kwarg])
        return super().dispatch(request, *args, **kwargs)

    # -- hooks ---------------------------------------------------------------------------
    def form_kwargs(self) -> dict:
        return {"case": self.case, "actor": self.request.user, "membership": self.membership}

    def make_form(self, data=None, files=None):
        return self.form_class(data, files, **self.form_kwargs())

    def perform(self, form):
        raise TypeError(f"{type(self).__name__} must define perform()")  # abstract hook

    def get_success_message(self, result) -> str:
        return self.success_message

    def get_success_url(self, result) -> str:
        return case_url(self.case)

    def extra_context(self) -> dict:
        return {}

    def refusal(self):
        return refusal_for(self.action, self.state, self.object) if self.action else None

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
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as exc:
                add_service_errors(form, exc, form.service_field_map())
            except DomainRefusal as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, self.get_success_message(result))
                return redirect(self.get_success_url(result))
        return self.render(form, None)

    def render(self, form, refusal):
        words = procedure_words(self.case.institution)
        form = form_in_own_words(form, words)
        context = {"case": self.case, "state": self.state, "form": form, "refusal": refusal,
                   "title": words.say(self.title), "intro": words.say(self.intro),
                   "submit_label": self.submit_label,
                   "object": self.object, "case_url": case_url(self.case),
                   "multipart": bool(form is not None and form.is_multipart()),
                   "dm_label": self.case.institution.role_label(Role.DECISION_MAKER),
                   **self.extra_context()}
        return render(self.request, self.template_name, context)
