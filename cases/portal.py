"""The respondent's side of a case, opened by the secure link of a letter they were sent (no
account): their letters on the case (``letters.public_views``) and the online Appeal Form
(002 Appendix B), within the appeal window or late with a reason (§66). The appeal is lodged
by the same service staff use (``cases.services.appeals.appeal_lodge``), which keeps every
rule of it; only the respondent's own link reaches this form, and only for their case."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from letters.public_views import link_refused, private_page
from letters.services.links import LinkNotFound, LinkRefused, letter_link_open

from .forms.base import add_service_errors, date_field, long_text, text
from .models import AppealGround, Case, Party
from .policies import refusal_for, state_for
from .selectors import appeal_window
from .services.common import TransitionError
from .services.informal_reviews import informal_review_request_online, online_request_refusal

#: Who the audit says lodged an online appeal (the student has no account).
STUDENT_LABEL = "student (online appeal form, secure letter link)"


def case_portal_actions(letter, token: str) -> list[tuple[str, str]]:
    """On the respondent's letters page: the online appeal form while an appeal may be
    lodged (in the window, or late after a closure for want of an appeal). On a reporting
    student's: the request for an informal review, where their institution gives one (004)."""
    if letter.case_id is None:
        return []
    if letter.recipient_key.startswith("party-"):
        return _reporting_student_actions(letter, token)
    if letter.recipient_key != "respondent":
        return []
    case = letter.case
    if refusal_for("appeal_lodge", state_for(case=case, actor=None)) is not None:
        return []
    return [("Appeal against the decision online (the Appeal Form)", reverse(
        "public:case_portal:appeal",
        kwargs={"institution_slug": case.institution.slug, "token": token}))]


class OnlineAppealForm(forms.Form):
    """The Appeal Form (002 Appendix B) as the student fills it in: their ID, names and the
    date of the incident come from the case; "Signed" is their confirmation."""

    contact = text("Your address or email", required=True, max_length=300)
    telephone = text("Telephone (optional)", max_length=40)
    decision_received_on = date_field("Date you received the decision")
    grounds = forms.MultipleChoiceField(
        label="Grounds of appeal", choices=[], required=False,
        widget=forms.CheckboxSelectMultiple)
    summary = long_text(
        "Summary of grounds for appeal", rows=8,
        help_text="What you are challenging (the decision, or measures put in place as a "
                  "result of it) and why. If you have new evidence, explain why it is being "
                  "presented at this late stage.")
    late_reason = long_text(
        "Why your appeal is late (only if the deadline has passed)", rows=4,
        help_text="Your reason is considered; if it is not a good reason the appeal will not "
                  "be considered (§66).")
    signed = forms.BooleanField(
        label="I confirm that this is my appeal and that what I have written is true",
        required=True, error_messages={"required": "Confirm that this is your appeal."})

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].choices = [
            (g.code, f"{g.text} ({g.reference})" if g.reference else g.text)
            for g in AppealGround.objects.for_institution(case.institution_id)]
        student = case.respondent
        self.fields["contact"].initial = student.email or student.address


def _respondent_case(request, token: str):
    """The case whose respondent this link belongs to (anything else: not found)."""
    link = letter_link_open(institution=request.institution, token=token)
    letter = link.letter
    if letter.recipient_key != "respondent" or letter.case_id is None:
        raise LinkNotFound("This link does not open an appeal form.")
    return link, _case_of(request, letter)


def _case_of(request, letter) -> Case:
    return Case.objects.for_institution(request.institution).select_related(
        "respondent", "institution").get(pk=letter.case_id)


def _letters_url(institution_slug: str, token: str) -> str:
    return reverse("public:letter_links:page",
                   kwargs={"institution_slug": institution_slug, "token": token})


