"""Pages that only inform: the institution's public home and the support directory."""

from __future__ import annotations

import re

from django.shortcuts import render

from ..models import SupportService
from .common import caseworker_label, first_contact, public_page


def tel_href(phone: str) -> str:
    """A phone number as a tel: link ("020 7946 0123" -> "tel:02079460123")."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


@public_page
def home(request, institution_slug: str):
    """What a person can do: tell us, report formally, a Safe Contact, the police; support."""
    institution = request.institution
    return render(request, "reporting/public/home.html", {
        "caseworker": caseworker_label(institution), "promise": first_contact(institution),
    })


@public_page
def support(request, institution_slug: str):
    services = list(SupportService.objects.for_institution(request.institution)
                    .filter(is_active=True))
    for service in services:
        service.tel = tel_href(service.phone)
    name = request.institution.name
    groups = [
        {"title": f"At {name}", "services": [s for s in services
                                             if s.kind == SupportService.Kind.INTERNAL]},
        {"title": f"Outside {name}", "services": [s for s in services
                                                  if s.kind == SupportService.Kind.EXTERNAL]},
    ]
    return render(request, "reporting/public/support.html", {"groups": groups})
