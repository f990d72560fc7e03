"""Staff pages: ``@staff_view(Role.X, ...)`` logs the user in, resolves their membership of the
institution in the URL (404 for anyone else), checks the role, and sets ``request.membership``."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from .permissions import access_institution, require_role


def staff_view(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.membership = access_institution(
                user=request.user, institution=request.institution
            )
            require_role(request.membership, roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