@private_page
def appeal(request, institution_slug: str, token: str):
    try:
        link, case = _respondent_case(request, token)
    except LinkRefused as exc:
        return link_refused(request, exc)
    letters_url = _letters_url(institution_slug, token)
    state = state_for(case=case, actor=None)
    refusal = refusal_for("appeal_lodge", state)
    context = {"case": case, "student": case.respondent, "letters_url": letters_url}
    if refusal is not None:
        return render(request, "cases/portal_appeal_closed.html",
                      {**context, "message": refusal.message})
    against = state.appealable_outcome
    window = appeal_window(case, against) if against else None
    due = window.due_date if window else against.decided_on
    late = timezone.localdate() > due
    form = OnlineAppealForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal_obj = _lodge(case, data)
        except ValidationError as exc:
            add_service_errors(form, _in_the_students_words(exc, due))
        except (TransitionError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            audit_record(institution=case.institution, action="appeal.lodged_online",
                         actor_label=STUDENT_LABEL, obj=case,
                         changes={"appeal": appeal_obj.pk, "late": appeal_obj.is_late,
                                  "link": link.pk})
            return render(request, "cases/portal_appeal_done.html",
                          {**context, "appeal": appeal_obj})
    return render(request, "cases/portal_appeal.html", {
        **context, "form": form, "due": due, "late": late, "against": against})


def _in_the_students_words(exc: ValidationError, due) -> ValidationError:
    """The service speaks to the staff who record an appeal; the form speaks to the student."""
    errors = dict(getattr(exc, "message_dict", {}) or {"__all__": exc.messages})
    if "late_reason" in errors:
        errors["late_reason"] = [
            f"The deadline was {due:%A} {due.day} {due:%B %Y}: give your reason for lateness. "
            "It is considered first; if it is not a good reason the appeal will not be "
            "considered (§66)."]
    if "contact" in errors:
        errors["contact"] = ["Give your address or email, so that we can reply."]
    return ValidationError(errors)


def _lodge(case: Case, data: dict):
    from .services.appeals import appeal_lodge

    return appeal_lodge(
        case=case, actor=None, received_on=timezone.localdate(),
        grounds=data.get("grounds") or [], summary=data.get("summary") or "",
        decision_received_on=data["decision_received_on"], contact=data.get("contact") or "",
        telephone=data.get("telephone") or "", late_reason=data.get("late_reason") or "")


# -- the reporting student (004: "request an informal review ... directly") -------------------
def _reporting_party_of(letter) -> Party | None:
    try:
        party_id = int(letter.recipient_key.removeprefix("party-"))
    except ValueError:
        return None
    return Party.objects.for_institution(letter.institution_id).filter(
        pk=party_id, case_id=letter.case_id, kind=Party.Kind.REPORTING_PARTY).first()


def _reporting_student_actions(letter, token: str) -> list[tuple[str, str]]:
    party = _reporting_party_of(letter)
    if party is None or online_request_refusal(letter.case, party) is not None:
        return []
    return [("Ask for an informal review of the outcome", reverse(
        "public:case_portal:informal_review",
        kwargs={"institution_slug": letter.case.institution.slug, "token": token}))]


class InformalReviewRequestForm(forms.Form):
    """004: a reporting student cannot appeal, but may ask for an informal review of the
    decision or of the disciplinary process."""

    concerns = long_text(
        "What are you dissatisfied with?", rows=8,
        help_text="The decision, the way the disciplinary process was run, or both, and why. "
                  "Someone independent will look at it.")
    signed = forms.BooleanField(
        label="I confirm that I am asking for this review", required=True,
        error_messages={"required": "Confirm that you are asking for this review."})


def _reporting_student_case(request, token: str):
    """The case and reporting student this link belongs to (anything else: not found)."""
    link = letter_link_open(institution=request.institution, token=token)
    letter = link.letter
    party = (_reporting_party_of(letter)
             if letter.case_id and letter.recipient_key.startswith("party-") else None)
    if party is None:
        raise LinkNotFound("This link does not open this form.")
    return link, _case_of(request, letter), party


@private_page
def informal_review(request, institution_slug: str, token: str):
    try:
        link, case, party = _reporting_student_case(request, token)
    except LinkRefused as exc:
        return link_refused(request, exc)
    context = {"case": case, "letters_url": _letters_url(institution_slug, token)}
    refusal = online_request_refusal(case, party)
    if refusal is not None:
        return render(request, "cases/portal_review_closed.html",
                      {**context, "message": refusal})
    form = InformalReviewRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review = informal_review_request_online(
                case=case, party=party, concerns=form.cleaned_data["concerns"], link=link)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (TransitionError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "cases/portal_review_done.html",
                          {**context, "review": review})
    return render(request, "cases/portal_review.html", {**context, "form": form})
