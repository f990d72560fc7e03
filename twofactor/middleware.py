"""Enforce the second factor on staff pages and the Django admin (issue 14 item 2).

Runs after the URL is resolved (``process_view``): a staff page (the ``staff`` namespace) or an
admin page requested by a session that still needs a second factor is redirected to "verify"
(the user has a device) or to "set up two-factor" (they have none), with ``next`` to come back.
Public pages, the reporter's follow-up and the API are never touched here: the API refuses such
sessions itself (:class:`twofactor.api.VerifiedSessionAuthentication`), and a token-authenticated
call carries no session.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from .policies import second_factor_missing, user_has_device


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        is_admin = match.app_name == "admin" and match.url_name != "logout"
        if not is_admin and "staff" not in match.namespaces:
            return None
        if not second_factor_missing(request, always=is_admin):
            return None
        step = "twofactor:verify" if user_has_device(request.user) else "twofactor:setup"
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(step)}?{query}")
