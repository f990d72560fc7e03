"""The journeys' own check (tests/browser/conftest.py) is not a formality: a page with a serious
axe-core violation, or with its quick exit outside every landmark, fails the journey."""

from __future__ import annotations

import pytest

from .conftest import needs_axe, needs_chromium

pytestmark = [*needs_chromium, needs_axe, pytest.mark.once]

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head><body>
<div><a id="quick-exit" href="/elsewhere/">Quick exit</a></div>
<main><h1>Broken</h1><img src="/nothing.png"><input type="text" name="unlabelled"></main>
</body></html>"""


def test_a_serious_violation_and_a_quick_exit_outside_a_landmark_fail_the_journey(journey):
    page = journey.open()
    address = f"{journey.base}/broken-page/"
    page.route(address, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=BROKEN))
    journey.go(page, address)
    with pytest.raises(AssertionError) as failed:
        journey.assert_accessible()
    message = str(failed.value)
    assert "/broken-page/: image-alt (critical)" in message
    assert "/broken-page/: label (critical)" in message
    assert "/broken-page/: the quick exit is outside every landmark" in message
