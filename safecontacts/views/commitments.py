"""The EDI office's pages for the Safe Contacts' commitments (001): who is behind this term,
the sessions recorded (team meetings, group supervision) and who attended."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import staff_view
from accounts.roles import Role
from core.pagination import QueuePaginator

from ..commitments import commitments_overview, sessions_list
from ..equality import equality_summary, equality_years
from ..forms import AttendanceForm, SessionForm, add_service_errors
from ..models import SafeContact, Session
from ..services.commitments import ATTENDING, attendance_set, session_record

EDI = Role.EDI_ADMIN
PAGE_SIZE = 25


def _people(institution):
    return list(SafeContact.objects.for_institution(institution)
                .filter(stage__in=ATTENDING).order_by("full_name", "pk"))


@staff_view(EDI)
def commitments(request, institution_slug: str):
    overview = commitments_overview(institution=request.institution,
                                    today=timezone.localdate())
    return render(request, "safecontacts/commitments.html", {"overview": overview})


@staff_view(EDI)
def sessions(request, institution_slug: str):
    page = QueuePaginator(sessions_list(request.institution), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "safecontacts/sessions.html", {"page": page})


@staff_view(EDI)
def session_new(request, institution_slug: str):
    inst = request.institution
    form = SessionForm(request.POST or None, institution=inst, people=_people(inst))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session_record(institution=inst, actor=request.user, kind=d["kind"],
                           term=form.terms.get(d["term"]), held_on=d["held_on"],
                           attendee_ids=d["attendees"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The session and its attendance are recorded.")
            return redirect("staff:safecontacts:sessions", institution_slug=inst.slug)
    return render(request, "safecontacts/session_form.html", {"form": form})


@staff_view(EDI)
def session_attendance(request, institution_slug: str, session_id: int):
    inst = request.institution
    try:
        session = (Session.objects.for_institution(inst).select_related("term")
                   .get(pk=int(session_id)))
    except (Session.DoesNotExist, ValueError, OverflowError):
        raise Http404("Not found.") from None
    current = list(session.attendance.values_list("safe_contact_id", flat=True))
    form = AttendanceForm(request.POST or None, people=_people(inst),
                          initial={"attendees": current})
    if request.method == "POST" and form.is_valid():
        try:
            attendance_set(session=session, actor=request.user,
                           attendee_ids=form.cleaned_data["attendees"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Attendance saved.")
            return redirect(reverse("staff:safecontacts:sessions",
                                    kwargs={"institution_slug": inst.slug}))
    return render(request, "safecontacts/session.html", {"session": session, "form": form})


@staff_view(EDI)
def equality(request, institution_slug: str):
    """The equality monitoring of applicants, in aggregate only, small counts suppressed."""
    inst = request.institution
    years = equality_years(inst)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    return render(request, "safecontacts/equality.html", {
        "summary": equality_summary(institution=inst, year=year), "years": years,
        "year": year})
