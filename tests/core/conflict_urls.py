"""Views for tests/core/test_conflict_retry.py: each writes an audit event in a transaction that
the database rolls back with a deadlock (40P01) or serialisation failure (40001) while
``FAIL["times"]`` is above zero, as PostgreSQL does to the victim of a real conflict."""

from __future__ import annotations

from collections import Counter

from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import audit_record
from config import urls as config_urls
from institutions.models import Institution

CALLS: Counter = Counter()
FAIL = {"times": 0, "code": "40P01", "commit_first": False}
SEEN: list = []


class _DriverError(Exception):
    """What the PostgreSQL driver raises, for the SQLite run (it carries the SQLSTATE)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.pgcode = code


def conflict(code: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a real error from the server, wrapped by Django
            cursor.execute(f"DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '{code}'; "
                           "END $$")
    raise OperationalError("conflict") from _DriverError(code)


def work(what: str) -> None:
    CALLS[what] += 1
    kingsway = Institution.objects.get(slug="kingsway")
    if FAIL["commit_first"]:
        audit_record(institution=kingsway, action=f"{what}.committed.first")
    with transaction.atomic():
        audit_record(institution=kingsway, action=f"{what}.done")
        if FAIL["times"] > 0:
            FAIL["times"] -= 1
            conflict(FAIL["code"])


def page(request):
    upload = request.FILES.get("file")
    SEEN.append(upload.read() if upload else request.POST.get("note"))
    work("page")
    return HttpResponse("done")


class Endpoint(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        SEEN.append(request.data.get("note"))
        work("api")
        return Response({"done": True}, status=201)


urlpatterns = [
    path("conflict/", page),
    path("api/v1/kingsway/conflict/", Endpoint.as_view()),
    *config_urls.urlpatterns,  # the pages' layout links to the real ones
]
