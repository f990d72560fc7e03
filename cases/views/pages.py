"""The queue, opening a case, the case page and the downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import staff_view
from accounts.models import Membership
from accounts.roles import Role
from accounts.workspace import queue_export_allowed
from core.downloads import attachment
from core.exports import export_format, export_query
from core.pagination import QueuePaginator
from institutions.calendar import WorkingCalendar

from ..casefile import case_file, case_file_alumni_not_told, case_file_delay, case_file_state
from ..exports import EXPORT_ROLES, case_queue_export
from ..forms import CaseOpenForm, EvidenceForm, QueueFilterForm, add_service_errors
from ..models import BOARD_ROLES, CaseRole, EvidenceDocument, Letter
from ..permissions import access_case
from ..policies import refusal_for
from ..procedure_text import form_in_own_words, procedure_words
from ..selectors import (
    Clock,
    QueueFilters,
    case_precautionary_measures,
    case_queue,
    clock_of,
)
from ..services.common import CASE_ROLE_NEEDS, case_role_label
from ..services.evidence import evidence_open
from ..services.intake import MAY_OPEN, case_open
from ..services.letters import letter_open
from ..transitions import offers
from .base import case_url, get_on_case
from .history import case_timeline, describe_event

PAGE_SIZE = 25
TAGS = {Clock.OVERDUE: ("overdue", "Overdue"), Clock.PAUSED: ("paused", "Paused"),
        Clock.DUE_TODAY: ("today", "Due today"), Clock.DUE_SOON: ("soon", "Due soon"),
        Clock.ON_TRACK: ("ok", "On track")}


def _staff_for_filter(institution) -> list[Membership]:
    """Members who can hold a place on a case: the choices of 'assigned to'."""
    roles = {str(r) for r in CASE_ROLE_NEEDS.values()}
    return list(Membership.objects.for_institution(institution)
                .filter(is_active=True, user__is_active=True, roles__role__in=roles)
                .select_related("user").distinct().order_by("user__full_name", "user__email"))


@staff_view()
def queue(request, institution_slug: str):
    """The cases this person may see. Everyone gets the page; the list is need-to-know."""
    inst, membership = request.institution, request.membership
    membership.institution = inst  # the same row, already loaded: saves a query per page
    form = QueueFilterForm(request.GET or None, staff=_staff_for_filter(inst),
                           institution=inst)
    filters = QueueFilters()
    if form.is_bound:
        form.is_valid()  # invalid filters are reported and left out, the rest still apply
        data = form.cleaned_data
        filters = QueueFilters(stage=data.get("stage") or "", assignee=data.get("assignee"),
                               cohort=data.get("cohort") or "",
                               deadline_status=data.get("deadline") or "",
                               search=(data.get("q") or "").strip())
    today = timezone.localdate()
    # Nearest deadline first and cases with none (closed, referred) last, on every database.
    cases = case_queue(membership=membership, filters=filters, today=today).order_by(
        F("next_due").asc(nulls_last=True), "-created_at", "-pk")
    if fmt := export_format(request):
        return case_queue_export(membership=membership, actor=request.user, cases=cases,
                                 filters=filters, fmt=fmt, today=today)
    page = QueuePaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    soon = WorkingCalendar(inst).add_working_days(today, 2).date
    rows = []
    for case in page:
        clock = clock_of(case, today=today, soon=soon)
        rows.append({"case": case, "clock": clock, "tag": TAGS.get(clock)})
    filtered = any([filters.stage, filters.assignee, filters.cohort, filters.deadline_status,
                    filters.search])
    return render(request, "cases/queue.html", {
        "form": form, "page": page, "rows": rows, "filtered": filtered,
        "may_open": membership.has_role(*MAY_OPEN),
        "is_admin": membership.has_role(Role.INSTITUTION_ADMIN),
        "export_query": export_query(request) if queue_export_allowed(
            membership, EXPORT_ROLES) else None,
        "sees_every_case": membership.has_role(Role.DECISION_MAKER)})


@staff_view(*MAY_OPEN)
def case_open_view(request, institution_slug: str):
    """The Alleged Misconduct Form (Appendix A)."""
    inst = request.institution
    form = CaseOpenForm(request.POST or None, institution=inst)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_open(institution=inst, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc, form.service_field_map())
        else:
            messages.success(request, f"Case {case.reference} is open. The decision whether "
                                      "to proceed is now due.")
            return redirect(case_url(case))
    return render(request, "cases/open.html", {
        "form": form_in_own_words(form, procedure_words(inst))})


@staff_view()
def case_detail(request, institution_slug: str, case_id: int):
    case, membership = access_case(user=request.user, institution=request.institution,
                                   case_id=case_id, membership=request.membership)
    is_decision_maker = membership.has_role(Role.DECISION_MAKER)
    file = case_file(case=case, membership=membership, with_previous=is_decision_maker)
    state = case_file_state(file, membership, request.user)
    hearings = [{"hearing": h, "votes": [
        {"vote": v, "place": case_role_label(case, v.place),
         "penalties": [file.penalty_names.get(c, c) for c in v.penalty_codes]}
        for v in file.votes if v.hearing_id == h.pk]} for h in file.hearings]
    # §38: the investigator (and the decision maker) see the measures on the case: the kind,
    # scope and dates only, never the risk assessment or the reasons.
    sees_measures = is_decision_maker or state.holds(CaseRole.INVESTIGATOR)
    panels = {p.appeal_id: p for p in file.appeal_panels}
    evidence_form = None
    if refusal_for("evidence", state) is None:
        evidence_form = EvidenceForm(case=case, actor=request.user, membership=membership)
    return render(request, "cases/detail.html", {
        "case": case,
        "student": case.respondent,
        "state": state,
        # Ending an appointment is offered in the appointments table, beside each one.
        "actions": [o for o in offers(state) if o.key != "unassign"],
        "parties": file.parties,
        "allegations": file.allegations,
        "deadlines": sorted(file.deadlines, key=lambda d: (not d.is_open, d.due_date)),
        "assignments": [{"a": a, "label": case_role_label(case, a.role),
                         "may_end": a.ended_at is None
                         and refusal_for("unassign", state, a) is None}
                        for a in file.assignments],
        "outcomes": file.outcomes,
        "appeals": [(a, panels.get(a.pk)) for a in file.appeals],
        "informal_reviews": file.informal_reviews,
        "notices": file.notices,
        "objections": file.objections,
        "hearings": hearings,
        "letters": file.letters,
        "may_record_sending": {letter.pk for letter in file.letters
                               if refusal_for("letter_delivery", state, letter) is None},
        "documents": file.documents,
        "pauses": file.pauses,
        "delay": case_file_delay(file),
        "delays": file.delays,
        "alumni_not_told": case_file_alumni_not_told(file),
        "previous": file.previous,
        "history": [describe_event(case, e) for e in file.history],
        "timeline": case_timeline(case, events=file.history, letters=file.letters,
                                  deadlines=file.deadlines),
        "evidence_form": evidence_form,
        "dm_label": case.institution.role_label(Role.DECISION_MAKER),
        "precautionary_measures": case_precautionary_measures(case) if sees_measures else None,
        "may_open_matter": is_decision_maker,
        # The Board's bundle (§58, subjectaccess): prepared by the decision maker or the
        # clerk, read by the Board members on the case.
        "shows_board_bundle": bool(file.notices or any(
            a.role in BOARD_ROLES and a.ended_at is None for a in file.assignments)) and (
            is_decision_maker or state.holds(CaseRole.CLERK, *BOARD_ROLES)),
    })


@staff_view()
def letter_download(request, institution_slug: str, case_id: int, letter_id: int):
    """An issued letter's PDF, decrypted. A letter still being generated is not there yet."""
    case, _membership = access_case(user=request.user, institution=request.institution,
                                    case_id=case_id, what=f"letter {letter_id} download",
                                    membership=request.membership)
    letter = get_on_case(Letter, case, letter_id)
    pdf = letter_open(letter=letter, actor=request.user)
    if pdf is None:
        raise Http404("Not found.")
    name = f"{case.reference}-{letter.kind}-{letter.recipient_key}-v{letter.version}.pdf"
    return attachment(pdf, "application/pdf", name)


@staff_view()
def evidence_download(request, institution_slug: str, case_id: int, document_id: int):
    case, _membership = access_case(user=request.user, institution=request.institution,
                                    case_id=case_id, what=f"evidence {document_id} download",
                                    membership=request.membership)
    document = get_on_case(EvidenceDocument, case, document_id)
    data = evidence_open(document=document, actor=request.user)
    return attachment(data, document.content_type, document.original_name)
