"""Forms for delays told (§44): the delay letter, and who was told of a pause."""

from __future__ import annotations

from .base import CaseForm, date_field, long_text


class DelayNotifyForm(CaseForm):
    new_date = date_field("When is the case now likely to conclude?",
                          help_text="The letter gives this date as the new expected date.")
    reason = long_text("Reason for the delay", rows=4,
                       help_text="The letter states it, for example that a witness cannot "
                       "attend until next month, or that the police are investigating (§44).")


class PauseToldForm(CaseForm):
    student_told_on = date_field("Date the student was told", required=False)
    reporting_parties_told_on = date_field("Date the reporting parties were told",
                                           required=False)

    def clean(self):
        data = super().clean()
        if not data.get("student_told_on") and not data.get("reporting_parties_told_on"):
            self.add_error("student_told_on", "Give the day the student, or the reporting "
                           "parties, were told of the pause.")
        return data
