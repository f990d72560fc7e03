"""The isolation matrix (issue 15 item 2), generated from the URL resolver: every route has an
isolation class in ``policy``; every staff page and staff API route answers 404, with none of the
other institution's data, to every role of institution A asking for institution B's objects, or
for any route under B's slug; and a member of A without need-to-know (a Safe Contact, a training
administrator) gets 404 for A's cases, reports and precautionary matters.

The two institutions and their objects are the demo's (``seed_demo``, on a fixed day), one
object per model per institution and one new member per role; requests are a GET and a POST
with an empty body (405 is accepted: the method is refused before any object is looked up).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver

from accounts.models import Membership
from accounts.roles import Role, role_keys
from institutions.models import Institution
from tests.factories import staff

from . import policy

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.once]

ARG = re.compile(r"<(?:\w+:)?(\w+)>")
NEED_TO_KNOW_ARGS = {"case_id", "report_id", "matter_id"}
ABSENT = "987654"  # an id no object has
WITHOUT_NEED_TO_KNOW = (Role.SAFE_CONTACT, Role.TRAINING_ADMIN)


def routes(patterns=None, prefix="", ns=""):
    """(full pattern, name, view) of every route, through every include."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from routes(p.url_patterns, prefix + str(p.pattern), inner)
        else:
            yield prefix + str(p.pattern), (ns + p.name) if p.name else None, p.callback


def staff_routes():
    for path, name, _view in routes():
        klass = policy.classify(name, path)
        if klass in (policy.STAFF_PAGE, policy.STAFF_API):
            yield path, name


def test_every_route_has_an_isolation_class_and_every_staff_argument_a_model():
    problems = []
    for path, name, _view in routes():
        klass = policy.classify(name, path)
        if klass is None:
            problems.append(f"{name or '(unnamed)'} {path}: no isolation class in policy.CLASSES")
            continue
        prefix = policy.PREFIXES.get(klass)
        if prefix and not path.startswith(prefix):
            problems.append(f"{name} {path}: a {klass} route outside {prefix}")
        if klass in (policy.STAFF_PAGE, policy.STAFF_API):
            for arg in ARG.findall(path):
                if policy.model_for(name, arg) is None and arg not in policy.KWARG_VALUES:
                    problems.append(f"{name} {path}: argument {arg} names no model in policy")
    assert not problems, "\n".join(problems)


def _one_of_each(institution) -> dict[str, object]:
    objects = {}
    for _path, name in staff_routes():
        for arg in ARG.findall(_path):
            label = policy.model_for(name, arg)
            if label is None or label in objects:
                continue
            if label == "accounts.User":
                membership = (Membership.objects.for_institution(institution)
                              .exclude(user__memberships__institution__slug="kingsway")
                              .order_by("pk").first())
                objects[label] = membership and membership.user
                continue
            model = apps.get_model(label)
            manager = model.objects
            rows = (manager.for_institution(institution) if hasattr(manager, "for_institution")
                    else manager.filter(institution=institution))
            objects[label] = rows.order_by("pk").first()
    return objects


def _url(path, name, slug, objects):
    def value(match):
        arg = match.group(1)
        if arg == "institution_slug":
            return slug
        if arg in policy.KWARG_VALUES:
            return policy.KWARG_VALUES[arg]
        obj = objects.get(policy.model_for(name, arg))
        return str(obj.pk) if obj is not None else ABSENT
    return "/" + ARG.sub(value, path)


def _markers(objects) -> list[str]:
    """Strings of B's that must never appear in A's answers."""
    found = ["Midshire"]
    for obj in objects.values():
        reference = getattr(obj, "reference", None)
        if isinstance(reference, str) and len(reference) >= 6:
            found.append(reference)
    return found


def _ask(client, method, url):
    response = client.get(url) if method == "GET" else client.post(url, {})
    body = b"" if getattr(response, "streaming", False) else response.content
    return response.status_code, body


def _gist(body: bytes) -> bytes:
    """What a refusal says: the page's <main> (the rest carries a fresh CSRF token), or the
    whole JSON body."""
    start, end = body.find(b"<main"), body.find(b"</main>")
    return body[start:end] if 0 <= start < end else body


def _check(client, url, path, name, who, markers, failures, *, absent_url=None):
    """404 (or 405: the method refused before any lookup) and none of ``markers`` in the body.
    A 403 is accepted only from a role gate that answers before the lookup: the same 403 as for
    ``absent_url`` (the route with ids that exist nowhere), so it tells nothing about the object.
    """
    for method in ("GET", "POST"):
        if (name or path, method) in policy.KNOWN_EXCEPTIONS:
            continue
        status, body = _ask(client, method, url)
        leaked = [m for m in markers if m.encode() in body]
        ok = status in (404, 405)
        if status == 403 and absent_url:
            absent_status, absent_body = _ask(client, method, absent_url)
            ok = (absent_status, _gist(absent_body)) == (
                status, _gist(body.replace(url.encode(), absent_url.encode())))
        if not ok or leaked:
            failures.append(f"{status} {method} {url} ({name}) as {who}"
                            + (f", shows {leaked}" if leaked else ""))


def _report(failures):
    import os
    if os.environ.get("ISOLATION_REPORT"):
        with open(os.environ["ISOLATION_REPORT"], "a") as out:
            out.write("\n".join(failures) + "\n")


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 12, 4, 9), tick=False):
        call_command("seed_demo", verbosity=0)
        a = Institution.objects.get(slug="kingsway")
        b = Institution.objects.get(slug="midshire")
        yield a, b, _one_of_each(a), _one_of_each(b)


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_every_role_of_a_gets_404_for_b_objects_and_b_slug_on_every_staff_route(demo):
    a, b, a_objects, b_objects = demo
    markers = _markers(b_objects)
    missing = sorted(label for label, obj in b_objects.items() if obj is None)
    assert missing == sorted(policy.NO_DEMO_OBJECT), (
        f"the demo has no object of {missing} in {b.slug}: policy.NO_DEMO_OBJECT is out of date")
    failures: list[str] = []
    for role in role_keys():
        client = _client(staff(a, role))
        for path, name in staff_routes():
            has_ids = any(policy.model_for(name, x) for x in ARG.findall(path))
            if has_ids:
                _check(client, _url(path, name, a.slug, b_objects), path, name, role, markers,
                       failures, absent_url=_url(path, name, a.slug, {}))
            _check(client, _url(path, name, b.slug, b_objects), path, name, f"{role} on B's slug",
                   markers[1:], failures)  # B's own pages may name B
    _report(failures)
    assert not failures, f"{len(failures)} leaks:\n" + "\n".join(failures)


def test_a_member_without_need_to_know_gets_404_for_a_cases_reports_and_matters(demo):
    a, _b, a_objects, _b_objects = demo
    markers = _markers({k: v for k, v in a_objects.items()
                        if k in ("cases.Case", "reporting.Report", "precautionary.Matter")})
    markers.remove("Midshire")
    failures: list[str] = []
    for role in WITHOUT_NEED_TO_KNOW:
        client = _client(staff(a, role))
        for path, name in staff_routes():
            if NEED_TO_KNOW_ARGS & {x for x in ARG.findall(path)
                                    if policy.model_for(name, x) in
                                    ("cases.Case", "reporting.Report", "precautionary.Matter")}:
                _check(client, _url(path, name, a.slug, a_objects), path, name, role, markers,
                       failures, absent_url=_url(path, name, a.slug, {}))
    _report(failures)
    assert not failures, f"{len(failures)} answers other than 404:\n" + "\n".join(failures)
