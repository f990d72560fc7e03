"""From a template and the facts a letter states to the letter's HTML page (the institution's
letterhead, the subject, the body): the same layout for issued letters and previews. The PDF is
made from this page by ``core.pdf`` (tagged, PDF/UA-1: the page's ``<title>`` is the document
title and its ``lang`` the document language)."""

from __future__ import annotations

from django.template import Context, Engine, Template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.pdf import data_uri

#: Templates are edited by institution admins: no loaders, no extra tag libraries.
_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True)

#: The language of every letter (``<html lang>``, and so of the PDF).
LANGUAGE = "en-GB"


def render_body(template_body: str, context: dict) -> str:
    return Template(template_body, engine=_ENGINE).render(Context(context))


def human_date(value) -> str:
    """'Wednesday 6 January 2027', as letters state dates."""
    return f"{value:%A} {value.day} {value:%B %Y}" if value else ""


def _logo(institution) -> str:
    if not institution.logo:
        return ""
    try:
        with institution.logo.open("rb") as handle:
            return data_uri(handle.read(), "image/png")
    except (OSError, ValueError):
        return ""


def letter_page(institution, context: dict, subject: str, body: str) -> str:
    """The whole letter as an HTML page. The letterhead names the institution as the letter's
    facts do (``context.institution``: its own letter name, frozen at issue)."""
    return render_to_string("letters/layout.html", {
        "institution": institution, "logo": _logo(institution), "subject": subject,
        "body": mark_safe(body),  # noqa: S308 - autoescaped by the letter engine
        "context": context, "language": LANGUAGE,
    })
