"""Security headers (issue 14 §4): a strict Content-Security-Policy on every page (no inline
script or style anywhere: the templates are scanned), ``Cache-Control: no-store`` on every
staff page and API answer (core/headers.py), HSTS with subdomains in production."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from tests.conftest import api_as
from tests.factories import api_token, staff

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _staff_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", [
    "/kingsway/staff/", "/kingsway/staff/cases/", "/kingsway/staff/reports/",
    "/kingsway/staff/account/api-tokens/", "/kingsway/staff/calendar/",
    "/kingsway/staff/governance/", "/kingsway/staff/safe-contacts/",
])
def test_every_staff_page_is_no_store_with_a_strict_policy(caseworker, path):
    response = _staff_client(caseworker).get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"]
    policy = _csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize("path", ["me/", "my-work/", "tokens/", "procedure/", "cases/"])
def test_every_api_answer_is_no_store(caseworker, kingsway, path):
    response = api_as(caseworker).get(f"/api/v1/kingsway/{path}")
    assert response.status_code == 200, path
    assert response["Cache-Control"] == "no-store"


def test_api_errors_and_token_calls_are_no_store_too(caseworker, kingsway):
    client = Client()
    assert client.get("/api/v1/kingsway/me/")["Cache-Control"] == "no-store"  # 401
    unknown = client.get("/api/v1/kingsway/no-such-thing/")  # answered by core.api_errors
    assert unknown.status_code == 404
    assert unknown["Cache-Control"] == "no-store"
    client = api_as(caseworker)
    client.force_authenticate(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(caseworker, kingsway)}")
    assert client.get("/api/v1/kingsway/me/")["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/kingsway/", "/accounts/login/", "/admin/login/",
                                  "follow-up"])
def test_public_pages_have_the_policy_and_are_not_stored(kingsway, path):
    if path == "follow-up":  # where a reporter reads replies with their receipt
        path = reverse("public:report:follow_up", args=["kingsway"])
    response = Client().get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"]
    assert "'unsafe-inline'" not in " ".join(_csp(response)["script-src"])


def test_the_admin_pages_still_work_under_the_policy(kingsway):
    admin_user = staff(kingsway, Role.INSTITUTION_ADMIN)
    admin_user.is_staff = True
    admin_user.save()
    client = _staff_client(admin_user)
    for path in ["/admin/", "/admin/accounts/membership/", "/admin/institutions/institution/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _csp(response)["script-src"] == ["'self'"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", response.text), path


def test_the_api_docs_load_their_script_from_their_own_address(caseworker):
    client = _staff_client(caseworker)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    policy = _csp(page)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["style-src"]  # Swagger UI's own styles, this page only
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_the_institutions_colours_are_a_stylesheet_not_inline(kingsway):
    page = Client().get("/kingsway/")
    assert "<style" not in page.text
    assert f'href="/kingsway/brand.css?v={kingsway.primary_colour[1:]}' in page.text
    css = Client().get("/kingsway/brand.css")
    assert css["Content-Type"].startswith("text/css")
    assert f"--brand: {kingsway.primary_colour};" in css.content.decode()


def test_static_files_are_not_marked_no_store():
    response = Client().get(settings.STATIC_URL.rstrip("/") + "/css/app.css"
                            if settings.STATIC_URL.startswith("/")
                            else "/" + settings.STATIC_URL + "css/app.css")
    assert "no-store" not in response.get("Cache-Control", "")


def test_check_deploy_is_clean_with_hsts_on_subdomains_and_preload(tmp_path):
    """``check --deploy`` with the production settings and .env.example's shape (as
    .ci/smoke_production.sh runs it) reports nothing, HSTS warnings included."""
    base = Path(settings.BASE_DIR)
    env = {**os.environ}
    lines = (base / ".env.example").read_text().splitlines()
    keys = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "generate_keys", "--settings=config.settings.test"],
        cwd=base, capture_output=True, text=True, check=True).stdout.splitlines()
    for line in [*lines, *keys]:
        if "=" in line and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            env[name.strip()] = value.strip()
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", ALLOWED_HOSTS="localhost",
               STATIC_ROOT=str(tmp_path / "static"), EMAIL_URL="consolemail://",
               DJANGO_SETTINGS_MODULE="config.settings.production")
    env.pop("SECURE_HSTS_INCLUDE_SUBDOMAINS", None)
    env.pop("SECURE_HSTS_PRELOAD", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
         "--settings=config.settings.production"],
        cwd=base, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# -- the templates stay clean -----------------------------------------------------------------
#: Templates that are not pages: the letter layout is rendered to PDF by WeasyPrint as one
#: document (its preview page relaxes style-src alone, letters/views.py).
NOT_PAGES = {"letters/layout.html"}
INLINE = [
    ("an inline <script>", re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)),
    ("an on*= handler", re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)),
    ("a style= attribute", re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)),
    ("a <style> element", re.compile(r"<style\b", re.I)),
]


def _template_dirs() -> list[Path]:
    base = Path(settings.BASE_DIR)
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [Path(app.path) / "templates" for app in apps.get_app_configs()
             if Path(app.path).is_relative_to(base)
             # A virtualenv inside the checkout (CI's) holds other projects' templates.
             and "site-packages" not in Path(app.path).parts]
    return [d for d in dirs if d.is_dir()]


def test_no_template_has_inline_script_handlers_or_styles():
    found = []
    for folder in _template_dirs():
        for path in folder.rglob("*.html"):
            name = path.relative_to(folder).as_posix()
            if name in NOT_PAGES:
                continue
            text = path.read_text()
            found += [f"{name}: {what}" for what, pattern in INLINE if pattern.search(text)]
    assert found == []
    assert _template_dirs()  # the scan looked somewhere
