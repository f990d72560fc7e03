"""The staff deadline calculator page, /<slug>/staff/calendar/, over HTTP."""

from urllib.parse import quote

import pytest

from accounts.roles import Role

from ..factories import ClosureDayFactory, staff
from .conftest import day

pytestmark = pytest.mark.django_db

URL = "/kingsway/staff/calendar/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def member_client(client, caseworker):
    client.force_login(caseworker)
    return client


def test_calculator_shows_the_date_and_the_days_passed_over(
    member_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = member_client.get(URL, {"start": "2026-12-18", "add": "10"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "10 working days from Friday 18 December 2026: Wednesday 6 January 2027" in html
    assert "Fri 25 Dec 2026: Bank holiday: Christmas Day" in html
    assert "Mon 28 Dec 2026: Bank holiday: Boxing Day (observed)" in html
    assert "Fri 1 Jan 2027: Bank holiday: New Year&#x27;s Day" in html
    assert "There is a problem" not in html


def test_calculator_lists_the_institutions_time_limits_in_few_queries(
    member_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = member_client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Appeal against formal or Board decision (§66)" in html
    assert "Summer School" in html
    assert "England and Wales bank holidays" in html
    # No answer before a question.
    assert 'class="result"' not in html


def test_calculator_skips_the_institutions_closure_days(member_client, kingsway):
    ClosureDayFactory(institution=kingsway, date=day("2026-12-21"), reason="Staff away day")

    html = member_client.get(URL, {"start": "2026-12-18", "add": "1"}).content.decode()

    assert "1 working day from Friday 18 December 2026: Tuesday 22 December 2026" in html
    assert "Mon 21 Dec 2026: Closure: Staff away day" in html


def test_calculator_bad_input_reshows_what_was_typed_and_names_the_problem(member_client):
    response = member_client.get(URL, {"start": "2026-13-45", "add": "ten"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="2026-13-45"' in html
    assert 'value="ten"' in html
    assert "From: Enter a real date as YYYY-MM-DD, e.g. 2026-12-18." in html
    assert "Working days to add: Enter a whole number of working days, e.g. 10." in html
    assert 'class="result"' not in html


def test_calculator_too_many_days_names_the_limit(member_client):
    html = member_client.get(URL, {"start": "2026-12-18", "add": "2001"}).content.decode()

    assert 'value="2001"' in html
    assert "Enter a number from -2000 to 2000." in html


def test_calculator_date_without_known_bank_holidays_is_a_form_error_not_a_500(member_client):
    response = member_client.get(URL, {"start": "9999-12-31", "add": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Bank holidays are known only from" in html
    assert 'value="9999-12-31"' in html


def test_calculator_counts_back_with_a_negative_number(member_client):
    html = member_client.get(URL, {"start": "2027-01-06", "add": "-5"}).content.decode()

    assert "Tuesday 29 December 2026" in html


def test_calculator_htmx_request_returns_only_the_partial(member_client):
    response = member_client.get(URL, {"start": "2026-12-18", "add": "10"}, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Wednesday 6 January 2027" in html
    assert "<html" not in html
    assert "<form" not in html
    assert "Time limits in" not in html
    assert [t.name for t in response.templates] == ["institutions/_calculator_result.html"]


def test_calculator_htmx_bad_input_returns_the_problem_in_the_partial(member_client):
    response = member_client.get(URL, {"start": "nope", "add": "10"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert "There is a problem" in html
    assert "From: Enter a real date as YYYY-MM-DD, e.g. 2026-12-18." in html


def test_calculator_htmx_history_restore_gets_the_whole_page(member_client):
    # hx-push-url puts the calculator URL in history; going back re-requests it from htmx with
    # HX-History-Restore-Request, and a bare partial would replace the whole page.
    response = member_client.get(
        URL, {"start": "2026-12-18", "add": "10"},
        headers={**HTMX, "HX-History-Restore-Request": "true"},
    )

    html = response.content.decode()
    assert "<html" in html
    assert "<form" in html
    assert "Wednesday 6 January 2027" in html


def test_calculator_htmx_history_restore_with_bad_input_names_the_problem_once(member_client):
    response = member_client.get(
        URL, {"start": "nope", "add": "10"},
        headers={**HTMX, "HX-History-Restore-Request": "true"},
    )

    html = response.content.decode()
    assert "<form" in html
    assert 'value="nope"' in html
    assert html.count("There is a problem") == 1


def test_calculator_varies_on_hx_request(member_client):
    # The page and the partial share a URL: a cache must not serve one for the other.
    response = member_client.get(URL, {"start": "2026-12-18", "add": "10"})

    assert "HX-Request" in response.headers["Vary"]


def test_calculator_member_of_another_institution_gets_404(client, kingsway, outsider):
    client.force_login(outsider)

    response = client.get(URL, {"start": "2026-12-18", "add": "10"})

    assert response.status_code == 404
    assert b"2027" not in response.content


def test_calculator_unknown_institution_is_404(member_client):
    assert member_client.get("/nowhere/staff/calendar/").status_code == 404


def test_calculator_anonymous_is_redirected_to_login(client, kingsway):
    response = client.get(URL, {"start": "2026-12-18", "add": "10"})

    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/accounts/login/?next=" + quote("/kingsway/staff/calendar/?start=2026-12-18&add=10",
                                         safe="/")
    )


def test_calculator_any_member_may_use_it_whatever_the_role(client, kingsway):
    client.force_login(staff(kingsway, Role.TRAINING_ADMIN))

    assert client.get(URL, {"start": "2026-12-18", "add": "1"}).status_code == 200


def test_calculator_uses_the_institutions_region(client, edinburgh):
    client.force_login(staff(edinburgh, Role.CLERK))

    html = client.get("/edinburgh/staff/calendar/",
                      {"start": "2026-11-27", "add": "1"}).content.decode()

    assert "Tuesday 1 December 2026" in html
    assert "Mon 30 Nov 2026: Bank holiday: Saint Andrew&#x27;s Day" in html
    assert "Scotland bank holidays" in html
