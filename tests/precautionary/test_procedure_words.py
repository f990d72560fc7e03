"""Precautionary pages in each institution's own words (issue 13 item 6): a Midshire matter's
page and what its people can do cite 004's section, not 002's §19-23; Kingsway's still do."""

import re

import pytest
from django.test import Client

from ..cases.rules_support import at, d
from .conftest import convened, decided_urgently

pytestmark = pytest.mark.django_db

PARAGRAPH_002 = re.compile(r"(?<!000 )§\s?\d")


def pages(inst, g):
    """The matter's page and the page of every action offered, for the chair."""
    client = Client()
    with at(d("2026-11-03")):
        matter = convened(inst, g)
        decided_urgently(inst, g, matter, on=d("2026-11-03"))
        client.force_login(g.chair_pm)
        detail = client.get(f"/{inst.slug}/staff/precautionary/{matter.pk}/")
        assert detail.status_code == 200
        seen = [detail.text]
        actions = re.search(r'<section id="actions".*?</section>', detail.text, re.S).group(0)
        for link in re.findall(r'<a href="([^"]+)"', actions):
            page = client.get(link.replace("&amp;", "&"))
            assert page.status_code == 200, link
            seen.append(page.text)
        client.force_login(g.secretary)
        opening = client.get(f"/{inst.slug}/staff/precautionary/new/")
        assert opening.status_code == 200
        seen.append(opening.text)
    return [re.sub(r"<[^>]+>", " ", html) for html in seen]


def test_midshire_precautionary_pages_cite_004_not_kingsway_paragraphs(midshire, mg):
    seen = pages(midshire, mg)
    leaks = [" ".join(text[max(0, m.start() - 60):m.end() + 20].split())
             for text in seen for m in PARAGRAPH_002.finditer(text)]
    assert leaks == [], "\n".join(leaks)
    assert any("004, How your report will be considered" in text for text in seen)


def test_kingsway_precautionary_pages_still_cite_002_paragraphs(kingsway, kg):
    seen = pages(kingsway, kg)
    assert "Risk assessments (§20-21)" in seen[0]
