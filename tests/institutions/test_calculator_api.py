"""GET /api/v1/<slug>/calendar/working-days/, /procedure/ and /me/ over HTTP."""

import pytest

from accounts.roles import Role
from institutions.calendar import MAX_WORKING_DAYS
from institutions.models import RoleLabel, TimeLimit

from ..conftest import api_as
from ..factories import ClosureDayFactory, MembershipFactory, staff
from .conftest import day

pytestmark = pytest.mark.django_db

URL = "/api/v1/kingsway/calendar/working-days/"


def assert_invalid(response, field: str) -> list[str]:
    """The one error format for a validation failure; returns the field's messages."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert list(body["errors"]) == [field]
    messages = body["errors"][field]
    assert messages
    assert all(isinstance(m, str) and m for m in messages)
    return messages


# -- the answer --------------------------------------------------------------------------------
def test_working_days_response_shape_is_from_add_date_skipped(caseworker):
    response = api_as(caseworker).get(URL, {"from": "2026-12-18", "add": "10"})

    assert response.status_code == 200
    assert response.json() == {
        "from": "2026-12-18",
        "add": 10,
        "date": "2027-01-06",
        "skipped": [
            {"date": "2026-12-25", "reason": "Bank holiday: Christmas Day"},
            {"date": "2026-12-28", "reason": "Bank holiday: Boxing Day (observed)"},
            {"date": "2027-01-01", "reason": "Bank holiday: New Year's Day"},
        ],
    }


def test_working_days_negative_add_counts_back(caseworker):
    response = api_as(caseworker).get(URL, {"from": "2027-01-06", "add": "-5"})

    assert response.status_code == 200
    assert response.json()["date"] == "2026-12-29"
    assert response.json()["add"] == -5


def test_working_days_uses_the_institutions_closure_days(kingsway, caseworker):
    ClosureDayFactory(institution=kingsway, date=day("2027-01-04"), reason="Winter closure")

    response = api_as(caseworker).get(URL, {"from": "2026-12-18", "add": "10"})

    assert response.json()["date"] == "2027-01-07"
    assert response.json()["skipped"][-1] == {"date": "2027-01-04",
                                              "reason": "Closure: Winter closure"}


def test_working_days_uses_the_institutions_region(edinburgh):
    member = staff(edinburgh, Role.CLERK)
    response = api_as(member).get("/api/v1/edinburgh/calendar/working-days/",
                                  {"from": "2026-11-27", "add": "1"})

    assert response.json()["date"] == "2026-12-01"
    assert response.json()["skipped"] == [
        {"date": "2026-11-30", "reason": "Bank holiday: Saint Andrew's Day"}]


def test_working_days_add_zero_is_the_start_date(caseworker):
    response = api_as(caseworker).get(URL, {"from": "2026-12-18", "add": "0"})

    assert response.json() == {"from": "2026-12-18", "add": 0, "date": "2026-12-18",
                               "skipped": []}


# -- bad input: 400 in the one error format -----------------------------------------------------
@pytest.mark.parametrize("bad", ["2026-13-45", "18/12/2026", "2026-02-30", "yesterday"])
def test_working_days_bad_date_is_400_on_from(caseworker, bad):
    messages = assert_invalid(api_as(caseworker).get(URL, {"from": bad, "add": "10"}), "from")

    assert messages == ["Enter a real date as YYYY-MM-DD, e.g. 2026-12-18."]


@pytest.mark.parametrize("params", [{"add": "10"}, {"from": "", "add": "10"}])
def test_working_days_missing_date_is_400_on_from(caseworker, params):
    messages = assert_invalid(api_as(caseworker).get(URL, params), "from")

    assert messages == ["Enter the date the time limit runs from."]


@pytest.mark.parametrize("bad", ["ten", "1.5", "1e3", "10 days"])
def test_working_days_non_integer_add_is_400_on_add(caseworker, bad):
    messages = assert_invalid(api_as(caseworker).get(URL, {"from": "2026-12-18", "add": bad}),
                              "add")

    assert messages == ["Enter a whole number of working days, e.g. 10."]


def test_working_days_missing_add_is_400_on_add(caseworker):
    messages = assert_invalid(api_as(caseworker).get(URL, {"from": "2026-12-18"}), "add")

    assert messages == ["Enter how many working days to add."]


@pytest.mark.parametrize("bad", [MAX_WORKING_DAYS + 1, -MAX_WORKING_DAYS - 1, 10**12])
def test_working_days_too_large_add_is_400_on_add(caseworker, bad):
    messages = assert_invalid(
        api_as(caseworker).get(URL, {"from": "2026-12-18", "add": str(bad)}), "add"
    )

    assert messages == [f"Enter a number from -{MAX_WORKING_DAYS} to {MAX_WORKING_DAYS}."]


def test_working_days_largest_allowed_add_answers(caseworker):
    response = api_as(caseworker).get(URL, {"from": "2026-12-18",
                                            "add": str(MAX_WORKING_DAYS)})

    assert response.status_code == 200
    assert response.json()["add"] == MAX_WORKING_DAYS


def test_both_fields_bad_reports_both(caseworker):
    response = api_as(caseworker).get(URL, {"from": "nope", "add": "nope"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"from", "add"}


@pytest.mark.parametrize("start", ["9999-12-31", "2150-06-01", "0001-01-01"])
def test_working_days_date_without_known_bank_holidays_is_400_not_500(caseworker, start):
    messages = assert_invalid(api_as(caseworker).get(URL, {"from": start, "add": "1"}), "from")

    assert messages[0].startswith("Bank holidays are known only from")


# -- who may ask --------------------------------------------------------------------------------
def test_working_days_member_of_another_institution_gets_404(kingsway, outsider):
    response = api_as(outsider).get(URL, {"from": "2026-12-18", "add": "10"})

    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert response.json()["errors"] == {}


NOT_FOUND = {"status": 404, "code": "not_found", "detail": "Not found.", "errors": {}}


def test_working_days_unknown_slug_is_404_in_the_one_error_format(caseworker):
    response = api_as(caseworker).get("/api/v1/nowhere/calendar/working-days/",
                                      {"from": "2026-12-18", "add": "10"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_working_days_outsiders_404_is_the_same_as_for_no_such_institution(
    kingsway, outsider
):
    client = api_as(outsider)
    params = {"from": "2026-12-18", "add": "10"}

    theirs = client.get(URL, params)
    nowhere = client.get("/api/v1/nowhere/calendar/working-days/", params)

    assert theirs.status_code == nowhere.status_code == 404
    assert theirs.json() == nowhere.json() == NOT_FOUND


def test_working_days_inactive_institution_is_404(kingsway, caseworker):
    kingsway.is_active = False
    kingsway.save(update_fields=["is_active"])

    response = api_as(caseworker).get(URL, {"from": "2026-12-18", "add": "10"})

    assert response.status_code == 404


def test_working_days_anonymous_is_refused(api, kingsway):
    response = api.get(URL, {"from": "2026-12-18", "add": "10"})

    assert response.status_code in (401, 403)
    assert response.json()["status"] == response.status_code
    assert "date" not in response.json()


def test_working_days_own_institution_members_of_both_get_their_own(kingsway, midshire):
    both = staff(kingsway, Role.CLERK)
    MembershipFactory(institution=midshire, user=both, roles=[Role.CLERK])
    ClosureDayFactory(institution=midshire, date=day("2026-12-21"))

    client = api_as(both)
    params = {"from": "2026-12-18", "add": "1"}
    assert client.get(URL, params).json()["date"] == "2026-12-21"
    assert client.get("/api/v1/midshire/calendar/working-days/", params).json()["date"] == (
        "2026-12-22"
    )


# -- /procedure/ and /me/ -----------------------------------------------------------------------
def test_procedure_lists_role_labels_and_every_time_limit(
    kingsway, caseworker, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = api_as(caseworker).get("/api/v1/kingsway/procedure/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"institution", "board_label", "appeal_body_label", "role_labels",
                         "time_limits", "delay_aim_rule", "delay_warning_working_days"}
    assert body["institution"] == "Kingsway School of Economics"
    assert body["board_label"] == "Board of Discipline"
    assert len(body["time_limits"]) == TimeLimit.objects.for_institution(kingsway).count()
    assert {"rule": "appeal_window", "cohort": "summer_school", "amount": 3,
            "unit": "working_days", "reference": "§66"} in body["time_limits"]
    assert {"role": "decision_maker", "label": "School Secretary"} in body["role_labels"]


def test_procedure_shows_only_this_institutions_settings(kingsway, midshire, caseworker):
    RoleLabel.objects.for_institution(midshire).filter(role=Role.DECISION_MAKER).update(
        label="Academic Registrar")

    body = api_as(caseworker).get("/api/v1/kingsway/procedure/").json()

    assert len(body["role_labels"]) == RoleLabel.objects.for_institution(kingsway).count()
    assert "Academic Registrar" not in {r["label"] for r in body["role_labels"]}


def test_procedure_outsider_404_and_anonymous_refused(api, kingsway, outsider):
    assert api_as(outsider).get("/api/v1/kingsway/procedure/").status_code == 404
    assert api.get("/api/v1/kingsway/procedure/").status_code in (401, 403)


def test_me_names_the_user_and_roles_with_the_institutions_labels(caseworker):
    response = api_as(caseworker).get("/api/v1/kingsway/me/")

    assert response.status_code == 200
    assert response.json() == {
        "email": "caseworker@kingsway.test",
        "full_name": caseworker.full_name,
        "institution": "kingsway",
        "roles": [{"role": "support_caseworker", "label": "Anti-Harassment Support Advisor"}],
    }


def test_me_outsider_404_and_anonymous_refused(api, kingsway, outsider):
    assert api_as(outsider).get("/api/v1/kingsway/me/").status_code == 404
    assert api.get("/api/v1/kingsway/me/").status_code in (401, 403)
