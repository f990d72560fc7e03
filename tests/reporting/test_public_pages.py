"""The public home, the support directory, and what every public page must carry: the quick
exit, urgent help, and headers that keep it out of caches."""

from __future__ import annotations

import pytest

from reporting.models import SupportService
from reporting.services.submission import report_submit

from .conftest import submission
from .public_walk import STEP_DATA, post_step, step_url, url

pytestmark = pytest.mark.django_db


def test_home_explains_the_choices(client, kingsway):
    response = client.get("/kingsway/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Tell us (a disclosure)", "Make a formal report", "Talk to a Safe Contact",
                 "ask the Equality, Diversity and Inclusion (EDI) office", "Go to the police",
                 'href="tel:999"', 'href="tel:101"', "Anonymous", "Named",
                 "within 2 working days", "Come back with your receipt",
                 "does not lead to a formal report unless you want it to"):
        assert text in page, text
    assert f'href="{url("start")}"' in page
    assert f'href="{url("support")}"' in page
    assert f'href="{url("follow_up")}"' in page


def test_support_directory_lists_active_services_with_phone_links(client, kingsway):
    SupportService.objects.create(institution=kingsway, kind="external", name="Old helpline",
                                  phone="0800 000 000", is_active=False)
    page = client.get(url("support")).content.decode()
    assert "Security Control Room" in page
    assert "Samaritans" in page
    assert 'href="tel:02079460123"' in page
    assert ">020 7946 0123<" in page
    assert "24 hours" in page
    assert "Old helpline" not in page
    assert page.index("At Kingsway") < page.index("Security Control Room") < page.index(
        "Outside Kingsway") < page.index("Samaritans")


def test_support_directory_is_per_institution(client, kingsway, midshire):
    page = client.get(url("support", "midshire")).content.decode()
    assert "Standing Together team" in page
    assert "Security Control Room" not in page


def public_pages(client, institution):
    """Every public page, reached as a person would (so pages that need a draft or an open
    report have one)."""
    pages = ["/kingsway/", url("support"), url("start"), url("follow_up")]
    post_step(client, 1, STEP_DATA[1])
    pages += [step_url(n) for n in range(1, 9)] + [url("check")]
    yield from pages
    for number in range(2, 9):
        post_step(client, number, STEP_DATA[number])
    client.post(url("check"))
    yield url("done")
    result = report_submit(institution=institution, data=submission())
    client.post(url("follow_up"), {"receipt": result.receipt})
    yield url("follow_up_messages")
    yield url("follow_up_contact")


def test_every_public_page_has_quick_exit_urgent_help_and_private_headers(client, kingsway):
    kingsway.urgent_help = "In an emergency call 999.\nSecurity (24 hours): 020 7946 0123."
    kingsway.save()
    seen = 0
    for path in public_pages(client, kingsway):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert 'id="quick-exit"' in page, path
        assert "Quick exit" in page, path
        assert "Need help now?" in page, path
        assert "Security (24 hours): 020 7946 0123." in page, path
        assert 'name="viewport"' in page, path
        assert response["Cache-Control"] == "no-store", path
        assert response["Referrer-Policy"] == "same-origin", path
        seen += 1
    assert seen == 16


def test_steps_that_do_not_exist_are_404(client, kingsway):
    assert client.get(step_url(9)).status_code == 404
    assert client.get(step_url(0)).status_code == 404


def test_an_unknown_institution_is_404(client, kingsway):
    assert client.get("/nowhere/tell-us/").status_code == 404
