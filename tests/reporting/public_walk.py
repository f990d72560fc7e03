"""Helpers for the public page tests (tests/reporting/test_public_*.py): walking the form with
plain POSTs, as a browser with JavaScript off does, and real files to upload."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

RECEIPT_RE = re.compile(r'data-copy="([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})"')
#: Any receipt-shaped text on a page.
RECEIPT_SHAPE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")

NARRATIVE = "He kept sending me messages after I asked him to stop."

STEP_DATA = {
    1: {"reporter_role": "student", "perspective": "self"},
    2: {"categories": ["harassment", "stalking"]},
    3: {"when": "last_month", "incident_date_day": "3", "incident_date_month": "2",
        "incident_date_year": "2026"},
    4: {"location": "hall", "location_detail": "Block C kitchen"},
    5: {"p0_name": "Jo Bloggs", "p0_student_id": "20230042", "p0_email": "jo@student.test",
        "p0_role": "student", "p0_description": "Tall, plays rugby",
        "p1_name": "", "p1_student_id": "", "p1_email": "", "p1_description": ""},
    6: {"wants": ["support", "information"], "narrative": NARRATIVE},
    7: {"action": "continue"},
    8: {"anonymous": "true"},
}
NAMED = {"anonymous": "false", "contact_name": "Sam Reporter",
         "contact_email": "sam@student.test", "contact_phone": "07700 900123",
         "contact_student_id": "S1234567", "preferred_contact": "email"}


def url(name: str, slug: str = "kingsway", **kwargs) -> str:
    return reverse(f"public:report:{name}", kwargs={"institution_slug": slug, **kwargs})


def step_url(number: int, slug: str = "kingsway") -> str:
    return url("step", slug, number=number)


def post_step(client, number: int, data: dict, slug: str = "kingsway"):
    return client.post(step_url(number, slug), data)


def walk(client, *, slug: str = "kingsway", overrides: dict | None = None):
    """Answer every step (``overrides``: {step: data}); returns the last step's response."""
    overrides = overrides or {}
    response = None
    for number in range(1, 9):
        response = post_step(client, number, overrides.get(number, STEP_DATA[number]), slug)
        assert response.status_code == 302, (number, response.content.decode()[:3000])
    return response


def send(client, slug: str = "kingsway"):
    return client.post(url("check", slug))


def receipt_on(response) -> str | None:
    match = RECEIPT_RE.search(response.content.decode())
    return match.group(1) if match else None


def pdf_bytes() -> bytes:
    """A small but real, well-formed one-page PDF (with a correct cross-reference table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 12 Tf 20 100 Td (Screenshot of messages) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def pdf_upload(name: str = "messages.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def exe_renamed_pdf(name: str = "statement.pdf") -> SimpleUploadedFile:
    """A Windows program (MZ header, DOS stub) given a .pdf name and a PDF content type."""
    data = (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43
            + b"\x80\x00\x00\x00" + b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21"
            + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 64)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def is_checked(page: str, name: str, value: str) -> bool:
    """Whether the page has the radio or checkbox ``name``=``value`` ticked."""
    pattern = rf'<input type="(?:radio|checkbox)" name="{name}" value="{value}"[^>]*\schecked[\s>]'
    return re.search(pattern, page) is not None
