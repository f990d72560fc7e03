"""The case timeline (issue 13 item 7): events, letters and deadlines on one chronological
list on the case page, bounded, read from the case file (no query of its own)."""

import re

import pytest

from cases.views.history import case_timeline

from .rules_support import at, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db


def timeline(html: str) -> list[tuple[str, str]]:
    section = html[html.index('<section id="timeline"'):]
    section = section[:section.index("</section>")]
    return re.findall(r'<tr class="timeline-(\w+)">.*?<td>.*?</td>\s*<td>.*?</td>\s*'
                      r"<td>(.*?)</td>", section, re.S)


def test_case_timeline_puts_events_letters_and_deadlines_on_one_list_newest_first(
        client, kingsway, ks, django_capture_on_commit_callbacks):
    with at("2026-11-02"):
        case = to_investigation(kingsway, ks)
    with on("2026-11-20", django_capture_on_commit_callbacks):
        uphold(case, ks)
    with at("2026-11-23"):
        client.force_login(ks.secretary)
        page = client.get(f"/kingsway/staff/cases/{case.pk}/").text
    rows = timeline(page)
    kinds = {kind for kind, _ in rows}
    assert kinds == {"event", "letter", "deadline"}
    # Newest first: the appeal window still running (a deadline in the future) is above the
    # decision's letter, which is above the case's opening.
    whats = [what for _, what in rows]
    window = next(i for i, (k, w) in enumerate(rows) if k == "deadline" and "ppeal" in w)
    letter = next(i for i, (k, _) in enumerate(rows) if k == "letter")
    assert window < letter < whats.index("Case opened")

    # The same list through the API; someone without need-to-know gets 404.
    with at("2026-11-23"):
        api = client.get(f"/api/v1/kingsway/cases/{case.pk}/timeline/").json()
        assert [(e["kind"], e["what"]) for e in api["entries"]] == rows
        client.force_login(ks.bystander)
        assert client.get(f"/api/v1/kingsway/cases/{case.pk}/timeline/").status_code == 404


def test_case_timeline_is_bounded(kingsway, ks):
    with at("2026-11-02"):
        case = to_investigation(kingsway, ks)
    from accounts.selectors import membership_get
    from cases.casefile import case_file

    file = case_file(case=reload(case), membership=membership_get(
        user=ks.secretary, institution=kingsway), with_previous=False)
    shown = case_timeline(case, events=file.history, letters=file.letters,
                          deadlines=file.deadlines, limit=2)
    assert len(shown["entries"]) == 2
    assert shown["more"] == shown["total"] - 2 > 0
