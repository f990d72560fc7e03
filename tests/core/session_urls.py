"""The project's URLs plus the least a staff page can do (tests/core/test_sessions.py): the
institution from the URL, the signed-in user from the session, their membership, then nothing."""

from django.http import HttpResponse
from django.urls import path

from accounts.decorators import staff_view
from config.urls import urlpatterns as project_urlpatterns


@staff_view()
def staff_floor(request, institution_slug):
    return HttpResponse(",".join(sorted(request.membership.role_set)),
                        content_type="text/plain")


urlpatterns = [
    path("<slug:institution_slug>/staff/test-floor/", staff_floor),
    *project_urlpatterns,
]
