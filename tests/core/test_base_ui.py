"""Every page: the skip link and British English; public pages: quick exit and urgent help;
staff pages: no quick exit (a member of staff at work has no need to hide the page)."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/kingsway/"]
STAFF_PAGES = ["/kingsway/staff/", "/kingsway/staff/calendar/"]


def quick_exit_href(html):
    """Where the quick-exit button ends up: on an institution's pages the link goes through
    its quick-exit address (which deletes the draft), then on to the neutral site."""
    match = re.search(r'<a id="quick-exit"[^>]*\shref="([^"]+)"', html)
    href = match and match.group(1)
    if href and href.startswith("/"):
        from django.test import Client

        return Client().get(href)["Location"]
    return href


@pytest.fixture
def kingsway_help(kingsway):
    kingsway.urgent_help = "In an emergency call 999.\nKingsway Security: 020 7946 0000"
    kingsway.save()
    return kingsway


@pytest.mark.usefixtures("kingsway_help")
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_a_quick_exit_button_to_a_neutral_site(client, path):
    html = client.get(path).text
    assert html.count('id="quick-exit"') == 1
    assert quick_exit_href(html) == settings.QUICK_EXIT_URL
    assert "bbc.co.uk" in settings.QUICK_EXIT_URL
    assert 'rel="noreferrer noopener"' in html


def test_quick_exit_goes_to_the_institutions_chosen_neutral_site(client, kingsway):
    kingsway.quick_exit_url = "https://www.metoffice.gov.uk/"
    kingsway.save()
    assert quick_exit_href(client.get("/kingsway/").text) == "https://www.metoffice.gov.uk/"
    assert quick_exit_href(client.get("/").text) == settings.QUICK_EXIT_URL


def test_institution_public_page_shows_the_urgent_help_box_with_the_institutions_text(
        client, kingsway_help):
    html = client.get("/kingsway/").text
    assert 'class="urgent-help' in html
    assert "Need help now?" in html
    assert "In an emergency call 999.<br>Kingsway Security: 020 7946 0000" in html


def test_front_page_shows_an_urgent_help_box(client, kingsway_help):
    html = client.get("/").text
    assert 'class="urgent-help' in html
    assert "call 999" in html
    assert "Kingsway Security" not in html  # no institution chosen yet


def test_institutions_urgent_help_text_is_escaped(client, kingsway):
    kingsway.urgent_help = "<script>alert(1)</script>"
    kingsway.save()
    html = client.get("/kingsway/").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_page_keeps_the_quick_exit_and_urgent_help(client, db):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert quick_exit_href(response.text) == settings.QUICK_EXIT_URL
    assert 'class="urgent-help' in response.text


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_have_no_quick_exit(client, caseworker, path):
    client.force_login(caseworker)
    response = client.get(path)
    assert response.status_code == 200
    assert 'id="quick-exit"' not in response.text
    assert 'class="urgent-help' not in response.text


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/"])
def test_sign_in_and_chooser_pages_have_no_quick_exit(client, kingsway, midshire, path):
    from accounts.models import Membership
    from tests.factories import staff

    user = staff(kingsway, email="both@example.org")
    Membership.objects.create(institution=midshire, user=user)
    if path == "/accounts/":
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    assert 'id="quick-exit"' not in response.text


@pytest.mark.parametrize("path", PUBLIC_PAGES + STAFF_PAGES + ["/accounts/login/"])
def test_every_page_has_a_skip_link_and_lang_en_gb(client, caseworker, path):
    if path in STAFF_PAGES:
        client.force_login(caseworker)
    html = client.get(path).text
    assert '<html lang="en-GB">' in html
    skip = re.search(r'<a class="skip-link" href="#main">Skip to main content</a>', html)
    assert skip is not None
    assert '<main id="main"' in html
    assert html.index("skip-link") < html.index('<main id="main"')  # first thing to tab to


def test_staff_page_names_the_signed_in_person_public_page_does_not(client, caseworker):
    client.force_login(caseworker)
    assert caseworker.full_name in client.get("/kingsway/staff/").text
    assert caseworker.full_name not in client.get("/kingsway/").text
