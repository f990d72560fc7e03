"""The queue of matters, opening a matter, the matter page, its letters, and the security
list of measures in force."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from accounts.permissions import refuse
from accounts.workspace import queue_export_allowed
from core.downloads import attachment
from core.errors import DomainRefusal
from core.exports import export_format, export_query
from core.pagination import QueuePaginator
from letters.services.render import letter_open

from ..actions import matter_offers, place_label
from ..exports import EXPORT_ROLES, matter_queue_export
from ..forms import MatterOpenForm, QueueFilterForm, add_service_errors
from ..history import FILE_READERS, describe
from ..models import Matter, PrecautionarySettings
from ..pages import matter_file
from ..policies import state_for
from ..roles import PRECAUTIONARY_GROUP, SECURITY
from ..selectors import (
    CONVENER,
    REQUESTS_SHOWN,
    MatterFilters,
    access_matter,
    matter_history,
    matter_letter_get,
    matter_queue,
    measures_for_security,
    risk_request_get,
    risk_requests_open,
    security_row,
)
from ..services.matters import matter_open, matter_open_from_request
from ..services.students import matter_student_find_or_record
from ..wording import form_in_own_words
from .base import NOT_A_FINDING, NOT_GUILT, matter_url

PAGE_SIZE = 25
SECURITY_PAGE_SIZE = 50
#: Who may open a matter (the service decides; this only hides the button).
MAY_OPEN = (CONVENER, PRECAUTIONARY_GROUP)

Case = Matter._meta.get_field("case").related_model

__all__ = ["NOT_A_FINDING", "letter_download", "matter_detail", "matter_open_view", "queue",
           "security_measures"]


@staff_view()
def queue(request, institution_slug: str):
    """The matters this person may see: every one for the convener, else those they are
    convened for (need-to-know, §21)."""
    inst, membership = request.institution, request.membership
    membership.institution = inst
    form = QueueFilterForm(request.GET or None, institution=inst)
    filters = MatterFilters()
    if form.is_bound:
        form.is_valid()  # invalid filters are reported and left out, the rest still apply
        d = form.cleaned_data
        filters = MatterFilters(stage=d.get("stage") or "", review_due=d.get("review") == "due",
                                appeal_pending=d.get("appeal") == "pending",
                                measure_type=d.get("measure_type") or "",
                                search=(d.get("q") or "").strip())
    today = timezone.localdate()
    matters = matter_queue(membership=membership, filters=filters, today=today)
    if fmt := export_format(request):
        return matter_queue_export(membership=membership, actor=request.user, matters=matters,
                                   filters=filters, fmt=fmt, today=today)
    page = QueuePaginator(matters, PAGE_SIZE).get_page(request.GET.get("page"))
    may_open = membership.has_role(*MAY_OPEN)
    waiting = risk_requests_open(inst) if may_open else None
    return render(request, "precautionary/queue.html", {
        "form": form, "page": page, "filtered": filters.any, "today": today,
        "may_open": may_open,
        "requests": list(waiting[:REQUESTS_SHOWN]) if waiting is not None else [],
        "requests_count": waiting.count() if waiting is not None else 0,
        "sees_every_matter": membership.has_role(CONVENER),
        "export_query": export_query(request) if queue_export_allowed(
            membership, EXPORT_ROLES) else None,
        "group_label": PrecautionarySettings.of(inst).group_label, "not_guilt": NOT_GUILT})


def _case_for_opening(request, membership):
    """The case a matter is opened from (``?case=`` / ``case``): the convener's, who sees every
    case of the institution; 404 for any other."""
    raw = request.POST.get("case") or request.GET.get("case")
    if not raw:
        return None
    if not membership.has_role(CONVENER):
        raise Http404("Not found.")
    try:
        return (Case.objects.for_institution(request.institution)
                .select_related("respondent").get(pk=int(raw)))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None


@staff_view(*MAY_OPEN)
def matter_open_view(request, institution_slug: str):
    """Open a matter for one student: from a case (its respondent), or with no case yet
    (§19: "at an early stage")."""
    inst, membership = request.institution, request.membership
    raw_request = request.POST.get("request") or request.GET.get("request")
    risk_request = risk_request_get(institution=inst, request_id=raw_request) \
        if raw_request else None
    case = None if risk_request is not None else _case_for_opening(request, membership)
    form = MatterOpenForm(request.POST or None, matter=None, actor=request.user, case=case,
                          risk_request=risk_request)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        grounds = list(d.get("grounds") or [])
        try:
            with transaction.atomic():  # the student recorded only with the matter
                student = form.case.respondent if form.case is not None else \
                    matter_student_find_or_record(
                        institution=inst, actor=request.user, student_id=d["student_id"],
                        given_name=d.get("given_name") or "",
                        family_name=d.get("family_name") or "", email=d.get("email") or "")
                if risk_request is not None:
                    matter = matter_open_from_request(request=risk_request, actor=request.user,
                                                      student=student, grounds=grounds)
                else:
                    matter = matter_open(institution=inst, actor=request.user,
                                         student=student, reason=d["reason"], grounds=grounds,
                                         case=case)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Matter {matter.reference} is open. Convene the group "
                                      "and record the risk assessment.")
            return redirect(matter_url(matter))
    return render(request, "precautionary/open.html", {
        "form": form_in_own_words(form, inst), "case": case, "risk_request": risk_request,
        "not_guilt": NOT_GUILT,
        "group_label": PrecautionarySettings.of(inst).group_label})


@staff_view()
def matter_detail(request, institution_slug: str, matter_id: int):
    matter, membership = access_matter(user=request.user, institution=request.institution,
                                       matter_id=matter_id, membership=request.membership)
    state = state_for(matter=matter, actor=request.user)
    file = matter_file(matter)
    # The risk assessment and the reasons: only for those convened to decide on them (the
    # chair and members) and the appeal reviewer who answers the appeal against them.
    sees_reasons = state.holds(*FILE_READERS)
    may_convene = not state.system and state.has(CONVENER) and matter.stage != \
        Matter.Stage.CLOSED
    return render(request, "precautionary/detail.html", {
        "matter": matter, "student": matter.student, "state": state,
        "actions": matter_offers(state), "file": file, "sees_reasons": sees_reasons,
        "members": [{"m": m, "label": place_label(state, m.role),
                     "end_url": reverse("staff:precautionary:unappoint", kwargs={
                         "institution_slug": matter.institution.slug, "matter_id": matter.pk,
                         "member_id": m.pk}) if may_convene and m.ended_at is None else ""}
                    for m in file.members],
        "in_force": [m for m in file.measures if m.status == m.Status.ACTIVE],
        "group_label": state.settings.group_label, "not_guilt": NOT_GUILT,
        "dm_label": matter.institution.role_label(CONVENER),
        "history": [describe(e) for e in matter_history(matter)] if sees_reasons else [],
    })


@staff_view()
def letter_download(request, institution_slug: str, matter_id: int, letter_id: int):
    """An issued letter's PDF, for those who see the reasons it states."""
    matter, _membership = access_matter(user=request.user, institution=request.institution,
                                        matter_id=matter_id, membership=request.membership)
    state = state_for(matter=matter, actor=request.user)
    if not state.holds(*FILE_READERS):  # the letter is not theirs to see: 404
        refuse("Only the group and the appeal reviewer see the letters.",
               request.resolver_match.kwargs, seen=("matter_id",))
    letter = matter_letter_get(matter, letter_id)
    pdf = letter_open(letter=letter, actor=request.user)
    if pdf is None:
        raise Http404("Not found.")
    name = f"{matter.reference}-{letter.kind}-{letter.recipient_key}-v{letter.version}.pdf"
    return attachment(pdf, "application/pdf", name)


@staff_view(SECURITY)
def security_measures(request, institution_slug: str):
    """For enforcement: who, a description without a photo, the measure, its scope and until
    when (§22). Nothing else: no reasons, no allegation, no assessment."""
    page = QueuePaginator(measures_for_security(request.institution),
                          SECURITY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "precautionary/security.html", {
        "page": page, "rows": [security_row(m) for m in page], "not_guilt": NOT_GUILT})
