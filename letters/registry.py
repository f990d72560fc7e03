"""The kinds of letter, each declared once by the app that sends it (in its ``letter_kinds.py``):
its label, default subject and body, who receives it, the facts it states, made-up facts for
previews, and which recipients the silence-clause check protects (000 §9).

The letters app knows no app's business: it renders, stores, versions and checks whatever
kinds are registered here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Recipient:
    """One person a letter goes to. ``key`` is stable for the letter's subject (``respondent``,
    ``party-12``): a letter's versions are numbered per subject, kind and key."""

    key: str
    name: str
    role: str
    email: str = ""
    address: str = ""

    def as_sent(self) -> dict:
        return {"name": self.name, "role": self.role, "email": self.email,
                "address": self.address}


@dataclass(frozen=True)
class Route:
    """How a letter reaches its recipient, as they agreed (004: "at the start of the
    investigation ... we will agree with you how you would prefer to be contacted"):

    * ``email``: a secure, expiring link to download it is emailed to ``to`` (never the letter
      itself as an attachment);
    * ``through_caseworker``: a member of staff (``handler``: a user id, the support
      caseworker or else the staff on the case) hands it over and records that they did."""

    EMAIL = "email"
    THROUGH_CASEWORKER = "through_caseworker"

    method: str
    to: str = ""
    handler: int | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of letter. The callables receive the letter's subject (a case, a measure ...) and
    the ``options`` the issuing service passed (an outcome, hearing details ...)."""

    key: str
    label: str
    #: Default subject and body (Django template language): each institution gets an editable
    #: copy the first time it needs one.
    subject: str
    body: str
    #: Who receives it: ``recipients(about, options) -> list[Recipient]``.
    recipients: Callable[[Any, Mapping], list[Recipient]]
    #: The facts it states, frozen at issue: ``context(about, kind, recipient, options)``. Must
    #: include ``reference``, ``date`` and ``institution`` ({name, address}) for the letterhead.
    context: Callable[[Any, str, Recipient, Mapping], dict]
    #: Made-up facts for a recipient role (``samples(institution, kind, role)``): the first is
    #: the preview; all of them are rendered when a template is checked, so that a sentence
    #: hidden behind ``{% if %}`` is checked too.
    samples: Callable[[Any, str, str], Iterable[dict]]
    #: Recipient roles shown in the template editor's preview, first the default.
    roles: tuple[str, ...] = ("recipient",)
    #: Recipient roles a letter must never bind to silence (000 §9), with the words for them
    #: in the plural (``{"reporting_party": "reporting parties"}``).
    silenced: Mapping[str, str] = field(default_factory=dict)
    #: Raises PermissionDenied unless the actor may record that a letter about ``about`` was
    #: sent: ``require_sender(actor, about)``. None: nobody may.
    require_sender: Callable[[Any, Any], None] | None = None
    #: A field of :class:`letters.models.Letter` that also holds the subject (``"case"``), for
    #: the owning app's own queries. Empty: the generic subject only.
    link: str = ""
    #: The app that declared the kind (its label).
    app: str = ""
    #: For the template editor: the fields a template may use, as (field, what it is).
    fields: tuple[tuple[str, str], ...] = ()
    #: For the template editor's preview: the words for each recipient role.
    role_labels: Mapping[str, str] = field(default_factory=dict)
    #: The kind's label in the institution's words (``label_for(institution, label)``), e.g.
    #: "the Board" as "the Student Discipline Panel". None: the label as declared.
    label_for: Callable[[Any, str], str] | None = None
    #: How an issued letter reaches the recipient (``route(about, recipient) -> Route | None``):
    #: delivered automatically through the outbox once the PDF is rendered. None (or a None
    #: answer): nothing is sent automatically; staff record the sending by hand.
    route: Callable[[Any, Recipient], Route | None] | None = None
    #: What the recipient may do from their letters page (``portal_actions(letter, token) ->
    #: [(label, url)]``), e.g. lodge an appeal online. None: read and download only.
    portal_actions: Callable[[Any, str], list[tuple[str, str]]] | None = None

    def label_at(self, institution) -> str:
        return self.label_for(institution, self.label) if self.label_for else self.label


_KINDS: dict[str, Kind] = {}


class UnknownKind(LookupError):
    pass


def register(*kinds: Kind) -> None:
    """Register kinds of letter; a key registered twice by different declarations fails."""
    for kind in kinds:
        existing = _KINDS.get(kind.key)
        if existing is not None and existing != kind:
            raise ValueError(f"Letter kind {kind.key!r} is already registered.")
        _KINDS[kind.key] = kind


def kind_of(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise UnknownKind(f"No kind of letter is registered as {key!r}.") from None


def kinds(app: str | None = None) -> list[Kind]:
    return [k for k in _KINDS.values() if app is None or k.app == app]


def kind_choices() -> list[tuple[str, str]]:
    """Choices of ``Letter.kind`` and ``LetterTemplate.kind`` (callable, so a new kind needs no
    migration)."""
    return [(k.key, k.label) for k in _KINDS.values()]
