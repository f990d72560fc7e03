"""Forms for the Board of Discipline (§52-65): the clerk's notice, objections, hearings, votes."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..models import Authority, BoardNotice, PenaltyType
from ..policies import case_role_label
from ..selectors import board_members
from ..services.board import HearingResult
from ..services.penalties import authority_label
from .base import CaseForm, Group, date_field, long_text, radio, yes_no


class BoardNoticeForm(CaseForm):
    sent_on = date_field("Date the notice is sent",
                         help_text="The student has 5 working days from this date to object "
                                   "to a member (§58).")
    hearing_date = date_field("Date of the hearing")
    hearing_format = radio("Format of the hearing", BoardNotice.Format.choices,
                           required_message="Choose in person or online.")
    alternative_attendance = forms.BooleanField(
        label="The student may attend an in-person hearing by video", required=False)
    arrangements = long_text("Procedural and logistical arrangements", rows=4,
                             help_text="Time, place or link, who will attend, what happens.")
    evidence_summary = long_text("Summary of the evidence", rows=5)
    documents = long_text("Documents relied on, one per line", rows=4)
    witnesses = long_text("Witnesses to be called, one per line (optional)", rows=3,
                          help_text="Witness names must reach the Board at least 5 working "
                                    "days before the hearing (§58).")
    witness_questions = radio("How the student may question witnesses", [
        ("through_chair", "Through the Chair"), ("direct", "Directly")])
    witnesses_by_video = forms.BooleanField(label="Witnesses may give evidence by video",
                                            required=False)
    proceeds_if_absent = yes_no(
        "Will the hearing go ahead if the student does not attend?",
        help_text="The student must be told this (§58-59).")
    identities_disclosed = long_text(
        "People named to the student (optional)", rows=3,
        help_text="The reporting student, witnesses and attendees whose identity is disclosed. "
                  "Leave out anyone whose identity is withheld for their safety (§58).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()
        self.fields["witness_questions"].initial = "through_chair"
        self.fields["proceeds_if_absent"].initial = "yes"

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        texts = ("arrangements", "evidence_summary", "documents", "witnesses",
                 "identities_disclosed")
        return {
            **{key: data.get(key) or "" for key in texts},
            "sent_on": data["sent_on"], "hearing_date": data["hearing_date"],
            "hearing_format": data["hearing_format"],
            "witness_questions": data.get("witness_questions") or "through_chair",
            "alternative_attendance": bool(data.get("alternative_attendance")),
            "witnesses_by_video": bool(data.get("witnesses_by_video")),
            "proceeds_if_absent": bool(data.get("proceeds_if_absent")),
        }


class ObjectionForm(CaseForm):
    member = forms.TypedChoiceField(label="Which member does the student object to?",
                                    coerce=int, widget=forms.RadioSelect, choices=[],
                                    error_messages={"required": "Choose the member."})
    reason = long_text("The student's reasons")
    received_on = date_field("Date the objection was received")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.user_id: m for m in board_members(self.case)}
        self.fields["member"].choices = [
            (m.user_id, f"{m.user} ({case_role_label(self.case, m.role)})")
            for m in self.members.values()]
        self.fields["received_on"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"member_user": self.members[data["member"]].user,
                "reason": data.get("reason") or "", "received_on": data["received_on"]}

    def service_field_map(self) -> dict[str, str]:
        return {"member": "member"}


class ObjectionDecisionForm(CaseForm):
    uphold = yes_no("Is the objection upheld?",
                    yes="Upheld: the member leaves the Board and a new member is appointed",
                    no="Rejected: the member stays")
    reason = long_text("Reason for the decision")


class HearingForm(CaseForm):
    result = radio("What happened?", [
        (HearingResult.HELD, "The hearing was held"),
        (HearingResult.ADJOURNED, "The hearing was adjourned"),
        (HearingResult.STUDENT_ABSENT, "The student did not attend"),
    ], required_message="Choose what happened.")
    note = long_text("Notes (required for an adjournment: its grounds, §60)", rows=3)
    new_date = date_field("New hearing date (adjourned, or the student did not attend)",
                          required=False)
    good_reason = yes_no("If the student did not attend: did the Chair accept their reason "
                         "as a good reason? (§59)", required=False)
    proceed_in_absence = forms.BooleanField(
        label="The Board proceeded in the student's absence", required=False,
        help_text="Only if the student failed to attend without good reason, or could not "
                  "attend on two occasions (§59).")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"result": data["result"], "note": data.get("note") or "",
                "new_date": data.get("new_date"), "good_reason": data.get("good_reason"),
                "proceed_in_absence": bool(data.get("proceed_in_absence"))}


class BoardDecisionForm(CaseForm):
    """One row per current member (§61): offence yes or no, and the penalties they vote for
    from what the Board may impose. The decision is the majority's (the service counts)."""

    reasons = long_text("The Board's reasons (§64)", rows=6)
    criminal_conviction = forms.BooleanField(
        label="The student has a relevant criminal conviction", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.case
        self.members = board_members(case)
        catalogue = list(PenaltyType.objects.for_institution(case.institution_id)
                         .filter(authorities__authority=Authority.BOARD)
                         .prefetch_related("authorities").distinct())
        self.board_penalties = catalogue
        choices = [(p.code, p.name) for p in catalogue]
        vote_names = []
        for m in self.members:
            place = case_role_label(case, m.role)
            offence = f"vote_{m.user_id}_offence"
            penalties = f"vote_{m.user_id}_penalties"
            self.fields[offence] = yes_no(
                "Was the offence committed?",
                required_message=f"Record the vote of {m.user} on the offence.")
            self.fields[penalties] = forms.MultipleChoiceField(
                label="Penalties voted for", choices=choices, required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Only if the offence was committed.")
            # The error summary names the member; the fieldset's legend does on the page.
            self.fields[offence].summary_label = f"{place}, {m.user}: offence"
            self.fields[penalties].summary_label = f"{place}, {m.user}: penalties"
            vote_names += [offence, penalties]
        self.fine_amounts = []
        for penalty in catalogue:
            if not (penalty.is_fine or penalty.takes_amount):
                continue
            name = f"amount_{penalty.code}"
            power = next((a for a in penalty.authorities.all()
                          if a.authority == Authority.BOARD), None)
            ceiling = power.maximum_fine if power and power.maximum_fine is not None \
                else penalty.fine_maximum
            hint = f"If the majority votes for {penalty.name.lower()}."
            if ceiling is not None:
                hint += (f" The {authority_label(case, Authority.BOARD)} may set up to "
                         f"£{ceiling:,.2f}.")
            self.fields[name] = forms.DecimalField(
                label=f"Amount agreed for {penalty.name.lower()} (£)", required=False,
                min_value=0, max_digits=8, decimal_places=2, help_text=hint,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                error_messages={"invalid": "Enter an amount in pounds, for example 150."})
            self.fine_amounts.append(name)
        self._vote_names = vote_names
        self.order_fields([*vote_names, *self.fine_amounts, "reasons", "criminal_conviction"])

    def groups(self) -> list[Group]:
        groups = []
        for m in self.members:
            names = [f"vote_{m.user_id}_offence", f"vote_{m.user_id}_penalties"]
            groups.append(Group("fieldset", names,
                                legend=f"{case_role_label(self.case, m.role)}: {m.user}"))
        return groups

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        amounts = {name.removeprefix("amount_"): data[name] for name in self.fine_amounts
                   if data.get(name) is not None}
        votes = [{"member": m.user_id,
                  "offence_committed": data[f"vote_{m.user_id}_offence"],
                  "penalties": data.get(f"vote_{m.user_id}_penalties") or [],
                  "amounts": amounts} for m in self.members]
        return {"votes": votes, "reasons": data.get("reasons") or "",
                "criminal_conviction": bool(data.get("criminal_conviction"))}
