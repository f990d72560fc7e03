from django.shortcuts import render

from accounts.decorators import staff_view

from .calendar import WorkingCalendar
from .forms import WorkingDaysForm
from .models import Institution, TimeLimit


def landing(request):
    """The site's front page: which institution are you from?"""
    institutions = Institution.objects.filter(is_active=True).order_by("name")
    return render(request, "institutions/landing.html", {"institutions": institutions})


def public_home(request, institution_slug: str):
    return render(request, "institutions/public_home.html")


@staff_view()
def deadline_calculator(request, institution_slug: str):
    """Staff deadline calculator. Works as a plain GET form; with htmx only the result swaps."""
    form = WorkingDaysForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = WorkingCalendar(request.institution).add_working_days(
            form.cleaned_data["start"], form.cleaned_data["add"]
        )
    limits = TimeLimit.objects.for_institution(request.institution)
    template = ("institutions/_calculator_result.html" if request.htmx
                else "institutions/calculator.html")
    return render(request, template, {"form": form, "result": result, "limits": limits})
