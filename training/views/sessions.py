"""In-person sessions and their attendance register."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from core.errors import DomainRefusal
from core.pagination import QueuePaginator

from ..forms import RegisterForm, SessionForm, add_service_errors
from ..permissions import access_session
from ..policies import state_for, training_policies
from ..selectors import session_list, session_register
from ..services.sessions import (
    SESSION_FIELDS,
    learners_by_email,
    register_add,
    register_save,
    session_create,
    session_update,
)
from .common import PAGE_SIZE, form_page, manager_view, url


@manager_view
def sessions(request, institution_slug: str):
    page = QueuePaginator(session_list(institution=request.institution), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "training/sessions.html", {"page": page})


def _values(form) -> dict:
    return {name: form.cleaned_data[name] for name in SESSION_FIELDS}


@manager_view
def session_new(request, institution_slug: str):
    inst = request.institution
    form = SessionForm(request.POST or None, institution=inst)
    return form_page(
        request, form,
        lambda: session_create(institution=inst, actor=request.user, **_values(form)),
        template="training/session_form.html", context={"session": None},
        success=lambda s: ("The session is added. Put people on its register.",
                           url("session", request, session_id=s.pk)))


@manager_view
def session_edit(request, institution_slug: str, session_id: int):
    inst = request.institution
    session = access_session(institution=inst, session_id=session_id)
    form = SessionForm(request.POST or None, institution=inst, session=session,
                       initial={name: getattr(session, name) for name in SESSION_FIELDS})
    return form_page(
        request, form, lambda: session_update(session=session, actor=request.user,
                                              **_values(form)),
        template="training/session_form.html", context={"session": session},
        success=lambda s: ("The session is saved.", url("session", request, session_id=s.pk)))


@manager_view
def session_detail(request, institution_slug: str, session_id: int):
    """The register: add people by email, tick who attended (on or after the day)."""
    inst = request.institution
    session = access_session(institution=inst, session_id=session_id)
    state = state_for(institution=inst, actor=request.user, membership=request.membership)
    refusal = training_policies.refusal("attendance_mark", state, session)
    register = list(session_register(session))
    form = RegisterForm(request.POST or None, register=register, may_mark=refusal is None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                result = register_save(session=session, actor=request.user,
                                       marks=form.marks()) if form.marks() else None
                emails = form.emails()
                added = register_add(session=session, actor=request.user,
                                     learners=learners_by_email(institution=inst,
                                                                emails=emails)) \
                    if emails else []
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            parts = []
            if result is not None:
                parts.append(f"{result.marked} marked as attended, {result.unmarked} unmarked"
                             f" ({result.completions_created} completions recorded).")
            if added:
                parts.append(f"{len(added)} added to the register.")
            messages.success(request, " ".join(parts) or "Nothing changed.")
            return redirect(url("session", request, session_id=session.pk))
    return render(request, "training/session_detail.html", {
        "session": session, "register": register, "form": form, "refusal": refusal,
        "attended": sum(1 for a in register if a.attended)})
