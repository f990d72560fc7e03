"""The public directory of Safe Contacts, at /<institution_slug>/safe-contacts/: no account."""

from __future__ import annotations

import functools

from django.shortcuts import render

from ..directory import directory, directory_departments
from ..forms import DirectoryFilterForm
from ..models import SafeContactSettings
from ..training_link import specialism_modules


def public_page(view):
    """As every public page (reporting/public/common.py): nothing cached, the referrer never
    leaves the site."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def directory_filters(institution, data) -> tuple[DirectoryFilterForm, str, str]:
    """The filter form and the specialism and department it asks for (a bad value is reported
    on the form and ignored)."""
    form = DirectoryFilterForm(data or None, specialisms=specialism_modules(institution),
                               departments=directory_departments(institution))
    if not form.is_bound:
        return form, "", ""
    form.is_valid()
    d = form.cleaned_data
    return form, d.get("specialism") or "", d.get("hide_department") or ""


@public_page
def directory_page(request, institution_slug: str):
    inst = request.institution
    form, specialism, department = directory_filters(inst, request.GET)
    return render(request, "safecontacts/directory.html", {
        "form": form, "entries": directory(institution=inst, specialism=specialism,
                                           hide_department=department),
        "filtered": bool(specialism or department),
        "settings": SafeContactSettings.of(inst)})
