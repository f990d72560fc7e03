"""The silence clause: the institution never uses non-disclosure agreements in misconduct cases
(000 §9), so nothing it writes to a reporting party or a reporter binds them to silence. Letters
to the recipients a kind protects are checked at issue and templates when they are saved;
messages to reporters (Report + Support) are checked when they are sent."""

from __future__ import annotations

import re

#: The policy paragraph, named in every refusal.
CLAUSE = "000 §9"

_SILENCE_VERBS = (r"(disclose|discuss|speak|talk|share|tell|mention|publish|repeat|post|comment"
                  r"|reveal)")
SILENCE_PATTERNS = [
    r"non[\s-]?disclosure",
    r"confidentiality\s+(agreement|undertaking|clause)",
    r"\bgag(s|ged|ging)?\b",
    r"\b(must|shall|should|will|may|agree\s+to|are\s+(required|expected|asked|obliged)\s+to)"
    r"\s+(not|never)\s+" + _SILENCE_VERBS,
    r"\b(must|shall|should|will|agree\s+to|are\s+(required|expected|asked|obliged)\s+to)\s+"
    r"keep\s+[^.]{0,60}(confidential|secret|private)",
    r"\bnot\s+(be\s+)?(permitted|allowed)\s+to\s+" + _SILENCE_VERBS,
    r"\b(do\s+not|don't|never)\s+" + _SILENCE_VERBS,
    r"\brefrain\s+from\s+(disclos|discuss|speak|talk|shar|tell|mention|publish|comment|reveal)",
    r"\bnot\s+to\s+" + _SILENCE_VERBS,
]
_SILENCE = re.compile("|".join(SILENCE_PATTERNS), re.IGNORECASE)
#: A promise the institution makes about itself ("we will not share your details") binds the
#: reader to nothing: a match whose subject is the institution is not silence.
_OWN_PROMISE = re.compile(r"\b(we|the\s+(school|university|institution|college))\s+$",
                          re.IGNORECASE)


def binds_to_silence(text: str) -> str | None:
    """The phrase that would bind the reader to silence, or None. HTML tags are ignored."""
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    for match in _SILENCE.finditer(plain):
        if not _OWN_PROMISE.search(plain[max(0, match.start() - 40):match.start()]):
            return match.group(0)
    return None


def silence_refusal(phrase: str, *, what: str = "Letters to reporting parties") -> str:
    """The refusal, in the same words wherever the check runs."""
    return f"{what} must never bind them to silence ({CLAUSE}): remove '{phrase}'."
