"""``{% sso_buttons %}``: the sign-in buttons of the institution the login is for, named by
``?institution=<slug>`` or by the first part of ``next`` (``/kingsway/staff/...``).

When that institution's staff sign in only through its provider (an enabled provider with
``allow_local_passwords`` off), the buttons come first and say so: a member's right password is
refused there (``sso.backends.LocalPasswordPolicyBackend``), with the same generic message as a
wrong one so the form never tells which addresses have accounts. What the page shows depends
only on the institution named in the URL, never on the email address typed (issue 14 §1)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from institutions.models import Institution

from ..services import sso_providers_for

register = template.Library()


def _institution_slug(request) -> str:
    slug = request.GET.get("institution", "")
    if not slug:
        parts = request.GET.get("next", "").lstrip("/").split("/")
        slug = parts[0] if parts else ""
    return slug


@register.inclusion_tag("sso/buttons.html", takes_context=True)
def sso_buttons(context):
    request = context.get("request")
    slug = _institution_slug(request) if request is not None else ""
    institution = Institution.objects.filter(slug=slug, is_active=True).first() if slug else None
    buttons = []
    sso_only = False
    if institution is not None:
        next_url = context.get("next") or ""
        for provider in sso_providers_for(institution=institution):
            sso_only = sso_only or not provider.allow_local_passwords
            name = "sso:oidc_start" if provider.protocol == "oidc" else "sso:saml_start"
            url = reverse(name, kwargs={"institution_slug": institution.slug,
                                        "provider_id": provider.pk})
            buttons.append({"label": provider.display_name,
                            "url": f"{url}?{urlencode({'next': next_url})}" if next_url else url})
    return {"buttons": buttons, "institution": institution, "sso_only": sso_only}
