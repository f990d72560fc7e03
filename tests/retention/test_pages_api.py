"""The retention pages and API (issue 14 item 5): the due list (references, never content)
and legal holds, for the data protection officer and the institution admin only; another
institution's admin gets 404."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from retention.models import LegalHold

from ..conftest import api_as
from ..factories import staff
from .conftest import at, closed_report

MADE, CLOSED = dt.date(2026, 10, 5), dt.date(2026, 11, 16)
DUE_DAY = dt.date(2027, 10, 20)  # 27 days before the anonymous report's deletion


@pytest.fixture
def due_report(kingsway, caseworker):
    return closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)


def test_due_list_shows_references_never_the_narrative(client, dpo, due_report):
    with at(DUE_DAY):
        client.force_login(dpo)
        response = client.get("/kingsway/staff/retention/")
    assert response.status_code == 200
    assert due_report.reference in response.text
    assert "16 Nov 2027" in response.text
    assert "reporter&#x27;s words" not in response.text
    assert "reporter's words" not in \
        response.text


def test_due_list_is_empty_more_than_30_days_ahead(client, dpo, due_report):
    with at(dt.date(2027, 10, 1)):
        client.force_login(dpo)
        response = client.get("/kingsway/staff/retention/")
    assert due_report.reference not in response.text


def test_other_institutions_admin_cannot_see_the_due_list(client, outsider, due_report):
    with at(DUE_DAY):
        client.force_login(outsider)
        assert client.get("/kingsway/staff/retention/").status_code == 404
        assert client.get("/kingsway/staff/retention/holds/").status_code == 404
        assert api_as(outsider).get("/api/v1/kingsway/retention/due/").status_code == 404


def test_a_member_without_the_role_is_refused(client, caseworker, due_report):
    client.force_login(caseworker)
    assert client.get("/kingsway/staff/retention/").status_code == 403
    assert api_as(caseworker).get("/api/v1/kingsway/retention/due/").status_code == 403
    assert api_as(caseworker).get("/api/v1/kingsway/retention/holds/").status_code == 403


def test_the_due_list_page_reads_a_constant_number_of_queries(
        client, dpo, kingsway, caseworker, due_report, django_assert_max_num_queries):
    with at(DUE_DAY):
        client.force_login(dpo)
        with django_assert_max_num_queries(40) as first:
            client.get("/kingsway/staff/retention/")
    for n in range(3):
        closed_report(kingsway, caseworker, made=MADE, closed=CLOSED + dt.timedelta(days=n))
    with at(DUE_DAY), django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get("/kingsway/staff/retention/")
    assert "4 records" in response.text


def test_institution_admin_places_and_releases_a_hold_on_the_page(client, kingsway,
                                                                  due_report):
    admin = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    client.force_login(admin)
    response = client.post("/kingsway/staff/retention/holds/", {
        "reference": due_report.reference, "matter": "Claim 2027/3",
        "reason": "A claim was filed."})
    assert response.status_code == 302
    hold = LegalHold.objects.for_institution(kingsway).get()
    assert (hold.report_id, hold.matter, hold.placed_by) == (due_report.pk, "Claim 2027/3",
                                                             admin)
    page = client.get("/kingsway/staff/retention/holds/")
    assert "Claim 2027/3" in page.text
    response = client.post(f"/kingsway/staff/retention/holds/{hold.pk}/release/",
                           {"reason": "Settled."})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_on is not None
    assert hold.release_reason == "Settled."


def test_hold_form_reshows_input_with_the_unknown_reference_named(client, dpo):
    client.force_login(dpo)
    response = client.post("/kingsway/staff/retention/holds/", {
        "reference": "R-1999-0001", "matter": "Claim", "reason": "Why"})
    assert response.status_code == 400
    assert "No case or report has this reference." in response.text
    assert 'value="Claim"' in response.text


def test_release_without_a_reason_is_refused(client, dpo, kingsway, due_report):
    client.force_login(dpo)
    client.post("/kingsway/staff/retention/holds/", {
        "reference": due_report.reference, "matter": "Claim", "reason": "Why"})
    hold = LegalHold.objects.for_institution(kingsway).get()
    response = client.post(f"/kingsway/staff/retention/holds/{hold.pk}/release/",
                           {"reason": ""})
    assert response.status_code == 400
    hold.refresh_from_db()
    assert hold.released_on is None


def test_api_lists_the_due_records(dpo, due_report):
    with at(DUE_DAY):
        response = api_as(dpo).get("/api/v1/kingsway/retention/due/")
    assert response.status_code == 200
    assert response.json()["results"] == [{
        "kind": "anonymous_report", "kind_label": "Anonymous report, not referred",
        "reference": due_report.reference, "ended_on": "2026-11-16",
        "due_on": "2027-11-16"}]


def test_api_places_lists_and_releases_a_hold(dpo, kingsway, due_report):
    client = api_as(dpo)
    response = client.post("/api/v1/kingsway/retention/holds/", {
        "reference": due_report.reference, "matter": "OIA 2027/1", "reason": "Complaint."},
        format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["reference"], body["record_kind"], body["active"]) == (
        due_report.reference, "report", True)
    assert client.get("/api/v1/kingsway/retention/holds/").json()["count"] == 1
    with at(DUE_DAY):
        assert client.get("/api/v1/kingsway/retention/due/").json()["results"] == []
    response = client.post(f"/api/v1/kingsway/retention/holds/{body['id']}/release/",
                           {"reason": "Closed by the OIA."}, format="json")
    assert response.status_code == 200
    assert response.json()["active"] is False


def test_api_answers_400_with_field_errors(dpo, due_report):
    client = api_as(dpo)
    response = client.post("/api/v1/kingsway/retention/holds/", {"reference": "nope",
                                                                 "matter": "M"},
                           format="json")
    assert response.status_code == 400
    response = client.post("/api/v1/kingsway/retention/holds/", {
        "reference": "R-1999-0009", "matter": "M", "reason": "R"}, format="json")
    assert response.status_code == 400
    assert "reference" in str(response.json())


def test_another_institutions_hold_is_404_in_the_api(dpo, outsider, kingsway, due_report):
    client = api_as(dpo)
    hold = client.post("/api/v1/kingsway/retention/holds/", {
        "reference": due_report.reference, "matter": "M", "reason": "R"},
        format="json").json()
    response = api_as(outsider).post(
        f"/api/v1/midshire/retention/holds/{hold['id']}/release/", {"reason": "x"},
        format="json")
    assert response.status_code == 404


def test_the_endpoints_are_in_the_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/retention/due/", "/retention/holds/", "/retention/holds/{hold_id}/release/"):
        assert path in schema


def test_the_staff_menu_leads_the_data_protection_officer_to_their_pages(client, kingsway):
    from accounts.roles import Role
    from tests.factories import staff

    dpo = staff(kingsway, Role.DATA_PROTECTION, email="menu-dpo@kingsway.test")
    client.force_login(dpo)
    page = client.get("/kingsway/staff/").content.decode()
    assert 'href="/kingsway/staff/data-protection/requests/"' in page
    assert 'href="/kingsway/staff/retention/"' in page
