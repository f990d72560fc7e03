"""The refusal page of single sign-on (issue 14 §1): the same words whatever went wrong, so it
tells nobody whether an identity has a membership here or elsewhere."""

from __future__ import annotations

from django.shortcuts import render


def refused(request, provider, status: int = 403):
    return render(request, "sso/refused.html",
                  {"provider": provider,
                   "institution": provider.institution if provider is not None else None},
                  status=status)
