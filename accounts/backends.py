"""Signing in with an email address and password: Django's ``ModelBackend``, with the user of
every request read by a lookup compiled once per process (:class:`core.rows.RowRead`), not an
ORM query built anew each time (issue 9, the session floor). A deactivated account is refused
on its next request, as before."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from core.rows import RowRead

from .models import User

_BY_ID = RowRead(User, ["id"])


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = _BY_ID.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
