"""The shared upload rule (core/uploads.py, issue 14 item 7): the type comes from the content,
office documents must be proper packages, names are made harmless, and ClamAV scans every file
when the installation configured it (against a fake clamd speaking the real protocol here; a
real one when CLAMAV_TEST_SOCKET names it)."""

from __future__ import annotations

import io
import os
import socket
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core import clamav
from core.filenames import filename_normalise
from core.filetypes import DOCX, JPEG, PNG, TEXT, XLSX
from core.filetypes import PDF as PDF_TYPE
from core.uploads import UploadInfected, upload_check

from ..upload_samples import (
    EICAR,
    HTML_AS_TEXT,
    HTML_IN_TEXT,
    PDF,
    SVG,
    FakeClamd,
    clamd,  # noqa: F401 - fixture
    docx,
    docx_with_exe,
    docx_with_macros,
    docx_with_traversal,
    png,
    zip_bomb_docx,
    zip_of,
)


def check(name: str, data: bytes):
    return upload_check(SimpleUploadedFile(name, data), field="file")


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check(name, data)
    (message,) = caught.value.message_dict["file"]
    return message


def xlsx() -> bytes:
    book = Workbook()
    book.active.append(["date", "what happened"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_real_docx_pdf_png_xlsx_and_text_are_accepted_with_the_detected_type():
    assert (check("statement.docx", docx()).kind, check("s.docx", docx()).name) == (
        DOCX, "s.docx")
    assert check("scan.pdf", PDF).kind == PDF_TYPE
    assert check("photo.png", png()).kind == PNG
    assert check("log.xlsx", xlsx()).kind == XLSX
    assert check("notes.txt", "Café at 10pm, he said \"stop\" < 3 times".encode()).kind == TEXT


def test_html_disguised_as_txt_is_refused():
    assert "looks like a web page" in refusal("notes.txt", HTML_AS_TEXT)
    assert "looks like a web page" in refusal("notes.txt", HTML_IN_TEXT)


def test_svg_is_refused():
    assert refusal("drawing.svg", SVG).startswith("drawing.svg cannot be accepted. It looks "
                                                  "like a web page")


def test_text_with_nuls_or_invalid_utf8_is_refused():
    assert "Use PDF" in refusal("a.txt", b"abc\x00def")
    assert "UTF-8" in refusal("a.txt", "caf\xe9".encode("latin-1"))


def test_zip_with_exe_inside_a_docx_is_refused():
    assert "(.exe)" in refusal("statement.docx", docx_with_exe())
    # An executable hidden under an innocent extension is found by its first bytes.
    assert "program" in refusal("s.docx", docx({"word/media/image1.png": b"MZ\x90\x00" * 8}))


def test_docx_with_macros_is_refused():
    assert "macros" in refusal("statement.docx", docx_with_macros())


def test_path_traversal_member_is_refused():
    assert "unsafe path" in refusal("statement.docx", docx_with_traversal())
    assert "unsafe path" in refusal("s.docx", docx({"/etc/cron.d/x.xml": "<x/>"}))


def test_zip_bomb_is_refused():
    assert "zip bomb" in refusal("statement.docx", zip_bomb_docx())


def test_nested_zip_and_plain_zip_are_refused():
    assert "another archive" in refusal("s.docx", docx({"word/media/a.png": zip_of({})}))
    assert "zip archive" in refusal("photos.zip", zip_of({"a.txt": "x"}, types=None))


def test_member_outside_the_document_folders_is_refused():
    assert "outside the folders" in refusal("s.docx", docx({"payload/run.xml": "<x/>"}))


def test_name_with_rtl_override_is_normalised():
    assert check("invoice\u202egpj.exe", PDF).name == "invoicegpj.pdf"
    assert filename_normalise("..\\..\\C:\\x\\.bashrc", TEXT) == "bashrc.txt"
    assert filename_normalise("photo.JPEG", JPEG) == "photo.jpeg"
    assert filename_normalise("report.pdf.exe", PDF_TYPE) == "report.pdf"
    assert filename_normalise("a\u0301  b\t<c>.pdf", PDF_TYPE) == "\u00e1 b c .pdf".replace(
        " .", ".")
    assert filename_normalise("   ", PNG) == "file.png"
    assert filename_normalise("NUL.txt", TEXT) == "file NUL.txt"
    assert len(filename_normalise("x" * 500 + ".pdf", PDF_TYPE)) == 124


def test_the_stored_extension_comes_from_the_detected_type():
    assert check("photo.exe", png()).name == "photo.png"
    assert check("statement.txt", PDF).name == "statement.pdf"


def test_eicar_is_refused_when_scanning_is_on(clamd):  # noqa: F811
    with pytest.raises(UploadInfected) as caught:
        check("notes.txt", b"Hello\n" + EICAR)
    assert caught.value.signature == "Eicar-Test-Signature"
    assert "virus check found harmful content" in caught.value.message_dict["file"][0]
    assert check("notes.txt", b"Hello").kind == TEXT
    assert len(clamd.scanned) == 2


def test_large_files_are_streamed_in_chunks(clamd):  # noqa: F811
    data = b"a" * (clamav.CHUNK * 3 + 5)
    assert check("long.txt", data).size == len(data)
    assert clamd.scanned == [len(data)]


def test_unreachable_clamd_refuses_the_upload(settings):
    # A port bound but not listening: a connection to it is refused, and no other process can
    # take the port while the test runs.
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    try:
        settings.CLAMAV_HOST, settings.CLAMAV_TIMEOUT = "127.0.0.1", 2
        settings.CLAMAV_PORT = holder.getsockname()[1]
        assert "could not be checked for viruses" in refusal("notes.txt", b"Hello")
    finally:
        holder.close()


def test_clamd_error_answer_refuses_the_upload(settings):
    server = FakeClamd(answer=b"INSTREAM size limit exceeded. ERROR\0")
    settings.CLAMAV_HOST, settings.CLAMAV_PORT = "127.0.0.1", server.port
    try:
        assert "could not be checked for viruses" in refusal("notes.txt", b"Hello")
    finally:
        server.close()


def test_no_scanning_when_clamav_is_not_configured(settings):
    settings.CLAMAV_SOCKET, settings.CLAMAV_HOST = "", ""
    assert not clamav.scanning_enabled()
    assert check("eicar.txt", EICAR).kind == TEXT


REAL_CLAMD = os.environ.get("CLAMAV_TEST_SOCKET", "")


@pytest.mark.skipif(not REAL_CLAMD, reason="no real clamd: set CLAMAV_TEST_SOCKET to its Unix "
                    "socket to run this against it (the fake clamd tests cover the protocol)")
def test_real_clamd_finds_eicar(settings):
    settings.CLAMAV_SOCKET, settings.CLAMAV_HOST = REAL_CLAMD, ""
    with pytest.raises(UploadInfected):
        check("eicar.txt", EICAR)
    assert check("notes.txt", b"Hello").kind == TEXT


def test_encrypted_member_is_refused():
    data = bytearray(docx())
    # Set the "encrypted" flag on every entry (local headers and central directory).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    assert zipfile.is_zipfile(io.BytesIO(bytes(data)))
    assert "encrypted" in refusal("s.docx", bytes(data))
