"""The public "Information & Insights" page (000 §3): only published versions, the latest of each
report with the earlier ones and their notes; the HTML, the PDF (a tagged PDF on the
institution's letterhead) and the CSV of the published cells, with no account; and a count
hidden to protect a small one never appears anywhere: page, PDF, CSV or API, staff side
included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights.models import InsightReport
from insights.services import reports as services

from .conftest import submit
from .publication_support import (
    AUTUMN_DAY,
    LATER_DAY,
    SECRET,
    api_as,
    at,
    d,
    generate,
    kp,
    mp,
    pdf_text,
    publish,
    published,
    reload,
    secret_figures,
)

__all__ = ["kp", "mp", "secret_figures"]

pytestmark = pytest.mark.django_db
S = InsightReport.Status


def test_the_public_page_shows_only_published_versions(
        kingsway, kp, client, django_capture_on_commit_callbacks):
    draft = generate(kp)
    with at(AUTUMN_DAY):
        annual = services.report_generate(institution=kingsway, actor=kp.publisher,
                                          period="year-2025")
        services.report_approve(report=annual, actor=kp.publisher2)
        page = client.get("/kingsway/insights/")
        assert page.status_code == 200
        assert "No report has been published yet" in \
            page.content.decode()
        for report in (draft, annual):
            assert client.get(f"/kingsway/insights/{report.pk}/").status_code == 404
            assert client.get(f"/kingsway/insights/{report.pk}/figures.csv").status_code == 404
            assert client.get(f"/api/v1/kingsway/public/insights/{report.pk}/").status_code \
                == 404
        assert client.get("/api/v1/kingsway/public/insights/").json()["count"] == 0
    report = publish(draft, kp, django_capture_on_commit_callbacks)
    with at(AUTUMN_DAY):
        page = client.get("/kingsway/insights/").content.decode()
        assert "Insight report: Spring term 2026" in page
        assert "Annual insight report" not in page  # approved, not published
        listed = client.get("/api/v1/kingsway/public/insights/").json()
        assert [r["id"] for r in listed["results"]] == [report.pk]
        # Another institution's page does not show it.
        assert "Spring term 2026" not in client.get("/midshire/insights/").content.decode()
        assert client.get(f"/midshire/insights/{report.pk}/").status_code == 404


def test_the_home_page_links_to_information_and_insights(kingsway, client):
    page = client.get(reverse("public:home", args=["kingsway"])).content.decode()
    assert reverse("public:insights:home", args=["kingsway"]) in page


def test_the_latest_version_is_shown_with_the_earlier_ones_and_their_notes(
        kingsway, kp, client, django_capture_on_commit_callbacks):
    first = published(kp, django_capture_on_commit_callbacks)
    with at(LATER_DAY):
        second = services.report_correct(report=first, actor=kp.publisher,
                                         change_note="Two late reports are now counted.")
    publish(second, kp, django_capture_on_commit_callbacks, on=LATER_DAY)
    with at(LATER_DAY):
        page = client.get("/kingsway/insights/").content.decode()
        assert f"/kingsway/insights/{second.pk}/" in page
        assert "version 2" in page
        assert "Two late reports are now counted." in page
        assert f"/kingsway/insights/{first.pk}/" in page  # listed as an earlier version
        old = client.get(f"/kingsway/insights/{first.pk}/").content.decode()
        assert "A later version replaces this one" in old
        assert f"/kingsway/insights/{second.pk}/" in old
        answer = client.get("/api/v1/kingsway/public/insights/").json()
        [entry] = answer["results"]
        assert (entry["id"], entry["version"], entry["change_note"]) == (
            second.pk, 2, "Two late reports are now counted.")
        assert [v["version"] for v in entry["earlier_versions"]] == [1]


def test_the_pdf_is_a_tagged_pdf_on_the_letterhead_and_the_csv_has_the_published_cells(
        kingsway, kp, client, django_capture_on_commit_callbacks):
    for day in ("2026-05-05", "2026-05-06", "2026-06-01"):
        submit(kingsway, d(day))
    report = published(kp, django_capture_on_commit_callbacks)
    with at(AUTUMN_DAY):
        answer = client.get(f"/kingsway/insights/{report.pk}/report.pdf")
        assert answer.status_code == 200
        assert answer["Content-Type"] == "application/pdf"
        pdf = b"".join(answer.streaming_content) if answer.streaming else answer.content
        assert pdf.startswith(b"%PDF")
        reader, text = pdf_text(pdf)
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog
        assert catalog["/Lang"] == "en-GB"
        assert reader.metadata.title.startswith("Insight report: Spring term 2026")
        assert text.startswith("Kingsway School of Economics")
        assert "fewer than 5" in text  # three reports: hidden
        assert api_as(kp.caseworker).get(
            f"/api/v1/kingsway/public/insights/{report.pk}/pdf/").content == pdf

        csv_text = client.get(f"/kingsway/insights/{report.pk}/figures.csv").content.decode()
    lines = csv_text.splitlines()
    assert lines[0] == "period,version,source,table,title,row,column,value,shown"
    anonymous = next(line for line in lines if ",reports_by_identity," in line
                     and ",Anonymous,Spring term 2026," in line)
    assert anonymous.endswith(",,fewer than 5")  # no value: only what is printed


def test_a_hidden_count_never_appears_anywhere(
        kingsway, kp, client, secret_figures, django_capture_on_commit_callbacks):
    """3 is a small count; SECRET beside it must be hidden too, or the published total
    would give the 3 away. Neither number's digits reach a page, the PDF, the CSV or the
    API, on the public side or the staff side, draft or published."""
    report = generate(kp)
    hidden = {str(SECRET), f"{SECRET:,}"}
    client.force_login(kp.publisher)
    with at(AUTUMN_DAY):
        staff_side = [
            client.get(reverse("staff:insights:detail", args=["kingsway", report.pk])).content,
            client.get(reverse("staff:insights:csv", args=["kingsway", report.pk])).content,
            client.get(reverse("staff:insights:pdf", args=["kingsway", report.pk])).content,
            api_as(kp.publisher).get(f"/api/v1/kingsway/insights/reports/{report.pk}/").content,
        ]
    report = publish(report, kp, django_capture_on_commit_callbacks)
    client.logout()
    with at(AUTUMN_DAY):
        public_side = [client.get(f"/kingsway/insights/{report.pk}{path}")
                       for path in ("/", "/figures.csv", "/report.pdf")]
        public_side = [r.content for r in public_side]
        public_side.append(client.get(f"/api/v1/kingsway/public/insights/{report.pk}/").content)
    pdfs = [pdf_text(body)[1] for body in (staff_side[2], public_side[2])]
    texts = [b.decode() for b in (*staff_side[:2], staff_side[3], *public_side[:2],
                                  public_side[3])] + pdfs + [str(report.figures)]
    for text in texts:
        assert not any(h in text for h in hidden)
    assert "48,216" in texts[0]  # the total is published
    assert all("fewer than 5" in t for t in texts)
    table = next(t for t in report.figures["tables"] if t["key"] == "reports_by_category")
    assert [c["hidden"] for _label, [c] in table["rows"]] == ["small", "secondary"]


def test_list_pages_cost_the_same_queries_however_many_reports(
        kingsway, kp, client, django_capture_on_commit_callbacks,
        django_assert_max_num_queries):
    published(kp, django_capture_on_commit_callbacks)
    client.force_login(kp.publisher)
    staff_api = api_as(kp.publisher)
    urls = [(client, "/kingsway/insights/"), (client, "/api/v1/kingsway/public/insights/"),
            (client, reverse("staff:insights:reports", args=["kingsway"])),
            (staff_api, "/api/v1/kingsway/insights/reports/"),
            (client, reverse("staff:insights:imports", args=["kingsway"])),
            (staff_api, "/api/v1/kingsway/insights/external/")]
    with at(AUTUMN_DAY):
        for c, url in urls:
            c.get(url)  # warm the caches
        before = []
        for c, url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert c.get(url).status_code == 200
            before.append(len(queries))
    with at(LATER_DAY):
        annual = services.report_generate(institution=kingsway, actor=kp.publisher,
                                          period="year-2025")
        publish(annual, kp, django_capture_on_commit_callbacks, on=LATER_DAY)
        services.report_correct(report=reload(annual), actor=kp.publisher,
                                change_note="A late outcome")
        for c, url in urls:
            c.get(url)
        for (c, url), count in zip(urls, before, strict=True):
            with django_assert_max_num_queries(count):
                assert c.get(url).status_code == 200
    assert InsightReport.objects.for_institution(kingsway).count() == 3


def test_each_chart_has_its_numbers_in_an_accessible_table(
        kingsway, kp, client, secret_figures, django_capture_on_commit_callbacks):
    report = published(kp, django_capture_on_commit_callbacks)
    with at(AUTUMN_DAY):
        page = client.get(f"/kingsway/insights/{report.pk}/").content.decode()
    assert page.count('role="img"') == 2  # one chart per table: a bar and a line chart
    assert 'aria-describedby="t-reports_by_month"' in page
    assert '<table class="figures" id="t-reports_by_month">' in page
    assert '<th scope="row">June 2026</th>' in page
    assert '<th scope="row"><strong>Total</strong></th>' in page
    assert "(not shown, so that nobody can be identified)" in page
