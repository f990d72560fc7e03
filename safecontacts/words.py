"""Counting the words of the application's motivation (001: 150 to 200 words), on the server,
the same way for the form and the API."""

from __future__ import annotations

import re

MOTIVATION_MIN_WORDS = 150
MOTIVATION_MAX_WORDS = 200

#: A word: letters or digits, joined by apostrophes or hyphens ("line-manager's" is one word).
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def motivation_problem(text: str) -> str:
    """Why the motivation cannot be accepted, or "" when it can."""
    words = word_count(text)
    if MOTIVATION_MIN_WORDS <= words <= MOTIVATION_MAX_WORDS:
        return ""
    if words == 0:
        return (f"Write about your motivation and suitability in {MOTIVATION_MIN_WORDS} to "
                f"{MOTIVATION_MAX_WORDS} words.")
    more = "add some" if words < MOTIVATION_MIN_WORDS else "shorten it"
    return (f"Your answer has {words} word{'s' if words != 1 else ''}: it must have "
            f"{MOTIVATION_MIN_WORDS} to {MOTIVATION_MAX_WORDS} words, so {more}. What you "
            "wrote is kept below.")
