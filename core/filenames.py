"""The name an uploaded file is kept under (issue 14 item 7).

The name comes from the person's computer and is shown back to staff and used when the file is
downloaded, so it is made harmless: Unicode NFC; only the last path component; no control,
format or bidirectional-override characters (U+202E can make ``cod.exe`` read as
``exe.doc``); none of the characters Windows or shells reserve; no leading dots (hidden files);
whitespace collapsed; a bounded length; and an extension that matches the type found in the
content (:mod:`core.filetypes`), never the one the sender chose. An empty result becomes
``file.<ext>``.
"""

from __future__ import annotations

import re
import unicodedata

from .filetypes import FileType

MAX_STEM = 120
_RESERVED = set('<>:"/\\|?*')
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
_SPACES = re.compile(r"\s+")


def _keep(char: str) -> bool:
    category = unicodedata.category(char)
    # Cc control, Cf format (bidi overrides and isolates, zero-width joiners, soft hyphen),
    # Cs/Co/Cn surrogates, private use and unassigned, Zl/Zp line and paragraph separators.
    return category not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") and char not in _RESERVED


def filename_normalise(name: str | None, kind: FileType) -> str:
    """A safe name for a file of type ``kind`` sent as ``name``."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[/\\]", text)[-1]  # a browser may send a whole path
    text = "".join(char if _keep(char) else ("" if unicodedata.category(char) == "Cf" else " ")
                   for char in text)
    text = _SPACES.sub(" ", text).strip().lstrip(".").strip()
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    if extension.lower() not in kind.extensions:
        # The sender's extension is not one of this type's: drop it if it names a type at all
        # ("photo.exe" -> "photo.png"), keep it as part of the name otherwise ("v1.2 notes").
        if dot and re.fullmatch(r"(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}", extension):
            extension = ""
            inner_stem, inner_dot, inner = stem.rpartition(".")
            if inner_dot and inner.lower() in kind.extensions:  # "report.pdf.exe"
                stem, extension = inner_stem, inner
        else:
            stem, extension = text, ""
    stem = stem.rstrip(" .")
    if stem.split(".")[0].strip().lower() in _WINDOWS_DEVICES:
        stem = f"file {stem}"
    stem = stem[:MAX_STEM].rstrip(" .")
    if not stem:
        stem = "file"
    return f"{stem}.{(extension or kind.extension).lower()}"


def filename_display(name: str | None) -> str:
    """The sender's name, made harmless but with its own extension, to say it back in a
    refusal ("photo.exe cannot be accepted")."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf"))
    text = _SPACES.sub(" ", text).strip()[:MAX_STEM + 10]
    return text or "The file"
