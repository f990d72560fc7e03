"""The scheme's home page, applying, the EDI office's list of applications and Safe Contacts,
and one record's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from accounts.roles import Role
from core.errors import DomainRefusal
from core.pagination import QueuePaginator
from institutions.selectors import deadlines_for

from ..actions import record_offers
from ..forms import ApplicationForm, RecordFilterForm, add_service_errors
from ..models import SafeContact
from ..policies import state_for
from ..selectors import (
    RecordFilters,
    access_safe_contact,
    chat_staff_of,
    current_record,
    own_records,
    record_queue,
)
from ..services.application import safe_contact_apply
from ..words import word_count

EDI = Role.EDI_ADMIN
PAGE_SIZE = 25


def record_url(record: SafeContact) -> str:
    return reverse("staff:safecontacts:detail", kwargs={
        "institution_slug": record.institution.slug, "record_id": record.pk})


@staff_view()
def home(request, institution_slug: str):
    """What the scheme offers this person: applying (any member of staff), their contact log
    (a Safe Contact), running the scheme (an EDI administrator)."""
    membership = request.membership
    return render(request, "safecontacts/home.html", {
        "records": own_records(membership), "current": current_record(membership),
        "is_edi": membership.has_role(EDI),
        "keeps_log": membership.has_role(Role.SAFE_CONTACT),
        "edi_label": request.institution.role_label(EDI)})


@staff_view()
def apply(request, institution_slug: str):
    """001's application form, for any member of staff."""
    membership = request.membership
    current = current_record(membership)
    if current is not None:
        messages.info(request, "You already have an application or a place in the scheme.")
        return redirect(record_url(current))
    initial = {"full_name": request.user.full_name, "email": request.user.email,
               "job_title": membership.job_title, "department": membership.department}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = safe_contact_apply(institution=request.institution, actor=request.user,
                                        **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Thank you: your application has reached the EDI office, "
                                      "who will arrange an informal chat with you.")
            return redirect(record_url(record))
    words = word_count(form.data.get("motivation", "")) if form.is_bound else 0
    return render(request, "safecontacts/apply.html", {"form": form, "words": words})


@staff_view(EDI)
def record_list(request, institution_slug: str):
    """Every application and Safe Contact of the institution, the step due first on top."""
    form = RecordFilterForm(request.GET or None)
    filters = RecordFilters()
    if form.is_bound:
        form.is_valid()  # invalid filters are reported and left out, the rest still apply
        d = form.cleaned_data
        filters = RecordFilters(stage=d.get("stage") or "", flagged=d.get("flagged") == "yes",
                                overdue=d.get("overdue") == "yes",
                                search=(d.get("q") or "").strip())
    today = timezone.localdate()
    page = QueuePaginator(record_queue(institution=request.institution, filters=filters,
                                       today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safecontacts/list.html", {
        "form": form, "page": page, "filtered": filters.any, "today": today})


@staff_view()
def record_detail(request, institution_slug: str, record_id: int):
    record, membership = access_safe_contact(user=request.user, institution=request.institution,
                                             record_id=record_id,
                                             membership=request.membership)
    state = state_for(record=record, actor=request.user)
    is_edi = membership.has_role(EDI) and record.person_id != request.user.pk
    return render(request, "safecontacts/detail.html", {
        "record": record, "actions": record_offers(state), "is_edi": is_edi,
        "is_self": record.person_id == request.user.pk,
        "chat_staff": chat_staff_of(record) if is_edi else [],
        "deadlines": sorted(deadlines_for(institution=record.institution, subject=record),
                            key=lambda d: (not d.is_open, d.due_date)) if is_edi else [],
        "today": timezone.localdate()})
