"""Journey (issue 15 item 4): Kingsway's precautionary group decides a no-contact measure urgently
(reason recorded instead of the student's representations), the student appeals within five
working days and the appeal reviewer decides the appeal. The matter, its group, the risk
assessment and the proposal go through the services. axe-core checks every page
(tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from precautionary.models import Appeal, Decision, Matter

from ..cases.rules_support import at
from ..precautionary.conftest import Group, convened, propose, reload
from ..precautionary.conftest import kingsway as kingsway_with_catalogues
from .conftest import fill, needs_axe, needs_chromium, send, session_of

pytestmark = [*needs_chromium, needs_axe, pytest.mark.once,
              pytest.mark.django_db(transaction=True)]

kingsway = kingsway_with_catalogues


def test_precautionary_measure_decided_urgently_then_appealed(journey, client, kingsway):
    g = Group(kingsway)
    with at("2026-11-16"):
        matter = convened(kingsway, g)
        propose(kingsway, g, matter, starts=matter.opened_on)
    base = f"/kingsway/staff/precautionary/{matter.pk}/"

    with at("2026-11-16"):
        chair = journey.open(session=session_of(client, g.chair_pm))
        journey.go(chair, "/kingsway/staff/precautionary/")
        journey.click(chair, chair.locator(f"main a[href$='{base}']").first)
        journey.click(chair, chair.locator(f"main a[href$='{base}representations/skip/']").first)
        fill(chair, {"because": "urgent", "reason": "Threats made yesterday"})
        send(journey, chair)
        journey.click(chair, chair.locator(f"main a[href$='{base}decide/']").first)
        send(journey, chair)
        decision = Decision.objects.for_institution(kingsway).get()
        assert decision.status == Decision.Status.DECIDED
        assert reload(matter).stage == Matter.Stage.IN_FORCE

    with at("2026-11-18"):
        chair = journey.open(session=session_of(client, g.chair_pm))
        journey.go(chair, base)
        journey.click(chair, chair.locator(f"main a[href$='{base}appeal/']").first)
        fill(chair, {"received_on": "2026-11-18", "grounds": "Disproportionate",
                     "reviewer": str(g.reviewer.pk)})
        send(journey, chair)
        appeal = Appeal.objects.for_institution(kingsway).get()
        assert not appeal.is_late

        reviewer = journey.open(session=session_of(client, g.reviewer))
        journey.go(reviewer, base)
        journey.click(reviewer, reviewer.locator(
            f"main a[href$='{base}appeals/{appeal.pk}/decide/']").first)
        fill(reviewer, {"result": "upheld", "reasons": "The risk remains"})
        send(journey, reviewer)
        appeal.refresh_from_db()
        assert appeal.result == Appeal.Result.UPHELD
        assert "The risk remains" in reviewer.locator("main").inner_text()
    journey.assert_accessible()
