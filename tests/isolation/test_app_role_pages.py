"""Row-level security filters nothing a page needs (issue 15 item 1): every staff page and API
route of the resolver, asked with Kingsway's own objects by a member holding every role,
answers the same as the application's database role (to which the policies apply) as it does
as the tables' owner (which they do not filter, and which the rest of the suite runs as): the
same status and, for a page or a JSON answer, the same content. So every route sets its
institution before it touches a tenant table. PostgreSQL only: SQLite has no policies."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from accounts.roles import role_keys
from tests.factories import staff

from .resolver import STAFF, routes_of
from .test_matrix import _gist, _one_of_each, _url, demo  # noqa: F401 - demo is a fixture

pytestmark = [
    pytest.mark.django_db(transaction=False),
    pytest.mark.once,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row-level security is PostgreSQL's (SQLite keeps the scoped "
                              "managers only)"),
]


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
CHART_ID = re.compile(rb"-\d+-(title|desc)\b")  # a chart's ids count the charts drawn so far


def _content(body: bytes) -> bytes:
    """What the page says, less what differs on every drawing: the CSRF token each form
    carries afresh, and the chart element ids (insights)."""
    return CHART_ID.sub(rb"-n-\1", CSRF.sub(b"", _gist(body)))


def _role() -> str:
    return f"st_app_pages_{connection.settings_dict['NAME']}"[:63]


def _get(client, url, *, as_app_role: bool):
    """One GET in a savepoint rolled back after it (both asks meet the same rows)."""
    savepoint = transaction.savepoint()
    try:
        if as_app_role:
            with connection.cursor() as cursor:
                cursor.execute(f'SET LOCAL ROLE "{_role()}"')  # undone with the savepoint
        response = client.get(url)
        body = b"" if getattr(response, "streaming", False) else response.content
        return response.status_code, body
    finally:
        transaction.savepoint_rollback(savepoint)


def test_every_staff_route_answers_the_same_as_the_application_role_as_the_owner(demo):  # noqa: F811
    kingsway, _midshire, _a_objects, _b_objects = demo
    objects = _one_of_each(kingsway)
    call_command("create_app_role", "--name", _role(), "--password", "pages-app-role",
                 stdout=StringIO())
    client = Client(raise_request_exception=False)
    client.force_login(staff(kingsway, *role_keys()))
    differences, answered = [], 0
    for path, name in routes_of(*STAFF):
        url = _url(path, name, kingsway.slug, objects)
        owner = _get(client, url, as_app_role=False)
        app = _get(client, url, as_app_role=True)
        answered += owner[0] == 200
        if owner[0] != app[0] or _content(owner[1]) != _content(app[1]):
            differences.append(f"{url} ({name}): {owner[0]} as the owner, {app[0]} as the "
                               f"application role" + ("" if owner[0] != app[0]
                                                      else ", another content"))
    assert answered > 150, f"only {answered} routes answered 200: the probe proves little"
    assert not differences, f"{len(differences)} routes differ:\n" + "\n".join(differences)
