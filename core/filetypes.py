"""Which uploaded files are accepted, decided by their content (magic bytes), never by the name
or the browser's claim (issue 14 item 7).

:func:`detect` names the type it found (:class:`FileType`: MIME type, label, extensions) or
raises :class:`ContentRefused` with a reason a person can act on. The allow-list: PDF, JPEG,
PNG, GIF, WebP, HEIC, MP3, MP4/M4A/MOV recordings, plain text that is really text (UTF-8, no
NULs, and not markup a browser would run: HTML, SVG, XML, script), and office documents
(Word/Excel/PowerPoint, OpenDocument text) whose zip package passes
:mod:`core.officedocs`'s checks (proper package, no executables or macros, no zip bomb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    mime: str
    label: str
    extensions: tuple[str, ...]  # the first is the one given to a name that has none of them

    @property
    def extension(self) -> str:
        return self.extensions[0]


class ContentRefused(ValueError):
    """The content is not on the allow-list; the message says why, to follow "<name> cannot
    be accepted."."""


PDF = FileType("application/pdf", "PDF", ("pdf",))
JPEG = FileType("image/jpeg", "JPEG image", ("jpg", "jpeg"))
PNG = FileType("image/png", "PNG image", ("png",))
GIF = FileType("image/gif", "GIF image", ("gif",))
WEBP = FileType("image/webp", "WebP image", ("webp",))
HEIC = FileType("image/heic", "HEIC image", ("heic", "heif"))
MP3 = FileType("audio/mpeg", "MP3 recording", ("mp3",))
MP4 = FileType("video/mp4", "MP4 video", ("mp4", "m4v"))
M4A = FileType("audio/mp4", "M4A recording", ("m4a",))
MOV = FileType("video/quicktime", "QuickTime video", ("mov",))
TEXT = FileType("text/plain", "plain text", ("txt", "csv", "log"))
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "Word document", ("docx",))
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Excel workbook", ("xlsx",))
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "PowerPoint presentation", ("pptx",))
ODT = FileType("application/vnd.oasis.opendocument.text", "OpenDocument text", ("odt",))

ALL_TYPES = (PDF, JPEG, PNG, GIF, WEBP, HEIC, MP3, MP4, M4A, MOV, TEXT, DOCX, XLSX, PPTX, ODT)
BY_MIME = {kind.mime: kind for kind in ALL_TYPES}

#: Said whenever a file is refused: what may be sent instead.
ACCEPTED = ("PDF, an image (JPEG, PNG, GIF, WebP, HEIC), a Word, Excel, PowerPoint or "
            "OpenDocument file, plain text, or an MP3/MP4 recording")

_SIGNATURES: tuple[tuple[bytes, FileType], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"ID3", MP3),
    (b"\xff\xfb", MP3),
    (b"\xff\xf3", MP3),
    (b"\xff\xf2", MP3),
)
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
               b"M4V ", b"M4VP", b"3gp4", b"3gp5", b"3g2a", b"dash", b"MSNV"}
_M4A_BRANDS = {b"M4A ", b"M4B "}
_MOV_BRANDS = {b"qt  "}

_UTF8_BOM = b"\xef\xbb\xbf"
#: Markup a browser (or an XML reader) would interpret: refused as "text" even in the middle,
#: so that a page cannot pass as notes.txt and run when someone opens it.
_MARKUP = re.compile(
    rb"<\s*(script|svg|html|body|iframe|frame|object|embed|meta|link|style|form|math|xml|"
    rb"\?xml|!doctype|base|img|xsl)\b|javascript:|vbscript:",
    re.IGNORECASE)


def detect(data: bytes) -> FileType:
    """The type of an allowed file, from its content; :class:`ContentRefused` otherwise."""
    if not data:
        raise ContentRefused("It is empty.")
    head = data[:64]
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return _iso_media(head[8:12])
    if head[:4] == b"PK\x03\x04":
        from .officedocs import office_type

        return office_type(data)
    if head[:4] in (b"PK\x05\x06", b"PK\x07\x08") or head[:2] == b"PK":
        raise ContentRefused("It is a zip archive: send the files in it one by one.")
    return _text(data)


def sniff_type(data: bytes) -> str | None:
    """The MIME type of an allowed file, or None (kept for callers that only ask yes or no)."""
    try:
        return detect(data).mime
    except ContentRefused:
        return None


def _iso_media(brand: bytes) -> FileType:
    if brand in _HEIC_BRANDS:
        return HEIC
    if brand in _M4A_BRANDS:
        return M4A
    if brand in _MOV_BRANDS:
        return MOV
    if brand in _MP4_BRANDS:
        return MP4
    raise ContentRefused(f"This kind of recording is not on the list. Use {ACCEPTED}.")


def _text(data: bytes) -> FileType:
    """Plain text: valid UTF-8 throughout, no NUL or other control characters except tab,
    line and page breaks, and nothing that looks like markup or script."""
    body = data[len(_UTF8_BOM):] if data.startswith(_UTF8_BOM) else data
    if b"\x00" in body:
        raise ContentRefused(f"Use {ACCEPTED}.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentRefused(f"Use {ACCEPTED}. (A text file must be saved as UTF-8.)"
                             ) from None
    if any(ord(c) < 32 and c not in "\t\n\r\f" or ord(c) == 127 for c in text):
        raise ContentRefused(f"Use {ACCEPTED}.")
    if text.lstrip().startswith("<") or _MARKUP.search(body):
        raise ContentRefused(
            "It looks like a web page or other markup (HTML, SVG, XML or script), which could "
            "run code when it is opened. Save it as PDF or take a screenshot, and send that "
            "instead.")
    return TEXT
