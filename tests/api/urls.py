"""The project's URLs plus /api/ endpoints that fail outside DRF's exception handler."""

from django.http import HttpResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns


class CrashView(APIView):
    """An API view with a bug: an exception DRF's handler does not know."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("a bug")


def plain_crash(request):
    raise RuntimeError("a bug outside DRF")


def plain_post(request):
    """A plain Django view under /api/: CSRF-protected by the middleware."""
    return HttpResponse("ok")


class EchoView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def post(self, request):
        return Response({"keys": sorted(request.data)})


urlpatterns = [
    path("api/test-crash/", CrashView.as_view()),
    path("api/test-plain-crash/", plain_crash),
    path("api/test-plain-post/", plain_post),
    path("api/test-echo/", EchoView.as_view()),
    *project_urlpatterns,
]
