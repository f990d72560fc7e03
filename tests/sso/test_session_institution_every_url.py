"""Every staff page and every staff API endpoint refuses a session opened by another
institution's single sign-on (issue 14 §1), so a page added later cannot forget the rule
(``accounts.permissions.refuse_other_institution``, applied by ``staff_view`` and
``web.api.InstitutionScopedMixin``)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver

from accounts.permissions import SSO_INSTITUTION_SESSION_KEY
from accounts.roles import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db

#: Answers that serve nothing: a POST-only URL's 405, a moved page's 301 (to another staff URL).
SERVES_NOTHING = (301, 405)


def _routes(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            extra = (pattern.namespace,) if pattern.namespace else ()
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern),
                               namespaces + extra)
        else:
            yield prefix + str(pattern.pattern), namespaces


def _url(route: str) -> str:
    route = route.replace("<slug:institution_slug>", "midshire")
    route = re.sub(r"<int:[^>]+>", "1", route)
    return "/" + re.sub(r"<[^>]+>", "x", route)


def _staff_urls():
    for route, namespaces in _routes(get_resolver().url_patterns):
        if "staff" in namespaces or (route.startswith("api/v1/")
                                     and "/public/" not in route):
            yield _url(route)


def test_every_staff_page_and_api_refuses_another_institutions_sso_session(
        client, kingsway, midshire):
    user = staff(kingsway, Role.INSTITUTION_ADMIN, email="both@example.test")
    staff(midshire, Role.INSTITUTION_ADMIN, email=user.email)
    client.force_login(user, backend="sso.oidc.InstitutionOIDCBackend")
    session = client.session
    session[SSO_INSTITUTION_SESSION_KEY] = kingsway.pk
    session.save()
    served = []
    for url in _staff_urls():
        response = client.get(url)
        if response.status_code in SERVES_NOTHING:
            continue
        if url.startswith("/api/"):
            refused = (response.status_code == 403
                       and response.json().get("code") == "sso_other_institution")
        else:
            refused = (response.status_code == 302 and response["Location"].startswith(
                "/accounts/login/?institution=midshire&next="))
        if not refused:
            served.append((url, response.status_code))
    assert served == []
