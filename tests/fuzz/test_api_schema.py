"""Fuzzing the published OpenAPI schema with schemathesis (issue 15 item 3).

For several Kingsway roles (the demo's own members, holding real work), every operation of
``/api/schema/`` is called with a few generated requests whose object ids are drawn from the
demo's Kingsway objects (or generated), authenticated with the member's API token. Every answer
must be no server error and conform to the schema (status, content type, body). Every request that
succeeded (2xx) is replayed by a Midshire member of the same role: as it was, and with Midshire's
slug (so Midshire's own paths with Kingsway's ids): both must be 404. On PostgreSQL it is also
sent again as the application's database role, to which row-level security applies: the same
status, and for a read the same body.

Bounded and reproducible: a handful of examples per operation, derandomized, no shrinking, no
example database; each request runs in a savepoint rolled back after it, so every example meets
the same demo, on the demo's day.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import Membership
from accounts.roles import Role
from accounts.tokens import api_token_create
from institutions.models import Institution
from tests.factories import staff
from tests.isolation import policy

from .conftest import app_role_name

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.once]

#: Roles fuzzed, each with its own API token: the work of every part of the API.
ROLES = (
    Role.DECISION_MAKER,  # School Secretary / Academic Registrar
    Role.SUPPORT_CASEWORKER,
    Role.BOARD_MEMBER,
    Role.EDI_ADMIN,
    Role.TRAINING_ADMIN,
    Role.DATA_PROTECTION,
)
#: Generated requests per operation and role (reads get a few more than writes).
EXAMPLES = {"GET": 3, "default": 2}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Paths anyone may call (the reporting form, published insights, opt-out links): replaying
#: them as another institution's member proves nothing.
PUBLIC = ("/public/",)


@pytest.fixture(scope="module")
def wsgi_app():
    """Django's WSGI handler for schemathesis' WSGI transport, inside the test's transaction:
    as Django's test client does, the request signals must not close the connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _member(institution: Institution, role: str):
    """The demo's first member holding ``role`` (with its assignments), else a new one."""
    membership = (Membership.objects.for_institution(institution)
                  .filter(is_active=True, roles__role=role).order_by("pk").first())
    if membership is None:
        staff(institution, role)
        membership = (Membership.objects.for_institution(institution)
                      .filter(roles__role=role).order_by("-pk").first())
    return membership


def _token(membership) -> str:
    _token_row, key = api_token_create(membership=membership, name="fuzzing", days=30)
    return key


def _view_name(path: str) -> str | None:
    concrete = PLACEHOLDER.sub(
        lambda m: {"institution_slug": "kingsway", **policy.KWARG_VALUES}.get(m.group(1), "1")
        or "kingsway", path)
    try:
        return resolve(concrete).view_name
    except Resolver404:
        return None


def _ids(institution: Institution, label: str | None) -> list[int]:
    if label is None:
        return []
    model = apps.get_model(label)
    manager = model._default_manager
    if label == "accounts.User":
        rows = manager.filter(memberships__institution=institution)
    elif hasattr(manager, "for_institution"):
        rows = manager.for_institution(institution)
    else:
        rows = manager.filter(institution=institution)
    return list(rows.order_by("pk").values_list("pk", flat=True)[:30])


def _path_values(operation, institution: Institution) -> dict[str, list]:
    """Real values for the operation's path parameters: the slug, Kingsway's ids of the model
    each argument names (tests/isolation/policy.py), and the fixed values of the others."""
    name = _view_name(operation.path)
    values: dict[str, list] = {}
    for arg in PLACEHOLDER.findall(operation.path):
        if arg == "institution_slug":
            values[arg] = [institution.slug]
        elif arg in policy.KWARG_VALUES:
            values[arg] = [policy.KWARG_VALUES[arg]]
        else:
            values[arg] = _ids(institution, policy.model_for(name, arg))
    return values


def _headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Token {key}"}


def _call(case, key: str, app):
    """One request, in a savepoint rolled back after it (every example meets the same demo)."""
    savepoint = transaction.savepoint()
    try:
        return case.call(headers=_headers(key), app=app)
    finally:
        transaction.savepoint_rollback(savepoint)


def _replays(case, other_key: str, app) -> list[str]:
    """The same successful request as Midshire's member: as it was, and on Midshire's slug."""
    problems = []
    if any(part in case.operation.path for part in PUBLIC):
        return problems
    tries = [("same path", case)]
    if set(PLACEHOLDER.findall(case.operation.path)) - {"institution_slug"}:
        moved = case.operation.Case(
            path_parameters={**case.path_parameters, "institution_slug": "midshire"},
            query=case.query, headers=case.headers, cookies=case.cookies, body=case.body,
            media_type=case.media_type)
        tries.append(("Midshire's slug", moved))
    for how, replay in tries:
        response = _call(replay, other_key, app)
        if response.status_code != 404:
            problems.append(f"{response.status_code} for Midshire ({how}): "
                            f"{case.method} {replay.formatted_path} {response.text[:200]}")
    return problems


def _as_the_app_role(case, key: str, app, owner_response) -> list[str]:
    """On PostgreSQL, the same successful request once more as the application's database role,
    to which row-level security applies (``core.rls``; the suite otherwise runs as the tables'
    owner, which it does not filter): it must answer the same status, and a read the same
    body, so every route sets its institution before it touches a tenant table."""
    role = app_role_name()
    if role is None:
        return []
    savepoint = transaction.savepoint()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'SET LOCAL ROLE "{role}"')  # undone with the savepoint
        response = case.call(headers=_headers(key), app=app)
    finally:
        transaction.savepoint_rollback(savepoint)
    # (A public path's body may be fresh each time: the proof-of-work challenge.)
    same_body = (case.method.upper() != "GET" or any(p in case.operation.path for p in PUBLIC)
                 or response.content == owner_response.content)
    if response.status_code == owner_response.status_code and same_body:
        return []
    return [f"as the application role: {response.status_code} (as the owner: "
            f"{owner_response.status_code}{'' if same_body else ', another body'}): "
            f"{case.method} {case.formatted_path} {response.text[:300]}"]


def _fuzz(operation, key: str, other_key: str, values: dict[str, list], app) -> list[str]:
    problems: list[str] = []
    examples = EXAMPLES.get(operation.method.upper(), EXAMPLES["default"])

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @given(data=st.data())
    def run(data):
        case = data.draw(operation.as_strategy())
        for arg, choices in values.items():
            if choices and (arg == "institution_slug" or data.draw(st.booleans())):
                case.path_parameters[arg] = data.draw(st.sampled_from(choices))
        response = _call(case, key, app)
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:  # each failed check, with a curl line
            failure = group.exceptions[0]
            problems.append(f"{case.method} {operation.path}: {failure.title}: "
                            f"{str(failure.message)[:1500]} (status {response.status_code}: "
                            f"{response.text[:300]})")
            return
        if 200 <= response.status_code < 300:
            problems.extend(_replays(case, other_key, app))
            problems.extend(_as_the_app_role(case, key, app, response))

    run()
    return list(dict.fromkeys(problems))  # the same finding once


@pytest.fixture(scope="module")
def schema(wsgi_app, seeded_demo):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_no_server_error_within_its_schema_and_404_to_midshire(
        demo, wsgi_app, schema, role):
    kingsway = Institution.objects.get(slug="kingsway")
    midshire = Institution.objects.get(slug="midshire")
    key = _token(_member(kingsway, role))
    other_key = _token(_member(midshire, role))
    problems: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        problems.extend(_fuzz(operation, key, other_key, _path_values(operation, kingsway),
                              wsgi_app))
    assert operations > 200
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n\n".join(problems)
