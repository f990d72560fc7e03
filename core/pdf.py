"""HTML to PDF with WeasyPrint, fetching nothing from outside: only ``data:`` URLs (an embedded
logo) are allowed, so a letter cannot leak its existence to, or depend on, any other server.

The PDF is tagged and PDF/UA-1 (accessible: a structure tree for screen readers, the page's
``<title>`` as the document title shown by readers, the ``<html lang>`` as its language), so
the page given must have both."""

from __future__ import annotations

import base64

from weasyprint import HTML
from weasyprint.urls import URLFetcher

#: PDF/UA-1 implies tagging (``pdf_tags``) and PDF 1.7.
PDF_VARIANT = "pdf/ua-1"


def _fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True)


def data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"
