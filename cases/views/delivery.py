"""Staff pages for how a case's letters reach people (004 "how decisions are communicated"):
each person's agreed contact preference, a fresh secure link to a letter, the handover of a
letter sent through the caseworker, and "letters to hand over" (the caseworker's tasks)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import staff_view
from letters.models import LetterHandover
from letters.services import (
    letter_handover_record,
    letter_handovers_waiting,
    letter_link_resend,
)

from ..forms import add_service_errors
from ..forms.base import date_field, radio, text
from ..models import ContactPreference, Letter, Party
from ..permissions import access_case
from ..services.contact import contact_preference_set, contact_preferences
from .base import case_url, get_on_case

RESPONDENT = "respondent"


class ContactPreferenceForm(forms.Form):
    person = forms.ChoiceField(label="Person", choices=[])
    method = radio("How they will receive letters", ContactPreference.Method.choices)
    email = text("Email address for the links (email only)", max_length=254,
                 help_text="Empty: the address on the case.")
    agreed_on = date_field("Date agreed with them")

    def __init__(self, *args, case, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(RESPONDENT, f"{case.respondent.full_name} "
                                                      "(reported student)")] + [
            (str(p.pk), f"{p.name} ({p.get_kind_display().lower()})") for p in parties]
        self.fields["agreed_on"].initial = timezone.localdate()


def _case(request, case_id: int, what: str):
    case, _membership = access_case(user=request.user, institution=request.institution,
                                    case_id=case_id, what=what,
                                    membership=request.membership)
    return case


@staff_view()
def contact_preferences_page(request, institution_slug: str, case_id: int):
    case = _case(request, case_id, "contact preferences")
    parties = list(Party.objects.for_institution(case.institution_id).filter(case=case))
    form = ContactPreferenceForm(request.POST or None, case=case, parties=parties)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        party = None if data["person"] == RESPONDENT else next(
            (p for p in parties if str(p.pk) == data["person"]), None)
        try:
            contact_preference_set(case=case, actor=request.user, party=party,
                                   method=data["method"], email=data.get("email") or "",
                                   agreed_on=data["agreed_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The contact preference is recorded. Letters issued from "
                                      "now on are delivered this way.")
            return redirect(request.path)
    prefs = contact_preferences(case)
    people = [{"name": case.respondent.full_name, "role": "Reported student",
               "email": case.respondent.email, "pref": prefs.get(RESPONDENT)}] + [
        {"name": p.name, "role": p.get_kind_display(), "email": p.email,
         "pref": prefs.get(f"party-{p.pk}")} for p in parties]
    return render(request, "cases/contact_preferences.html", {
        "case": case, "form": form, "people": people, "case_url": case_url(case)})


@staff_view()
@require_POST
def letter_resend_link(request, institution_slug: str, case_id: int, letter_id: int):
    case = _case(request, case_id, f"letter {letter_id} link")
    letter = get_on_case(Letter, case, letter_id)
    try:
        delivery = letter_link_resend(letter=letter, actor=request.user,
                                      to=request.POST.get("to", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"A new secure link was emailed to {delivery.to}; the old "
                                  "link no longer works.")
    return redirect(case_url(case) + "#letters")


class HandoverForm(forms.Form):
    sent_on = date_field("Date handed over")
    note = text("How it was handed over (optional)", max_length=300)


@staff_view()
def letter_handover_page(request, institution_slug: str, case_id: int, letter_id: int):
    case = _case(request, case_id, f"letter {letter_id} handover")
    letter = get_on_case(Letter, case, letter_id)
    handover = LetterHandover.objects.for_institution(case.institution_id).filter(
        letter=letter).first()
    if handover is None:
        raise Http404("Not found.")
    form = HandoverForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            letter_handover_record(handover=handover, actor=request.user,
                                   sent_on=form.cleaned_data["sent_on"],
                                   note=form.cleaned_data.get("note") or "")
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The handover is recorded.")
            return redirect(case_url(case) + "#letters")
    return render(request, "cases/letter_handover.html", {
        "case": case, "letter": letter, "handover": handover, "form": form,
        "case_url": case_url(case)})


@staff_view()
def handovers_mine(request, institution_slug: str):
    """The letters waiting for me to hand over (their case's reference and the recipient)."""
    waiting = list(letter_handovers_waiting(institution=request.institution,
                                            user=request.user).select_related("letter__case"))
    return render(request, "cases/handovers.html", {"waiting": waiting})
