"""The governance home page: what is waiting for this person in the registers."""

from __future__ import annotations

from django.shortcuts import render

from accounts.decorators import staff_view

from ..policies import DECLARATION_READERS
from ..roles import GOVERNANCE_OFFICER, HR_PARTNER
from ..selectors import home_summary, manages
from .base import who_is


@staff_view()
def home(request, institution_slug: str):
    membership = request.membership
    who = who_is(request)
    return render(request, "governance/home.html", {
        "summary": home_summary(membership, today=who.today),
        "reads_declarations": membership.has_role(*DECLARATION_READERS),
        "manages": manages(membership),
        "hr_label": request.institution.role_label(HR_PARTNER),
        "officer_label": request.institution.role_label(GOVERNANCE_OFFICER)})
