"""What the browser tests share: the system's Chromium (no ``playwright install``), a journey that
checks every page it reaches with axe-core, and full-page screenshots of a failed test's pages
in ``var/browser-failures/`` (`.ci/run` prints the folder when it is not empty)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

CHROMIUM = next(filter(None, (shutil.which(name) for name in (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"))), None)
HAS_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
HAS_AXE = importlib.util.find_spec("axe_playwright_python") is not None

needs_chromium = [
    pytest.mark.skipif(CHROMIUM is None, reason=(
        "No Chromium executable found (install it with `apt-get install chromium`)")),
    pytest.mark.skipif(not HAS_PLAYWRIGHT, reason=(
        "The playwright package is not installed (pip install -e '.[dev]')")),
]
needs_axe = pytest.mark.skipif(not HAS_AXE, reason=(
    "The axe-playwright-python package (axe-core) is not installed (pip install -e '.[dev]')"))

FAILURES = Path(settings.BASE_DIR) / "var" / "browser-failures"
PHONE = (390, 844)
DESKTOP = (1366, 900)
#: axe-core's impacts that fail a journey (minor and moderate ones are not gated here).
FAILING_IMPACTS = {"serious", "critical"}
#: An element inside one of these is inside a landmark.
LANDMARKS = ("header, nav, main, aside, footer, [role=banner], [role=navigation], [role=main], "
             "[role=complementary], [role=contentinfo], [role=region], [role=search]")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, for the screenshot fixture's teardown."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


class Journey:
    """Browser contexts opened for one test; every page they reach is checked by axe-core."""

    def __init__(self, browser, base: str):
        self.browser = browser
        self.base = base
        self.pages: list = []
        self.checked: list[str] = []
        self.navigated: list[str] = []
        self.problems: list[str] = []
        self.refused: list[str] = []
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.without_javascript: set[int] = set()
        self.auditor = None

    def open(self, *, size: tuple[int, int] = DESKTOP, javascript: bool = True,
             session: str | None = None):
        """A fresh context (no cookies but ``session``'s) and its page."""
        context = self.browser.new_context(viewport={"width": size[0], "height": size[1]},
                                           java_script_enabled=javascript)
        if session:
            context.add_cookies([{"name": "sessionid", "value": session, "url": self.base}])
        context.set_default_timeout(20_000)
        page = context.new_page()
        if not javascript:
            self.without_javascript.add(id(page))
        page.on("framenavigated", lambda frame: self.navigated.append(
            frame.url.removeprefix(self.base)) if frame == page.main_frame else None)
        # Anything the Content-Security-Policy refuses (issue 14) is logged by Chromium.
        page.on("console", lambda message: self.refused.append(message.text)
                if "Content Security Policy" in message.text else None)
        self.pages.append(page)
        return page

    def go(self, page, path: str):
        page.goto(path if path.startswith("http") else self.base + path)
        return self.check(page)

    def click(self, page, target):
        """Click ``target`` (a locator or a button's name), wait for the next page, check it."""
        if isinstance(target, str):
            target = page.get_by_role("button", name=target, exact=True)
        with page.expect_navigation():
            target.click()
        return self.check(page)

    def check(self, page):
        """axe-core on the page as it is now: serious and critical violations are recorded
        (the test fails at its end, listing all of them); a quick exit must sit inside a
        landmark."""
        page.wait_for_load_state()
        path = page.url.removeprefix(self.base)
        self.checked.append(path)
        audited = self._as_rendered(page) if id(page) in self.without_javascript else page
        response = self.axe.run(audited).response
        for violation in response["violations"]:
            if violation["impact"] not in FAILING_IMPACTS:
                continue
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
            self.problems.append(
                f"{path}: {violation['id']} ({violation['impact']}) {violation['help']}"
                f" at {targets}")
        outside = audited.evaluate(
            "(landmarks) => Array.from(document.querySelectorAll("
            "'#quick-exit, .quick-exit-button')).filter(el => !el.closest(landmarks)).length",
            LANDMARKS)
        if outside:
            self.problems.append(f"{path}: the quick exit is outside every landmark")
        return page

    def _as_rendered(self, page):
        """axe-core waits on timers, which a page without JavaScript never runs: it checks
        the same HTML, served at the same address (so styles load), in a page of its own
        that runs no script of the application."""
        if self.auditor is None:
            context = self.browser.new_context(viewport=page.viewport_size)
            context.route("**/*.js", lambda route: route.abort())
            self.auditor = context.new_page()
        html = page.content()
        self.auditor.set_viewport_size(page.viewport_size)
        self.auditor.route(page.url, lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=html))
        self.auditor.goto(page.url)
        self.auditor.unroute(page.url)
        return self.auditor

    def assert_accessible(self):
        assert self.checked, "no page was checked"
        unchecked = set(self.navigated) - set(self.checked)
        assert not unchecked, f"pages reached but not checked by axe-core: {unchecked}"
        assert not self.problems, "axe-core and landmark problems:\n" + "\n".join(
            dict.fromkeys(self.problems))
        assert self.refused == [], self.refused


@pytest.fixture
def journey(request, browser, live_server, monkeypatch):
    """A ``Journey`` on the live server; when the test fails, a full-page screenshot of each of
    its open pages is kept as ``var/browser-failures/<test>-<n>.png``."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made here are
    # still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    journey = Journey(browser, live_server.url)
    yield journey
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
        FAILURES.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(journey.pages, start=1):
            if not page.is_closed():
                page.screenshot(path=str(FAILURES / f"{name}-{number}.png"), full_page=True)


def fill(page, data: dict, *, within=None) -> None:
    """Answer a form as a person would: tick, choose and type (``data`` by field name)."""
    scope = within or page
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            if one == "":
                continue
            field = scope.locator(f'[name="{name}"]').first
            kind = field.evaluate("el => el.type || el.tagName.toLowerCase()")
            if kind in ("radio", "checkbox"):
                choice = scope.locator(f'[name="{name}"][value="{one}"]')
                # A lone checkbox (Django's CheckboxInput) has no value: "on" ticks it.
                (choice if choice.count() or one != "on" else field).check()
            elif kind.startswith("select"):
                field.select_option(one)
            else:
                field.fill(one)


def session_of(client, user) -> str:
    """A session cookie for ``user`` whose second factor is verified (tests/conftest.py)."""
    client.force_login(user)
    return client.cookies["sessionid"].value


#: The secure link in an emailed letter (its token names the recipient's letters page).
LETTER_LINK = re.compile(r"https?://\S+/letters/(?P<token>[\w-]+)/")
LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 10):
    """The journey's clock, ticking from that hour in London (pages wait on real time)."""
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=LONDON), tick=True)


def send(journey, page):
    """Press the main form's button of a transition page, and check the page that follows."""
    return journey.click(page, page.locator("main form[method=post] button[type=submit]").last)
