"""A Safe Contact's own contact log (001: no personal data), the referral to the Harassment
Management Group from an entry, and the EDI office's counts of every log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from accounts.permissions import refuse
from accounts.roles import Role
from core.errors import DomainRefusal
from core.pagination import QueuePaginator

from ..forms import ContactLogForm, PeriodForm, ReferForm, add_service_errors
from ..log_policies import LogState, log_policies
from ..log_selectors import active_safe_contacts, log_summary, own_entry_get, own_log
from ..models import Advisor, Signpost
from ..services.contactlog import contact_log_record, contact_log_refer

PAGE_SIZE = 25


def _log_url(inst) -> str:
    return reverse("staff:safecontacts:log", kwargs={"institution_slug": inst.slug})


def _state(request) -> LogState:
    state = LogState(request.membership)
    refusal = log_policies.refusal("log_record", state)
    if refusal is not None and refusal.forbidden:  # 404 on an entry's page: nothing to tell
        refuse(refusal.message, request.resolver_match.kwargs)
    return state


@staff_view(Role.SAFE_CONTACT)
def log_list(request, institution_slug: str):
    state = _state(request)
    page = QueuePaginator(own_log(state.record), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safecontacts/log_list.html", {
        "page": page, "refusal": log_policies.refusal("log_record", state)})


@staff_view(Role.SAFE_CONTACT)
def log_new(request, institution_slug: str):
    state = _state(request)
    refusal = log_policies.refusal("log_record", state)
    form = ContactLogForm(request.POST or None, institution=request.institution,
                          own=state.record,
                          others=active_safe_contacts(request.institution, exclude=state.record))
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            entry = contact_log_record(institution=request.institution, actor=request.user,
                                       **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The contact is recorded" + (
                " and referred to the Harassment Management Group." if entry.hmg_referred
                else "."))
            return redirect(_log_url(request.institution))
    return render(request, "safecontacts/log_form.html", {"form": form, "refusal": refusal})


@staff_view(Role.SAFE_CONTACT)
def log_entry(request, institution_slug: str, entry_id: int):
    state = _state(request)
    entry = own_entry_get(record=state.record, entry_id=entry_id)
    state.entry = entry
    signposts, advisors = dict(Signpost.choices), dict(Advisor.choices)
    return render(request, "safecontacts/log_entry.html", {
        "entry": entry, "refer_refusal": log_policies.refusal("log_refer", state, entry),
        "signposts": [signposts.get(c, c) for c in entry.signposted_to],
        "advisors": [advisors.get(c, c) for c in entry.confidentiality_advisors],
        "requests": list(entry.risk_requests.all())})


@staff_view(Role.SAFE_CONTACT)
def log_refer(request, institution_slug: str, entry_id: int):
    state = _state(request)
    entry = own_entry_get(record=state.record, entry_id=entry_id)
    refusal = log_policies.refusal("log_refer", state, entry)
    form = ReferForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            contact_log_refer(entry=entry, actor=request.user, **form.referral())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Referred: the Harassment Management Group is asked for "
                                      "a risk assessment.")
            return redirect(_log_url(request.institution))
    return render(request, "safecontacts/log_refer.html", {"entry": entry, "form": form,
                                                            "refusal": refusal})


@staff_view(Role.EDI_ADMIN)
def log_summary_view(request, institution_slug: str):
    """Counts of every Safe Contact's log: never an entry, never who logged it."""
    form = PeriodForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data.get("since"), form.cleaned_data.get("until")
    summary = log_summary(institution=request.institution, since=since, until=until)
    return render(request, "safecontacts/log_summary.html", {
        "form": form, "summary": summary, "tables": [
            ("By month", [(m.strftime("%B %Y"), n) for m, n in summary.by_month]),
            ("By kind of concern", summary.by_concern),
            ("Students and staff", summary.by_person_kind),
            ("Signposted to", summary.by_signpost),
            ("Advice before a break of confidentiality", summary.by_advisor)]})
