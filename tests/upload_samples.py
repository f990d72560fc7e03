"""Files the upload rules are tried with (issue 14 item 7), made here byte by byte, and a tiny
clamd that speaks the real INSTREAM protocol on 127.0.0.1 (no virus database is needed: it
answers ``FOUND`` for the EICAR test string and ``OK`` otherwise)."""

from __future__ import annotations

import io
import socket
import struct
import threading
import zipfile
from collections.abc import Iterator

import pytest
from PIL import Image

#: The EICAR anti-virus test file (harmless; every scanner reports it).
EICAR = (b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
HTML_AS_TEXT = b"\xef\xbb\xbf  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
HTML_IN_TEXT = b"Notes from the meeting\n<script src=https://x.test/a.js></script>\n"
SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
       b"<script>alert(1)</script></svg>")

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCM_TYPES = DOCX_TYPES.replace(
    "officedocument.wordprocessingml.document.main+xml",
    "ms-word.document.macroEnabled.main+xml").replace(
    "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    "</Types>")
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')
DOCUMENT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http:'
            '//schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            "Statement</w:t></w:r></w:p></w:body></w:document>")


def zip_of(members: dict[str, bytes | str], *, types: str | None = DOCX_TYPES) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if types is not None:
            archive.writestr("[Content_Types].xml", types)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(extra: dict[str, bytes | str] | None = None, *, types: str = DOCX_TYPES) -> bytes:
    return zip_of({"_rels/.rels": RELS, "word/document.xml": DOCUMENT, **(extra or {})},
                  types=types)


def docx_with_exe() -> bytes:
    return docx({"word/media/image1.exe": b"MZ\x90\x00\x03" + b"\x00" * 60})


def docx_with_macros() -> bytes:
    return docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60},
                types=DOCM_TYPES)


def docx_with_traversal() -> bytes:
    return docx({"word/../../evil.xml": "<x/>"})


def zip_bomb_docx() -> bytes:
    """A 'document' whose one part expands to 50 MB of zeros (about 50 KB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", DOCUMENT)
        with archive.open("word/bomb.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(50):
                member.write(block)
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


class FakeClamd:
    """A clamd on 127.0.0.1 that answers INSTREAM as the real one does."""

    def __init__(self, *, answer: bytes | None = None):
        self.answer = answer  # fixed reply (e.g. an ERROR) instead of scanning
        self.scanned: list[int] = []
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self._one(conn)

    def _read(self, conn, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError("closed")
            data += part
        return data

    def _one(self, conn) -> None:
        try:
            command = self._read(conn, len(b"zINSTREAM\0"))
            if command != b"zINSTREAM\0":
                conn.sendall(b"UNKNOWN COMMAND\0")
                return
            stream = b""
            while True:
                (size,) = struct.unpack("!L", self._read(conn, 4))
                if size == 0:
                    break
                stream += self._read(conn, size)
            self.scanned.append(len(stream))
            if self.answer is not None:
                conn.sendall(self.answer)
            elif EICAR in stream:
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0")
            else:
                conn.sendall(b"stream: OK\0")
        except (ConnectionError, OSError):
            return

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(settings) -> Iterator[FakeClamd]:
    """Scanning on, against the fake clamd."""
    server = FakeClamd()
    settings.CLAMAV_SOCKET = ""
    settings.CLAMAV_HOST, settings.CLAMAV_PORT, settings.CLAMAV_TIMEOUT = (
        "127.0.0.1", server.port, 5)
    yield server
    server.close()
