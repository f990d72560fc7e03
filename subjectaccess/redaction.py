"""Replacing people's identifiers in text with role labels ("[reporting party 1]", "[witness 2]",
"[staff member]"): used by the subject access export (other people's data) and by the Board
bundle (002 §58, identities withheld).

Each identity gives its full name, each part of the name of three letters or more (a statement
may say only "Sam"), its student ID, email and phone. Matching ignores case and needs a word
boundary on both sides; longer values are replaced first, so "Sam Reporter" becomes one label,
not two. A name spelt differently in the text (a nickname, a typo) is not found: that is why a
person reviews the redacted copy before it goes in a bundle, and why uploaded files that cannot
be read as text are withheld instead of redacted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MIN_NAME_PART = 3


@dataclass
class Identity:
    label: str
    name: str = ""
    identifiers: list[str] = field(default_factory=list)

    def values(self) -> list[str]:
        found = [v.strip() for v in [self.name, *self.identifiers] if v and v.strip()]
        found += [part for part in re.split(r"[\s,]+", self.name or "")
                  if len(part) >= MIN_NAME_PART]
        return found


class Redactor:
    """``redactor(text)`` is the text with every identity's values replaced by its label."""

    def __init__(self, identities: Iterable[Identity]) -> None:
        self.labels: dict[str, str] = {}
        for identity in identities:
            for value in identity.values():
                self.labels.setdefault(value.lower(), identity.label)
        values = sorted(self.labels, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(v) for v in values) + r")(?!\w)",
            re.IGNORECASE) if values else None

    def __call__(self, text: str | None) -> str:
        if not text or self.pattern is None:
            return text or ""
        return self.pattern.sub(lambda m: self.labels[m.group(0).lower()], text)

    def values(self) -> list[str]:
        return list(self.labels)


class Labeller:
    """Numbered labels per role, in the order people are met: "[witness 1]", "[witness 2]"."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.identities: list[Identity] = []

    def add(self, role: str, *, name: str = "", identifiers: Iterable[str] = (),
            numbered: bool = True) -> str:
        if numbered:
            self.counts[role] = self.counts.get(role, 0) + 1
            label = f"[{role} {self.counts[role]}]"
        else:
            label = f"[{role}]"
        self.identities.append(Identity(label, name, [i for i in identifiers if i]))
        return label

    def redactor(self) -> Redactor:
        return Redactor(self.identities)
