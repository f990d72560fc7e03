from django import forms

from .calendar import MAX_WORKING_DAYS


class WorkingDaysForm(forms.Form):
    """The deadline calculator's question, for both the page and the API."""

    start = forms.DateField(
        label="From",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date as YYYY-MM-DD, e.g. 2026-12-18.",
                        "required": "Enter the date the time limit runs from."},
    )
    add = forms.IntegerField(
        label="Working days to add",
        min_value=-MAX_WORKING_DAYS,
        max_value=MAX_WORKING_DAYS,
        # A text box, not type=number: a browser drops what it cannot parse, and a person must
        # see what they typed beside the problem.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="A negative number counts back (e.g. -5 for 'five working days before').",
        error_messages={"invalid": "Enter a whole number of working days, e.g. 10.",
                        "required": "Enter how many working days to add.",
                        "min_value": f"Enter a number from -{MAX_WORKING_DAYS} to "
                                     f"{MAX_WORKING_DAYS}.",
                        "max_value": f"Enter a number from -{MAX_WORKING_DAYS} to "
                                     f"{MAX_WORKING_DAYS}."},
    )
