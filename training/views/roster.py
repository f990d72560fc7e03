"""The roster: the list with its search, adding and changing an entry, and recording a
completion for one person by hand."""

from __future__ import annotations

from django.shortcuts import render

from core.pagination import QueuePaginator

from ..forms import CompletionForm, LearnerForm, RosterSearchForm
from ..permissions import access_learner
from ..selectors import learner_completions, learner_search
from ..services.completions import completion_enter
from ..services.roster import LEARNER_FIELDS, learner_create, learner_update
from .common import PAGE_SIZE, form_page, manager_view, url


@manager_view
def roster(request, institution_slug: str):
    form = RosterSearchForm(request.GET or None)
    search = kind = ""
    if form.is_bound and form.is_valid():
        search, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    rows = learner_search(institution=request.institution, search=search, kind=kind)
    page = QueuePaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/roster.html", {"form": form, "page": page,
                                                    "filtered": bool(search or kind)})


def _values(form) -> dict:
    return {name: form.cleaned_data[name] for name in LEARNER_FIELDS}


@manager_view
def learner_new(request, institution_slug: str):
    inst = request.institution
    form = LearnerForm(request.POST or None)
    return form_page(
        request, form,
        lambda: learner_create(institution=inst, actor=request.user, **_values(form)),
        template="training/learner_form.html", context={"learner": None},
        success=lambda learner: (f"{learner} is on the roster.",
                                 url("learner", request, learner_id=learner.pk)))


@manager_view
def learner_edit(request, institution_slug: str, learner_id: int):
    inst = request.institution
    learner = access_learner(institution=inst, learner_id=learner_id)
    form = LearnerForm(request.POST or None,
                       initial={name: getattr(learner, name) for name in LEARNER_FIELDS})
    return form_page(
        request, form,
        lambda: learner_update(learner=learner, actor=request.user, **_values(form)),
        template="training/learner_form.html",
        context={"learner": learner, "completions": list(learner_completions(learner)),
                 "completion_form": CompletionForm(institution=inst)},
        success=lambda saved: (f"{saved} is saved.",
                               url("learner", request, learner_id=saved.pk)))


@manager_view
def completion_new(request, institution_slug: str, learner_id: int):
    inst = request.institution
    learner = access_learner(institution=inst, learner_id=learner_id)
    form = CompletionForm(request.POST or None, institution=inst)

    def done(result):
        completion, created = result
        message = (f"Recorded: {completion.module.title}, completed on "
                   f"{completion.completed_on:%d %B %Y}." if created else
                   "That completion was already recorded; nothing changed.")
        return message, url("learner", request, learner_id=learner.pk)

    return form_page(
        request, form,
        lambda: completion_enter(learner=learner, module=form.cleaned_data["module"],
                                 completed_on=form.cleaned_data["completed_on"],
                                 actor=request.user),
        template="training/completion_form.html", context={"learner": learner},
        success=done)
