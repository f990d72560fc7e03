"""The shape every app's action policies share (issue 8 §1).

A *policy* answers, for one action, one person and one object in its present state: allowed
(``None``) or a :class:`Refusal` in the institution's own words. Services call it after they
lock the row they change (:meth:`PolicySet.enforce`); pages build "What you can do now" from it
and the API lists it as ``available_actions`` (:meth:`PolicySet.verdicts`). So who may do what is
written once, and the page, the API and the service cannot disagree.

A refusal is one of three kinds, which decide what the person is told:

* ``ROLE``: not this person's to do. Not offered; a request answers 403.
* ``STAGE``: theirs, but not at this point of the procedure. Not offered; a request is refused
  as a change the object cannot make now (409 / the form's error).
* ``BLOCKED``: theirs and now, but something they can see must change first: their training has
  lapsed, they have a conflict of interest, the case is paused, a window is still open. Offered
  with the reason (the API's ``available_actions`` gives it as ``refusal``). Training and
  conflicts answer 403, the others 409.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from .errors import DomainRefusal

ROLE = "role"
STAGE = "stage"
BLOCKED = "blocked"


@dataclass(frozen=True)
class Refusal:
    message: str
    #: True: answered 403 (not this person's to do, or they may not act now: training,
    #: conflict). False: the object cannot make this change now (409).
    forbidden: bool
    kind: str = BLOCKED

    @property
    def shown(self) -> bool:
        """Offered with its reason, rather than left out of the list."""
        return self.kind == BLOCKED


def role_refusal(message: str) -> Refusal:
    return Refusal(message, True, ROLE)


def stage_refusal(message: str) -> Refusal:
    return Refusal(message, False, STAGE)


def blocked(message: str, *, forbidden: bool = False) -> Refusal:
    return Refusal(message, forbidden, BLOCKED)


def first_refusal(*checks: Callable[[], Refusal | None]) -> Refusal | None:
    """The first refusal among ``checks``, evaluated lazily in order, or None."""
    for check in checks:
        refusal = check()
        if refusal is not None:
            return refusal
    return None


Check = Callable[[Any, Any], "Refusal | None"]


@dataclass(frozen=True)
class Verdict:
    """One action as offered to one person: allowed, or refused and why."""

    key: str
    refusal: Refusal | None
    obj: Any = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


class PolicySet:
    """The policies of one app, by action key, and the exception its services raise when the
    object cannot make a change now (``not_now``: a :class:`DomainRefusal` subclass)."""

    def __init__(self, not_now: type[DomainRefusal]):
        self.not_now = not_now
        self._checks: dict[str, Check] = {}

    def __call__(self, key: str) -> Callable[[Check], Check]:
        """Decorator: ``@policies("formal_decision")`` over ``def (state, obj) -> Refusal``."""
        def register(check: Check) -> Check:
            if key in self._checks:
                raise ValueError(f"The policy {key!r} is declared twice.")
            self._checks[key] = check
            return check
        return register

    @property
    def keys(self) -> list[str]:
        return list(self._checks)

    def refusal(self, key: str, state, obj=None) -> Refusal | None:
        return self._checks[key](state, obj)

    def enforce(self, key: str, state, obj=None) -> None:
        """Raise the refusal, if any: PermissionDenied (403) or ``not_now`` (409)."""
        refusal = self.refusal(key, state, obj)
        if refusal is None:
            return
        if refusal.forbidden:
            raise PermissionDenied(refusal.message)
        raise self.not_now(refusal.message)

    def verdicts(self, state, candidates: Iterable[tuple[str, Any]]) -> list[Verdict]:
        """The verdict on each (key, obj) candidate that is allowed or shown refused."""
        out = []
        for key, obj in candidates:
            refusal = self.refusal(key, state, obj)
            if refusal is None or refusal.shown:
                out.append(Verdict(key, refusal, obj))
        return out


@dataclass(frozen=True)
class Offer:
    """One action as the page and the API (``available_actions``) show it."""

    key: str
    label: str
    hint: str
    url: str
    api_url: str
    refusal: str = ""
    object_id: int | None = None

    @property
    def allowed(self) -> bool:
        return not self.refusal
