"""The registry of staff roles (issue 8 §3): each app registers the roles whose work it does
from its own ``AppConfig`` (``accounts`` the roles at the base of the procedure, ``precautionary``
its group), and forms, the admin, the demo and the tenant's role labels read the registry. It
lives in core so that the tenant (``institutions``) can name roles without importing accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RoleSpec:
    key: str
    label: str
    description: str = ""
    #: The role sees case, report, measure or Safe Contact material, so a local (password)
    #: login that holds it must verify a second factor (issue 14 item 2; twofactor/policies.py).
    #: On unless a role says otherwise: a new role is protected until its app opts it out.
    needs_second_factor: bool = True


_ROLES: dict[str, tuple[str, RoleSpec]] = {}


def register_roles(app_label: str, specs: list[RoleSpec]) -> None:
    for spec in specs:
        owner = _ROLES.get(spec.key, (app_label, spec))[0]
        if owner != app_label:
            raise ImproperlyConfigured(
                f"The role {spec.key!r} is registered by both {owner} and {app_label}.")
        _ROLES[spec.key] = (app_label, spec)


def role_choices() -> list[tuple[str, str]]:
    """Every registered role (a callable for the ``role`` fields: apps register at ready)."""
    return [(key, spec.label) for key, (_app, spec) in _ROLES.items()]


def role_keys() -> list[str]:
    return list(_ROLES)


def role_generic_label(key: str) -> str:
    """The role's own name, before any institution renames it."""
    entry = _ROLES.get(key)
    return entry[1].label if entry else key


def roles_needing_second_factor() -> frozenset[str]:
    """The registered roles whose holders must verify a second factor after a local login."""
    return frozenset(key for key, (_app, spec) in _ROLES.items() if spec.needs_second_factor)


def role_description(key: str) -> str:
    entry = _ROLES.get(key)
    return entry[1].description if entry else ""
