"""Quick exit: leave now, and leave nothing behind.

The button is an ordinary link to this page, so it works with JavaScript off; with JavaScript
(static/js/quick-exit.js) the page is replaced in the history, so Back does not return to it.
Here the saved draft of the form (with its files) is deleted and the whole public session
forgotten, so neither Back nor the start page's "Continue where you left off" can bring back
what was written; then the browser goes on to the institution's neutral site.

It answers GET (a link must work), so another site could send a visitor here: the worst it can
do is delete that visitor's unfinished draft, which is what the button promises anyway.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect

from ..services.submission import draft_discard, draft_get
from .common import public_page
from .followup import OPEN_COOKIE

DRAFT_PREFIX = "report-draft:"


@public_page
def quick_exit(request, institution_slug: str):
    for key, token in list(request.session.items()):
        if key.startswith(DRAFT_PREFIX) and key[len(DRAFT_PREFIX):].isdigit():
            draft = draft_get(institution=int(key[len(DRAFT_PREFIX):]), token=token)
            if draft is not None:
                draft_discard(draft=draft)
    request.session.flush()
    response = HttpResponseRedirect(request.institution.quick_exit_url
                                    or settings.QUICK_EXIT_URL)
    response.delete_cookie(OPEN_COOKIE)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
