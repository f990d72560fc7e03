"""What a secure letter link opens: the recipient's letters on the subject (each downloadable;
each opening recorded) and what the kind lets them do there (e.g. appeal online). Nothing is
cached and no referrer is sent (the link's token is in the address). An expired or replaced
link says how to get a new one (410); an unknown one, including another institution's, is 404."""

from __future__ import annotations

import functools

from django.http import HttpResponse
from django.shortcuts import render

from .services.links import (
    LinkExpired,
    LinkRefused,
    letter_link_download,
    letter_link_letters,
    letter_link_open,
)


def private_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


def link_refused(request, exc: LinkRefused):
    expired = isinstance(exc, LinkExpired)
    return render(request, "letters/public_link_gone.html", {
        "message": str(exc), "expired": expired,
        "reference": exc.link.letter.context.get("reference", "") if expired else "",
    }, status=exc.status)


@private_page
def page(request, institution_slug: str, token: str):
    try:
        link = letter_link_open(institution=request.institution, token=token)
    except LinkRefused as exc:
        return link_refused(request, exc)
    letter = link.letter
    spec = letter.kind_spec
    actions = spec.portal_actions(letter, token) if spec.portal_actions else []
    return render(request, "letters/public_letters.html", {
        "link": link, "letter": letter, "letters": list(letter_link_letters(link)),
        "token": token, "actions": actions,
        "reference": letter.context.get("reference", ""),
        "from_name": letter.context.get("institution", {}).get("name", ""),
    })


@private_page
def download(request, institution_slug: str, token: str, letter_id: int):
    try:
        letter, pdf = letter_link_download(institution=request.institution, token=token,
                                           letter_id=letter_id)
    except LinkRefused as exc:
        return link_refused(request, exc)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.file_name}"'
    return response
