"""External figures (000 §2): surveys, audits, exit interviews and the national prevalence
survey, imported from a CSV file with a documented layout and attached to a period. A file whose
structure is wrong is refused whole; rows with problems are listed and left out; the figures
appear in reports on the period as tables marked with their source, small counts hidden the
same way."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insights.models import ExternalFigure, ExternalImport
from insights.services import reports as services
from insights.services.external import EXAMPLE_CSV, external_import, external_withdraw
from training.importing import FileRefused

from ..upload_samples import clamd  # noqa: F401 - fixture
from .publication_support import AUTUMN_DAY, api_as, at, generate, kp, mp, term

__all__ = ["kp", "mp"]

pytestmark = pytest.mark.django_db

HEADER = "source,measure,category,period,value\n"


def upload(people, data: str | bytes, *, period=None, title="Student safety survey 2026"):
    raw = data.encode() if isinstance(data, str) else data
    with at(AUTUMN_DAY):
        return external_import(institution=people.inst, actor=people.publisher, title=title,
                               period=period or people.series(), file_name="survey.csv",
                               data=raw)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    ("source,measure,category,period,value\n".encode("utf-16-le"), "not a CSV"),
    ("source;measure;catégorie;period;value\nsurvey;m;é;2026;4\n".encode("latin-1"),
     "neither an Excel workbook"),
    (HEADER, "no rows to import"),
    ("source,measure,category,value\nsurvey,m,a,4\n", "no 'period' column"),
    (HEADER.strip() + ",respondent\nsurvey,m,a,2026,4,Sam\n", "'respondent' is not one of"),
    ("source,measure,category,period,value,Value\nsurvey,m,a,2026,4,4\n",
     "appears more than once"),
    (HEADER + "poll,m,a,2026,x\n", "None of the 1 rows can be imported"),
])
def test_a_file_whose_structure_is_wrong_is_refused_whole(kingsway, kp, data, message):
    with pytest.raises(FileRefused) as refused:
        upload(kp, data)
    assert message in refused.value.message_dict["file"][0]
    assert not ExternalImport.objects.for_institution(kingsway).exists()
    assert not ExternalFigure.objects.for_institution(kingsway).exists()


def test_the_same_file_twice_for_a_period_is_refused(kingsway, kp):
    upload(kp, EXAMPLE_CSV)
    with pytest.raises(FileRefused, match="already imported"):
        upload(kp, EXAMPLE_CSV, title="Again")
    assert ExternalImport.objects.for_institution(kingsway).count() == 1


def test_rows_with_problems_are_listed_and_the_others_imported(kingsway, kp):
    made = upload(kp, HEADER + (
        "survey,Felt unsafe on campus,Undergraduates,2025/26,40\n"
        "Survey,Felt unsafe on campus,Postgraduates,2025/26,\"1,204\"\n"
        "interviews,Felt unsafe on campus,Staff,2025/26,3\n"
        "survey,Felt unsafe on campus,Total,2025/26,44\n"
        "survey,Felt unsafe on campus,Research students,2025/26,-2\n"
        "survey,Felt unsafe on campus,Undergraduates,2025/26,41\n"
        "Exit interviews,,Staff,2025/26,2\n"
        "national prevalence survey,Experienced harassment,Students,2024/25,900\n"))
    assert (made.rows_read, made.rows_imported, made.rows_refused) == (8, 3, 5)
    problems = {(p["row"], p["column"]) for p in made.problems}
    assert problems == {(4, "source"), (5, "category"), (6, "value"), (7, ""),
                        (8, "measure")}
    assert any("not a source" in p["message"] for p in made.problems)
    assert any("Leave out totals" in p["message"] for p in made.problems)
    values = sorted(ExternalFigure.objects.for_institution(kingsway).values_list(
        "source", "category", "value"))
    assert values == [("national_prevalence", "Students", 900),
                      ("survey", "Postgraduates", 1204), ("survey", "Undergraduates", 40)]


def test_the_figures_appear_in_the_report_marked_with_their_source_and_suppressed(
        kingsway, kp):
    upload(kp, HEADER + "survey,Felt unsafe on campus,Undergraduates,2025/26,40\n"
                        "survey,Felt unsafe on campus,Postgraduates,2025/26,3\n"
                        "survey,Felt unsafe on campus,Staff,2025/26,11\n")
    report = generate(kp)
    [table] = [t for t in report.figures["tables"] if t["key"].startswith("external-")]
    assert table["title"] == "Felt unsafe on campus"
    assert table["note"].startswith("Source: Survey, Student safety survey 2026")
    cells = {label: cell for label, [cell] in table["rows"]}
    assert cells["Postgraduates"] == {"value": None, "hidden": "small",
                                      "shown": "fewer than 5"}
    assert cells["Staff"]["hidden"] == "secondary"  # or the total would give the 3 away
    assert table["totals"][0]["value"] == 54


def test_a_withdrawn_import_is_left_out_of_the_figures_generated_afterwards(kingsway, kp):
    made = upload(kp, EXAMPLE_CSV)
    report = generate(kp)
    assert any(t["key"].startswith("external-") for t in report.figures["tables"])
    with at(AUTUMN_DAY):
        with pytest.raises(Exception, match="Say why"):
            external_withdraw(upload=made, actor=kp.publisher, reason=" ")
        external_withdraw(upload=made, actor=kp.publisher, reason="The wrong survey")
        report = services.report_regenerate(report=report, actor=kp.publisher)
    assert not any(t["key"].startswith("external-") for t in report.figures["tables"])


def test_importing_through_the_api_and_its_refusals(kingsway, midshire, kp, mp):
    api = api_as(kp.publisher)
    url = "/api/v1/kingsway/insights/external/"
    with at(AUTUMN_DAY):
        answer = api.post(url, {"title": "Exit interviews", "period": kp.series(),
                                "file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")},
                          format="multipart")
        assert answer.status_code == 400
        assert "no 'source' column" in \
            answer.json()["errors"]["file"][0]
        answer = api.post(url, {"title": "", "period": kp.series()}, format="multipart")
        assert answer.status_code == 400
        assert {"title", "file"} <= set(answer.json()["errors"])
        answer = api.post(url, {"title": "Survey", "period": "term-999999",
                                "file": SimpleUploadedFile("x.csv", EXAMPLE_CSV.encode())},
                          format="multipart")
        assert answer.status_code == 400
        assert "period" in answer.json()["errors"]
        answer = api.post(url, {"title": "Survey", "period": kp.series(),
                                "file": SimpleUploadedFile("x.csv", EXAMPLE_CSV.encode())},
                          format="multipart")
        assert answer.status_code == 201
        assert answer.json()["rows_imported"] == 6
        made = answer.json()["id"]
        assert api.get(url).json()["count"] == 1
        assert api_as(mp.publisher).get(f"{url}{made}/").status_code == 404
        assert api_as(kp.caseworker).get(url).status_code == 403
        # A member without the role is refused one import as if it did not exist.
        assert api_as(kp.caseworker).post(f"{url}{made}/withdraw/", {"reason": "x"},
                                          format="json").status_code == 404
        answer = api.post(f"{url}{made}/withdraw/", {"reason": "Wrong file"}, format="json")
        assert answer.json()["status"] == "withdrawn"
        assert api.post(f"{url}{made}/withdraw/", {"reason": "Again"},
                        format="json").status_code == 409


def test_the_import_page_shows_the_refusal_and_keeps_what_was_typed(kingsway, kp, client):
    client.force_login(kp.publisher)
    page = reverse("staff:insights:imports", args=["kingsway"])
    autumn = f"term-{term(kingsway, 'Autumn term 2026').pk}"
    with at(AUTUMN_DAY):
        answer = client.post(page, {"title": "Residences audit", "period": autumn,
                                    "file": SimpleUploadedFile("a.csv", b"name,value\nSam,1\n")})
        body = answer.content.decode()
        assert answer.status_code == 400
        assert "no &#x27;source&#x27; column" in body
        assert 'value="Residences audit"' in body
        # A running term may have figures attached: its report is generated when it is over.
        answer = client.post(page, {"title": "Residences audit", "period": autumn,
                                    "file": SimpleUploadedFile(
                                        "a.csv", (HEADER + "audit,Incidents,Hall A,2026,7\n"
                                                  "audit,Incidents,Hall B,2026,x\n").encode())})
        assert answer.status_code == 302
        detail = client.get(answer.url).content.decode()
        assert "1 of 2 rows imported" in detail
        assert "is not a count" in detail
        problems = client.get(answer.url + "problems.csv").content.decode()
        assert problems.splitlines()[1].startswith("3,value,")
        assert client.get(reverse("staff:insights:import_example",
                                  args=["kingsway"])).content.decode() == EXAMPLE_CSV


def test_an_infected_file_of_figures_is_refused_and_audited(kp, clamd):  # noqa: F811
    """Issue 14 item 7: where the installation scans uploads, imports are scanned too."""
    from audit.models import AuditEvent
    from core.uploads import UploadInfected

    from ..upload_samples import EICAR

    with pytest.raises(UploadInfected):
        upload(kp, EXAMPLE_CSV.encode() + EICAR)
    assert not ExternalImport.objects.for_institution(kp.inst).exists()
    event = AuditEvent.objects.for_institution(kp.inst).get(action="upload.infected")
    assert event.changes["where"] == "insights import"
    assert upload(kp, EXAMPLE_CSV).rows_imported > 0
