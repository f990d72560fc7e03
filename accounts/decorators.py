"""Staff pages: ``@staff_view(Role.X, ...)`` logs the user in, resolves their membership of the
institution in the URL (404 for anyone else), checks the role (403, or 404 when the URL names
an object: ``accounts.permissions.require_route_role``), and sets ``request.membership``.
A session opened by another institution's single sign-on is sent to this institution's login
page, saying so (issue 14 §1: ``accounts.permissions.refuse_other_institution``)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse

from .permissions import (
    SignedInElsewhere,
    access_institution,
    refuse_other_institution,
    require_route_role,
)


def staff_view(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                refuse_other_institution(request, request.institution)
            except SignedInElsewhere as refusal:
                return _to_institution_login(request, refusal)
            request.membership = access_institution(
                user=request.user, institution=request.institution
            )
            require_route_role(request.membership, roles, kwargs)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _to_institution_login(request, refusal: SignedInElsewhere):
    messages.info(request, str(refusal))
    query = urlencode({"institution": refusal.institution.slug,
                       "next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('login')}?{query}")
