"""Forms of the retention pages, and finding the record a hold names by its reference."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cases.models import Case
from reporting.models import Report


def record_for_reference(*, institution, reference: str) -> dict:
    """``{"case": case}`` or ``{"report": report}`` of the institution's record with this
    reference; a reference of nothing there (or of another institution) is a field error."""
    reference = reference.strip()
    case = Case.objects.for_institution(institution).filter(reference__iexact=reference).first()
    if case is not None:
        return {"case": case}
    report = (Report.objects.for_institution(institution)
              .filter(reference__iexact=reference).first())
    if report is not None:
        return {"report": report}
    raise ValidationError({"reference": "No case or report has this reference."})


class LegalHoldForm(forms.Form):
    reference = forms.CharField(max_length=30, help_text="The case's or report's reference, "
                                "e.g. KINGSWAY-2026-0001 or R-2026-0001.")
    matter = forms.CharField(max_length=200, help_text="The matter the record is held for: a "
                             "claim, a complaint to the OIA, a request from the police.")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class LegalHoldReleaseForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             help_text="Why the hold ends: the schedule applies again.")
