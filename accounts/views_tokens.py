"""The "API tokens" page of a member's account (issue 14 §3): their tokens, a new one (its key
shown once, on the answer to the form), revoking one; the institution's admin also sees and
revokes everyone's. The same through the API: ``accounts.api_tokens``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .decorators import staff_view
from .permissions import can_role
from .roles import Role
from .tokens import api_token_create, api_token_revoke, api_tokens_of


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, label="What is it for?",
                           help_text="For example: the faculty's reporting spreadsheet.")
    days = forms.IntegerField(
        label="Days it works", min_value=1, max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
        help_text=f"At most {settings.API_TOKEN_MAX_DAYS} days; make a new one when it ends.")


def _page(request, *, form, key=None, everyone=False, status=200):
    membership = request.membership
    return render(request, "accounts/api_tokens.html", {
        "form": form, "key": key, "everyone": everyone,
        "tokens": api_tokens_of(membership=membership, everyone=everyone)[:200],
        "is_admin": can_role(membership, Role.INSTITUTION_ADMIN),
    }, status=status)


@staff_view()
def api_tokens(request, institution_slug: str):
    if request.method != "POST":
        return _page(request, form=ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = api_token_create(membership=request.membership,
                                          name=form.cleaned_data["name"],
                                          days=form.cleaned_data["days"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return _page(request, form=ApiTokenForm(), key=key)
    return _page(request, form=form, status=400)


@staff_view(Role.INSTITUTION_ADMIN)
def api_tokens_institution(request, institution_slug: str):
    return _page(request, form=None, everyone=True)


@require_POST
@staff_view()
def api_token_revoke_view(request, institution_slug: str, token_id: int):
    token = api_token_revoke(membership=request.membership, token_id=token_id)
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    if request.POST.get("back") == "institution" and can_role(request.membership,
                                                               Role.INSTITUTION_ADMIN):
        return redirect("staff:api_tokens_institution", institution_slug=institution_slug)
    return redirect("staff:api_tokens", institution_slug=institution_slug)
