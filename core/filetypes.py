"""Which uploaded files are accepted, decided by their content (magic bytes), never by the name
or the browser's claim."""

from __future__ import annotations

SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"%PDF-", 0, "application/pdf"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"ID3", 0, "audio/mpeg"),
    (b"\xff\xfb", 0, "audio/mpeg"),
]


def sniff_type(data: bytes) -> str | None:
    """The MIME type of an allowed file, or None when the content is not on the allow-list."""
    head = data[:64]
    for magic, offset, mime in SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "image/heic"
        return "video/mp4"
    if head[:4] == b"PK\x03\x04":
        return _zip_document(data)
    if _is_text(data):
        return "text/plain"
    return None


def _zip_document(data: bytes) -> str | None:
    """Word (.docx) and OpenDocument text are zip files; other zips are refused."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return ("application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document")
            if "mimetype" in names:
                kind = archive.read("mimetype")[:100]
                if kind == b"application/vnd.oasis.opendocument.text":
                    return "application/vnd.oasis.opendocument.text"
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def _is_text(data: bytes) -> bool:
    sample = data[:4096]
    if not sample or b"\x00" in sample:
        return False
    for cut in range(4):  # the sample may end inside a multi-byte character
        try:
            sample[: len(sample) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False
