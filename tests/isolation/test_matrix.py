"""The isolation matrix (issue 15 item 2), generated from the URL resolver (every route is
classified in ``policy``: test_classification). On every staff page and staff API route:

* every role of institution A asking for institution B's objects (each role alone, and a
  member holding them all), and that member asking for anything under B's slug (refused with
  the membership, before any role), gets the plain 404 of a missing object (the same body as
  for an id nothing has), with none of B's data, and leaves no trace in B's audit trail;
* a member of A without need-to-know of A's case, report or precautionary matter (every role
  but the one that sees them all, one by one and all together: a caseworker, an investigator
  or a Board member not appointed to it, a Safe Contact ...) gets the same 404 on every route of
  that object;
* ids that exist nowhere get the same 404, even for a member holding every role.

A role gate refusing a URL that names an object answers that 404 too, not a 403
(``accounts.permissions.require_route_role``): there is no 403 in this matrix. The Django admin
(an institution admin of A on B's objects) answers what it answers for an id that exists
nowhere; account pages show none of B's data.

The two institutions and their objects are the demo's (``seed_demo``, on a fixed day), one
object per model per institution and new members per role; requests are a GET and a POST with
an empty body (405 is accepted: the method is refused before any object is looked up).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client

from accounts.models import Membership
from accounts.roles import Role, role_keys
from audit.models import AccessEvent, AuditEvent
from cases.permissions import SEES_EVERY_CASE
from institutions.models import Institution
from precautionary.selectors import CONVENER
from reporting.permissions import SEES_EVERY_REPORT
from tests.factories import staff

from . import policy
from .resolver import ARG, STAFF, object_args, routes_of

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.once]

ABSENT = "987654"  # an id no object has
#: The objects only some members of their own institution may see, and the roles that see
#: every one of them; anyone else sees one only when appointed to it (cases.permissions,
#: reporting.permissions, precautionary.selectors).
NEED_TO_KNOW: dict[str, tuple[str, ...]] = {
    "cases.Case": tuple(SEES_EVERY_CASE),
    "reporting.Report": tuple(SEES_EVERY_REPORT),
    "precautionary.Matter": (CONVENER,),
}
#: The plain 404 of a missing object in the API (web/api.py's error format).
API_NOT_FOUND = {"status": 404, "code": "not_found", "detail": "Not found.", "errors": {}}
MESSAGES = re.compile(rb'<div class="messages".*?</div>', re.S)
SPACES = re.compile(rb"\s+")


def _one_of_each(institution) -> dict[str, object]:
    objects = {}
    for path, name in routes_of(*STAFF):
        for arg in object_args(path, name):
            label = policy.model_for(name, arg)
            if label in objects:
                continue
            if label == "accounts.User":
                membership = (Membership.objects.for_institution(institution)
                              .exclude(user__memberships__institution__slug="kingsway")
                              .order_by("pk").first())
                objects[label] = membership and membership.user
                continue
            objects[label] = _first_of(apps.get_model(label), institution)
    return objects


def _first_of(model, institution):
    manager = model.objects
    rows = (manager.for_institution(institution) if hasattr(manager, "for_institution")
            else manager.filter(institution=institution))
    return rows.order_by("pk").first()


def _url(path, name, slug, objects, *, absent=()):
    """The route's URL with ``objects``' ids (ABSENT for those in ``absent`` or missing)."""
    def value(match):
        arg = match.group(2)
        if arg == "institution_slug":
            return slug
        if arg in policy.KWARG_VALUES:
            return policy.KWARG_VALUES[arg]
        obj = None if arg in absent else objects.get(policy.model_for(name, arg))
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
    return response, body


def _gist(body: bytes) -> bytes:
    """What a page says: its <main> without the flash messages (the rest carries a fresh CSRF
    token)."""
    start, end = body.find(b"<main"), body.find(b"</main>")
    main = MESSAGES.sub(b"", body[start:end] if 0 <= start < end else body)
    return SPACES.sub(b" ", main).strip()


class Matrix:
    """Requests and their failures, against the plain 404 of a missing page and object."""

    def __init__(self, client, slug):
        self.failures: list[str] = []
        response, body = _ask(client, "GET", f"/{slug}/staff/no-such-page/")
        assert response.status_code == 404
        self.page_404 = _gist(body)

    def is_plain_404(self, url, body) -> bool:
        if url.startswith("/api/"):
            try:
                return json.loads(body) == API_NOT_FOUND
            except ValueError:
                return False
        return _gist(body) == self.page_404

    def check(self, client, url, name, who, markers):
        """404 with the plain body of a missing object (or 405: the method refused before any
        lookup), and none of ``markers`` in the body."""
        for method in ("GET", "POST"):
            if (name, method) in policy.KNOWN_EXCEPTIONS:
                continue
            response, body = _ask(client, method, url)
            status = response.status_code
            leaked = [m for m in markers if m.encode() in body]
            ok = status == 405 or (status == 404 and self.is_plain_404(url, body))
            if not ok or leaked:
                self.fail(f"{status} {method} {url} ({name}) as {who}"
                          + ("" if status != 404 or ok else ", not the plain 404")
                          + (f", shows {leaked}" if leaked else ""))

    def fail(self, line: str) -> None:
        self.failures.append(line)

    def assert_none(self, what: str) -> None:
        if os.environ.get("ISOLATION_REPORT"):
            with open(os.environ["ISOLATION_REPORT"], "a") as out:
                out.write("".join(f"{line}\n" for line in self.failures))
        assert not self.failures, (f"{len(self.failures)} {what}:\n"
                                   + "\n".join(self.failures))


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 12, 4, 9), tick=False):
        call_command("seed_demo", verbosity=0)
        a = Institution.objects.get(slug="kingsway")
        b = Institution.objects.get(slug="midshire")
        _add_what_the_demo_lacks(b)
        yield a, b, _one_of_each(a), _one_of_each(b)


def _add_what_the_demo_lacks(institution) -> None:
    """One row of each model the demo has none of in ``institution`` (``policy.
    NO_DEMO_OBJECT``), so their routes are asked for an object that exists, not only for an id
    that exists nowhere. Made directly: only their existence matters here."""
    from django.core.files.base import ContentFile

    from cases.models import BoardObjection, Case, EvidenceDocument
    from reporting.models import Report, ReportEvidence
    from subjectaccess.models import BundleDocument, SubjectAccessExport, SubjectAccessRequest

    case = Case.objects.for_institution(institution).order_by("pk").first()
    report = Report.objects.for_institution(institution).order_by("pk").first()
    request = SubjectAccessRequest.objects.for_institution(institution).order_by("pk").first()
    person = (Membership.objects.for_institution(institution).order_by("pk").first()).user
    today = dt.date(2026, 12, 4)
    made = {
        "cases.BoardObjection": lambda: BoardObjection.objects.create(
            institution=institution, case=case, member=person, received_on=today),
        "cases.EvidenceDocument": lambda: EvidenceDocument.objects.create(
            institution=institution, case=case, title="Isolation probe",
            file=ContentFile(b"probe", name="probe.txt"), original_name="probe.txt",
            content_type="text/plain", size=5, sha256="0" * 64, uploaded_by=person),
        "reporting.ReportEvidence": lambda: ReportEvidence.objects.create(
            institution=institution, report=report,
            file=ContentFile(b"probe", name="probe.txt"), content_type="text/plain", size=5,
            sha256="0" * 64, added_on=today),
        "subjectaccess.SubjectAccessExport": lambda: SubjectAccessExport.objects.create(
            institution=institution, request=request, requested_by=person),
        "subjectaccess.BundleDocument": lambda: BundleDocument.objects.create(
            institution=institution, case=case, source=BundleDocument.Source.choices[0][0],
            source_id=case.pk, status=BundleDocument.Status.choices[0][0],
            prepared_by=person),
    }
    for label in policy.NO_DEMO_OBJECT:
        made[label]()


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _name(path, name):
    return name or path


def _traces(institution) -> tuple[int, int]:
    return (AuditEvent.objects.for_institution(institution).count(),
            AccessEvent.objects.for_institution(institution).count())


def test_every_role_of_a_gets_the_plain_404_for_b_objects_and_b_slug_on_every_staff_route(
        demo):
    a, b, _a_objects, b_objects = demo
    markers = _markers(b_objects)
    missing = sorted(label for label, obj in b_objects.items() if obj is None)
    assert not missing, (
        f"no object of {missing} in {b.slug}: add them to policy.NO_DEMO_OBJECT")
    traces = _traces(b)
    stages = sorted(apps.get_model("cases.Case").objects.for_institution(b)
                    .values_list("pk", "stage"))
    matrix = Matrix(_client(staff(a)), a.slug)
    staff_routes = list(routes_of(*STAFF))
    account_routes = list(routes_of(policy.ACCOUNT))
    everyone = staff(a, *role_keys())
    for role in [*role_keys(), None]:
        client = _client(staff(a, role) if role else everyone)
        who = role or "a member with every role"
        for path, name in staff_routes:
            if object_args(path, name):
                matrix.check(client, _url(path, name, a.slug, b_objects), _name(path, name),
                             who, markers)
            if role is None:  # B's slug: refused with the membership, before any role
                matrix.check(client, _url(path, name, b.slug, b_objects), _name(path, name),
                             f"{who} on B's slug", markers[1:])  # B's own pages may name B
        for path, name in account_routes:  # the person's own: nothing of B's in them
            for method in ("GET", "POST"):
                response, body = _ask(client, method, "/" + path)
                leaked = [m for m in markers if m.encode() in body]
                if response.status_code >= 500 or leaked:
                    matrix.fail(f"{response.status_code} {method} /{path} ({name}) as {who}"
                                + (f", shows {leaked}" if leaked else ""))
    matrix.assert_none("answers other than the plain 404")
    # Refused requests leave no trace in B: nothing changed, nothing read (every write and
    # every read of a file is audited).
    assert _traces(b) == traces
    assert sorted(apps.get_model("cases.Case").objects.for_institution(b)
                  .values_list("pk", "stage")) == stages


def test_a_member_without_need_to_know_gets_the_plain_404_on_every_route_of_the_object(demo):
    """Every role but the one that sees every case (report, matter), one new member each and
    one holding them all: an investigator, a clerk, a Board member, an appeal reviewer, a
    caseworker ... none appointed to A's case, none sharing A's report, none convened for A's
    matter."""
    a, _b, a_objects, _b_objects = demo
    matrix = Matrix(_client(staff(a)), a.slug)
    staff_routes = list(routes_of(*STAFF))
    for label, seers in NEED_TO_KNOW.items():
        obj = a_objects[label]
        assert obj is not None, f"the demo has no {label} in {a.slug}"
        markers = [obj.reference]
        others = [role for role in role_keys() if role not in seers]
        people = {role: staff(a, role) for role in others}
        people[f"every role but {', '.join(seers)}"] = staff(a, *others)
        on_it = [(path, name) for path, name in staff_routes
                 if label in {policy.model_for(name, x) for x in object_args(path, name)}]
        assert on_it, f"no route names a {label}"
        for who, user in people.items():
            client = _client(user)
            for path, name in on_it:
                matrix.check(client, _url(path, name, a.slug, a_objects), _name(path, name),
                             f"{who} ({label})", markers)
    matrix.assert_none("answers other than the plain 404")


def test_ids_nothing_has_get_the_plain_404_even_for_a_member_with_every_role(demo):
    """The last object of each URL missing, those before it A's own (a case that exists, its
    letter that does not): the 404 the matrix compares every refusal with."""
    a, _b, a_objects, _b_objects = demo
    everyone = staff(a, *role_keys())
    client = _client(everyone)
    matrix = Matrix(client, a.slug)
    for path, name in routes_of(*STAFF):
        ids = object_args(path, name)
        if ids:
            matrix.check(client, _url(path, name, a.slug, a_objects, absent=ids[-1:]),
                         _name(path, name), "a member with every role", [])
    matrix.assert_none("answers other than the plain 404")


# -- the Django admin ---------------------------------------------------------------------------
ADMIN_MODEL = re.compile(r"^admin/(\w+)/(\w+)/")


def _b_object_for_admin(model, b, b_objects):
    if model is Institution:
        return b
    if model is apps.get_model("accounts.User"):
        return b_objects["accounts.User"]
    if hasattr(model.objects, "for_institution") or any(
            f.name == "institution" for f in model._meta.get_fields()):
        return _first_of(model, b)
    return None  # platform-wide (auth groups, sign-in attempts): the superuser's alone


def _admin_answer(client, method, url, absent_url):
    """Status, redirect and page, written as if for ``absent_url``; and the body."""
    response, body = _ask(client, method, url)
    location = response.get("Location", "").replace(url, absent_url)
    return (response.status_code, location,
            _gist(body.replace(url.encode(), absent_url.encode()))), body


def test_an_institution_admin_of_a_gets_the_admins_missing_object_answer_for_b_objects(demo):
    """The admin scopes every institution admin's querysets to their own institutions
    (web/admin.py); B's object is then, to A's admin, an object that does not exist: the admin
    answers exactly what it answers for an id nothing has (a redirect to its index saying so,
    or the 403 of a view nobody may use), and shows nothing of B's. Every other admin page
    shows nothing of B's either."""
    a, b, _a_objects, b_objects = demo
    admin_user = staff(a, Role.INSTITUTION_ADMIN)
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    client = _client(admin_user)
    markers = _markers(b_objects)
    failures = []
    seen = 0
    for path, name in routes_of(policy.ADMIN):
        ids = [x for x in re.findall(r"<(?:\w+:)?(\w+)>", path) if x in ("object_id", "id")]
        if (name in ("admin:logout", "admin:view_on_site") or "(?P" in path
                or path.startswith("admin/r/")):  # view on site: below, for every model
            continue
        if not ids:
            response, body = _ask(client, "GET", "/" + path)
            leaked = [m for m in markers if m.encode() in body]
            if response.status_code >= 500 or leaked:
                failures.append(f"{response.status_code} GET /{path} ({name}), shows {leaked}")
            continue
        match = ADMIN_MODEL.match(path)
        model = apps.get_model(match.group(1), match.group(2))
        obj = _b_object_for_admin(model, b, b_objects)
        if obj is None:
            continue
        seen += 1
        url = "/" + path.replace(f"<path:{ids[0]}>", str(obj.pk)).replace(
            f"<{ids[0]}>", str(obj.pk))
        absent_url = url.replace(f"/{obj.pk}/", f"/{ABSENT}/")
        for method in ("GET", "POST"):
            answer, body = _admin_answer(client, method, url, absent_url)
            absent, _body = _admin_answer(client, method, absent_url, absent_url)
            leaked = [m for m in [*markers, str(obj)] if len(m) >= 6 and m.encode() in body]
            if answer != absent or answer[0] >= 500 or leaked:
                failures.append(f"{answer[0]} {method} {url} ({name}): {answer[:2]} where an "
                                f"absent id gets {absent[:2]}" + (f", shows {leaked}"
                                                                  if leaked else ""))
    # view_on_site: the content type and id of any object.
    for model, _model_admin in _registered_models():
        obj = _b_object_for_admin(model, b, b_objects)
        if obj is None:
            continue
        kind = ContentType.objects.get_for_model(model).pk
        url, absent_url = f"/admin/r/{kind}/{obj.pk}/", f"/admin/r/{kind}/{ABSENT}/"
        answer, _body = _admin_answer(client, "GET", url, absent_url)
        if answer != _admin_answer(client, "GET", absent_url, absent_url)[0] \
                or answer[0] != 404:
            failures.append(f"{answer[0]} GET {url} (admin:view_on_site, {model.__name__})")
    assert seen > 40, "the admin's object routes were not found"
    assert not failures, f"{len(failures)} admin answers:\n" + "\n".join(failures)


def _registered_models():
    from django.contrib import admin
    return list(admin.site._registry.items())
