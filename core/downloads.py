"""A decrypted file as a download: an attachment, never cached (pages and API alike)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
