"""A stand-in single sign-on backend for the exemption test (it authenticates nobody)."""

from accounts.backends import AccountBackend


class DummySSOBackend(AccountBackend):
    def authenticate(self, request, **credentials):
        return None
