"""The two reference points of the throughput measurement.

* ``bare``: a view that does nothing, behind the middleware but with no session, no login and
  no database: what Django and the server cost by themselves.
* ``floor``: the least a staff page can do: the same middleware, the institution from the URL,
  a logged-in session (loaded and saved, SESSION_SAVE_EVERY_REQUEST) and the membership check
  of ``staff_view``, then nothing. A queue can be no faster than this.
"""

from django.http import HttpResponse

from accounts.decorators import staff_view


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


@staff_view()
def floor(request, institution_slug: str):
    return HttpResponse(b"ok", content_type="text/plain")
