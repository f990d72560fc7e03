from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from accounts.decorators import staff_view

from .calendar import OutOfRange, WorkingCalendar
from .forms import WorkingDaysForm
from .models import Institution
from .selectors import time_limits_in_order


def landing(request):
    """The site's front page: which institution are you from?"""
    institutions = Institution.objects.filter(is_active=True).order_by("name")
    return render(request, "institutions/landing.html", {"institutions": institutions})


@staff_view()
def deadline_calculator(request, institution_slug: str):
    """Staff deadline calculator. Works as a plain GET form; with htmx only the result swaps."""
    form = WorkingDaysForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = WorkingCalendar(request.institution).add_working_days(
                form.cleaned_data["start"], form.cleaned_data["add"]
            )
        except OutOfRange as exc:
            form.add_error("start", str(exc))
    limits = time_limits_in_order(institution=request.institution)
    # The form pushes its URL into history, so going back re-requests it with HX-Request and
    # HX-History-Restore-Request: that needs the whole page, not the partial.
    partial = request.htmx and not request.htmx.history_restore_request
    template = ("institutions/_calculator_result.html" if partial
                else "institutions/calculator.html")
    response = render(request, template,
                      {"form": form, "result": result, "limits": limits, "partial": partial})
    # One URL, two bodies: caches must keep the partial and the page apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def brand_css(request, institution_slug: str):
    """The institution's colours as a stylesheet (issue 14: no inline <style> under the
    Content-Security-Policy). The colours are validated hex values (``colour_validator``);
    the page links it with the colours in its query, so a change shows at once."""
    inst = request.institution
    response = HttpResponse(
        f":root {{ --brand: {inst.primary_colour}; --accent: {inst.accent_colour}; }}\n",
        content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
