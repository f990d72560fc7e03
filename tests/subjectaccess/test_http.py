"""The subject access pages and API: the same lifecycle through HTTP, the walls (another
institution 404, a member without the role 403), errors shown with the field named, and a list
that costs the same number of queries however long it is."""

import io
import zipfile

import pytest
from django.test import Client

from outbox.services import outbox_relay
from reporting.services.submission import report_submit
from subjectaccess.models import SubjectAccessExport, SubjectAccessRequest

from ..conftest import api_as
from ..factories import staff
from .conftest import at, d

pytestmark = pytest.mark.django_db

PAGES = "/kingsway/staff/data-protection/"
API = "/api/v1/kingsway/data-protection/"


@pytest.fixture
def named_report(kingsway):
    with at("2026-11-02"):
        return report_submit(institution=kingsway, data={
            "reporter_role": "student", "perspective": "self", "categories": ["harassment"],
            "when": "last_week", "location": "hall", "location_detail": "Block C kitchen",
            "involved": [{"name": "Jo Bloggs", "student_id": "20230042", "role": "student"}],
            "narrative": "Jo Bloggs kept sending me messages.", "wants": ["support"],
            "anonymous": False, "contact_name": "Robin Named",
            "contact_email": "robin@student.test", "preferred_contact": "email"}).report


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_take_a_request_from_receipt_to_a_download(kingsway, dpo, named_report):
    client = client_for(dpo)
    with at("2026-11-20"):
        response = client.post(f"{PAGES}requests/", {"email": "robin@student.test",
                                                      "received_on": "2026-11-20"})
        assert response.status_code == 302
        sar = SubjectAccessRequest.objects.for_institution(kingsway).get()
        detail = f"{PAGES}requests/{sar.pk}/"
        assert response["Location"] == detail
        assert client.post(f"{detail}find/").status_code == 302
        page = client.get(detail).content.decode()
        assert f"Report {named_report.reference}" in page
        match = sar.matches.get()
        assert client.post(f"{detail}confirm/", {"confirmed": [match.pk]}).status_code == 302
        assert client.post(f"{detail}export/").status_code == 302
        outbox_relay(ignore_backoff=True)
        export = SubjectAccessExport.objects.for_institution(kingsway).get()
        assert "download once" in client.get(detail).content.decode()
        download = client.get(f"{PAGES}exports/{export.pk}/download/")
        assert download.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(download.content))
        everything = "".join(archive.read(n).decode() for n in archive.namelist())
        assert "Jo Bloggs" not in everything
        assert "20230042" not in everything
        assert "Robin Named" in everything  # their own contact details
        again = client.get(f"{PAGES}exports/{export.pk}/download/")
        assert again.status_code == 302  # once only


def test_request_form_reshows_input_with_the_error_named(kingsway, dpo):
    response = client_for(dpo).post(f"{PAGES}requests/", {"name": "Robin Named",
                                                         "receipt": "nope",
                                                         "received_on": "2026-11-20"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "16 letters and digits" in page
    assert 'value="Robin Named"' in page


def test_pages_are_404_for_another_institution_and_without_the_role_on_a_request(
        kingsway, dpo, outsider):
    """Without the role: 403 on the list, 404 on one request (nothing tells whether it
    exists)."""
    with at("2026-11-20"):
        client_for(dpo).post(f"{PAGES}requests/", {"name": "Robin Named",
                                                   "received_on": "2026-11-20"})
    sar = SubjectAccessRequest.objects.for_institution(kingsway).get()
    caseworker = staff(kingsway, "support_caseworker", email="cw@kingsway.test")
    for address, refused in ((f"{PAGES}requests/", 403), (f"{PAGES}requests/{sar.pk}/", 404)):
        assert client_for(outsider).get(address).status_code == 404
        assert client_for(caseworker).get(address).status_code == refused
    assert client_for(outsider).get(f"/midshire/staff/data-protection/requests/{sar.pk}/") \
        .status_code == 404


def test_request_list_costs_the_same_queries_however_long(kingsway, dpo,
                                                          django_assert_max_num_queries):
    with at("2026-11-20"):
        for n in range(30):
            SubjectAccessRequest.objects.create(
                institution=kingsway, reference=f"SAR-{n:08d}", name=f"P {n}",
                received_on=d("2026-11-20"), due_on=d("2026-12-20"), handled_by=dpo)
    client = client_for(dpo)
    client.get(f"{PAGES}requests/")
    with django_assert_max_num_queries(12):
        response = client.get(f"{PAGES}requests/?page=2")
    assert response.status_code == 200


def test_api_takes_a_request_from_receipt_to_a_download(kingsway, dpo, named_report):
    api = api_as(dpo)
    with at("2026-11-20"):
        created = api.post(f"{API}requests/", {"email": "robin@student.test",
                                               "received_on": "2026-11-20"}, format="json")
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["due_on"] == "2026-12-20"
        url = f"{API}requests/{body['id']}/"
        found = api.post(f"{url}find/").json()
        assert [m["label"] for m in found["matches"]] == [f"Report {named_report.reference}"]
        confirmed = api.post(f"{url}confirm/", {"confirmed": [found["matches"][0]["id"]]},
                             format="json").json()
        assert confirmed["matches"][0]["confirmed"] is True
        export = api.post(f"{url}exports/")
        assert export.status_code == 202
        outbox_relay(ignore_backoff=True)
        download = api.get(f"{API}exports/{export.json()['id']}/download/")
        assert download.status_code == 200
        assert zipfile.ZipFile(io.BytesIO(download.content)).read("README.txt")
        assert api.get(f"{API}exports/{export.json()['id']}/download/").status_code == 400
        assert api.get(f"{API}requests/").json()["count"] == 1
        assert api.post(f"{url}close/").json()["status"] == "closed"
        assert api.post(f"{url}find/").status_code == 400


def test_api_answers_400_with_field_errors(kingsway, dpo):
    answer = api_as(dpo).post(f"{API}requests/", {"received_on": "2026-11-20"}, format="json")
    assert answer.status_code == 400
    assert "name" in answer.json()["errors"]
    answer = api_as(dpo).post(f"{API}requests/", {"name": "X"}, format="json")
    assert answer.status_code == 400
    assert "received_on" in answer.json()["errors"]


def test_api_is_404_for_another_institution_and_without_the_role_on_a_request(
        kingsway, dpo, outsider):
    """Without the role: 403 on the list, 404 on one request."""
    with at("2026-11-20"):
        sar_id = api_as(dpo).post(f"{API}requests/", {"name": "Robin Named",
                                                      "received_on": "2026-11-20"},
                                  format="json").json()["id"]
    caseworker = staff(kingsway, "support_caseworker", email="cw@kingsway.test")
    for address, refused in ((f"{API}requests/", 403), (f"{API}requests/{sar_id}/", 404)):
        assert api_as(outsider).get(address).status_code == 404
        assert api_as(caseworker).get(address).status_code == refused
    assert api_as(outsider).get(
        f"/api/v1/midshire/data-protection/requests/{sar_id}/").status_code == 404
