"""What every training page shares: who may open it, and a form page's round trip (GET shows
the form; POST calls the one service; its field errors are shown against the fields, its
refusal in the error summary, with what was typed kept)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from core.errors import DomainRefusal

from ..forms import add_service_errors
from ..policies import MANAGERS

#: The training pages are the training administrators' (and the institution admins').
manager_view = staff_view(*MANAGERS)

PAGE_SIZE = 25


def url(name: str, request, **kwargs) -> str:
    return reverse(f"staff:training:{name}",
                   kwargs={"institution_slug": request.institution.slug, **kwargs})


def form_page(request, form, perform: Callable[[], object], *, template: str, context: dict,
              success: Callable[[object], tuple[str, str]]):
    """POST with a valid form: ``perform()`` (the service), then the message and the URL
    ``success(result)`` gives. Otherwise the form again, with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            result = perform()
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainRefusal as exc:
            form.add_error(None, str(exc))
        else:
            message, next_url = success(result)
            messages.success(request, message)
            return redirect(next_url)
    return render(request, template, {"form": form, **context})
