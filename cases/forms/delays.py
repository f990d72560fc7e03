"""Forms for delays told (§44): the delay letter, and who was told of a pause."""

from __future__ import annotations

from ..models import Party, PauseNotice
from .base import CaseForm, date_field, long_text


class DelayNotifyForm(CaseForm):
    new_date = date_field("When is the case now likely to conclude?",
                          help_text="The letter gives this date as the new expected date.")
    reason = long_text("Reason for the delay", rows=4,
                       help_text="The letter states it, for example that a witness cannot "
                       "attend until next month, or that the police are investigating (§44).")


class PauseToldForm(CaseForm):
    """A day per party (§44: each student involved is told): the student, and each reporting
    party, with a shortcut for reporting parties told together."""

    student_told_on = date_field("Date the student was told", required=False)
    reporting_parties_told_on = date_field(
        "Date every reporting party was told, if they were told on the same day",
        required=False, help_text="A day given for one party below is kept for them.")

    def __init__(self, *args, pause=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reporting_parties = list(
            Party.objects.for_institution(self.case.institution_id)
            .filter(case=self.case, kind=Party.Kind.REPORTING_PARTY).order_by("pk"))
        if not self.reporting_parties:
            del self.fields["reporting_parties_told_on"]
        told = {}
        if pause is not None:
            told = {n.party_id: n.told_on for n in PauseNotice.objects.for_institution(
                self.case.institution_id).filter(pause=pause)}
            self.fields["student_told_on"].initial = told.get(None)
        for party in self.reporting_parties:
            name = f"party_{party.pk}"
            self.fields[name] = date_field(f"Date {party.name} (reporting party) was told",
                                           required=False)
            self.fields[name].initial = told.get(party.pk)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            self.add_error("student_told_on", "Give the day the student, or a reporting "
                           "party, was told of the pause.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"student_told_on": data.get("student_told_on"),
                "reporting_parties_told_on": data.get("reporting_parties_told_on"),
                "party_told_on": {p.pk: data[f"party_{p.pk}"] for p in self.reporting_parties
                                  if data.get(f"party_{p.pk}")}}
