"""The password sign-in of members whose institutions sign in only through their provider
(``IdentityProvider.allow_local_passwords`` off, issue 14 §1). Placed before the password
backend: it refuses (``PermissionDenied`` stops Django's backends) only after the password was
right, so it tells nobody which addresses have accounts. It has no ``get_user`` on purpose: it
never signs anyone in, so no session names it (and ``Client.force_login`` passes it by)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import User

from .services import local_password_refused


class LocalPasswordPolicyBackend:
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            return None
        if local_password_refused(user) and user.check_password(password):
            raise PermissionDenied("This institution's staff sign in with single sign-on.")
        return None
