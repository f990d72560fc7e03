"""The insight reports' workflow (000 §3): a draft generated on demand for a period that is over,
approved by someone who did not prepare it, published with its PDF; a published report never
changes, and a correction is a new version with its note that supersedes it once published.
Each step through the services, the pages and the API, refused for the wrong role (403) and
for another institution (404)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from insights.errors import InsightsError
from insights.models import InsightReport
from insights.services import reports as services
from letters.models import Letter
from outbox.models import OutboxMessage

from .publication_support import (
    AUTUMN_DAY,
    LATER_DAY,
    api_as,
    approve,
    at,
    generate,
    kp,
    mp,
    publish,
    published,
    reload,
    term,
)

__all__ = ["kp", "mp"]

pytestmark = pytest.mark.django_db
S = InsightReport.Status


def api_path(report, what: str = "") -> str:
    return f"/api/v1/{report.institution.slug}/insights/reports/{report.pk}/{what}"


def test_a_draft_is_generated_on_demand_only_for_a_period_that_is_over(kingsway, kp):
    report = generate(kp)
    assert (report.status, report.version, report.kind, report.period_label) == (
        S.DRAFT, 1, "termly", "Spring term 2026")
    assert report.threshold == 5
    assert report.generated_by == kp.publisher
    assert report.preparers == [kp.publisher.pk]
    # Only published cells are stored: no raw count anywhere in the row's figures.
    assert all(isinstance(cell, dict) for t in report.figures["tables"]
               for _label, cells in t["rows"] for cell in cells)

    running = f"term-{term(kingsway, 'Autumn term 2026').pk}"
    with at(AUTUMN_DAY), pytest.raises(ValidationError) as refused:
        services.report_generate(institution=kingsway, actor=kp.publisher, period=running)
    assert "period once it is over" in refused.value.message_dict["period"][0]
    with at(AUTUMN_DAY):  # the term is still running on that day, whatever today is
        answer = api_as(kp.publisher).post("/api/v1/kingsway/insights/reports/",
                                           {"period": running}, format="json")
    assert answer.status_code == 400
    assert "period" in answer.json()["errors"]


def test_the_draft_is_told_to_the_publishers_through_the_outbox_and_audited(kingsway, kp):
    report = generate(kp)
    mail = OutboxMessage.objects.get(key=f"insights:{report.pk}:draft")
    assert sorted(mail.payload["to"]) == ["publisher2@kingsway.test", "publisher@kingsway.test"]
    assert "ready for approval" in mail.payload["subject"]
    event = AuditEvent.objects.for_institution(kingsway).get(
        action="insights.report_generated")
    assert event.changes["version"] == 1
    assert event.actor == kp.publisher


def test_a_period_already_reported_on_is_corrected_not_generated_again(
        kingsway, kp, django_capture_on_commit_callbacks):
    report = generate(kp)
    with pytest.raises(InsightsError, match="already being prepared"):
        generate(kp, by=kp.publisher2)
    publish(report, kp, django_capture_on_commit_callbacks)
    with pytest.raises(InsightsError, match="publish a correction"):
        generate(kp, by=kp.publisher2)


def test_nobody_approves_what_they_prepared(kingsway, kp):
    report = generate(kp)
    with at(AUTUMN_DAY), pytest.raises(PermissionDenied, match="You prepared this version"):
        services.report_approve(report=report, actor=kp.publisher)
    with at(AUTUMN_DAY):
        services.report_edit(report=report, actor=kp.publisher2, summary="Reports rose.")
    with at(AUTUMN_DAY), pytest.raises(PermissionDenied, match="You prepared"):
        services.report_approve(report=report, actor=kp.publisher2)
    answer = api_as(kp.publisher2).post(api_path(report, "approve/"))
    assert answer.status_code == 403
    with at(AUTUMN_DAY):
        approved = services.report_approve(report=report, actor=kp.admin)
    assert (approved.status, approved.approved_by) == (S.APPROVED, kp.admin)


def test_the_workflow_from_draft_to_published_through_the_api(
        kingsway, kp, django_capture_on_commit_callbacks):
    report = generate(kp)
    client = api_as(kp.publisher2)
    with at(AUTUMN_DAY):
        detail = client.get(api_path(report)).json()
        offered = {a["key"]: a for a in detail["available_actions"]}
        assert {"approve", "edit", "regenerate", "discard"} <= set(offered)
        assert offered["approve"]["allowed"]
        assert client.post(api_path(report, "edit/"), {"summary": ""},
                           format="json").status_code == 200
        # Editing made publisher2 a preparer: publisher (the generator) may not approve
        # either, so the admin approves.
        assert api_as(kp.publisher).post(api_path(report, "approve/")).status_code == 403
        answer = api_as(kp.admin).post(api_path(report, "approve/"))
        assert answer.status_code == 200
        assert answer.json()["status"] == "approved"
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(api_path(report, "publish/"))
    assert answer.status_code == 200
    assert answer.json()["status"] == "published"
    report = reload(report)
    assert report.published_by == kp.publisher2
    assert report.published_at is not None
    assert report.letter.status == Letter.Status.ISSUED
    assert report.letter.sha256
    assert report.letter.kind == "insights_report"


def test_the_pages_walk_the_workflow(kingsway, kp, client, django_capture_on_commit_callbacks):
    client.force_login(kp.publisher)
    with at(AUTUMN_DAY):
        new = reverse("staff:insights:generate", args=["kingsway"])
        page = client.get(new)
        assert "Spring term 2026" in page.content.decode()
        assert "Autumn term 2026" not in page.content.decode()  # running
        answer = client.post(new, {"period": ""})
        assert "Choose the term or academic year" in answer.content.decode()
        answer = client.post(new, {"period": kp.series()})
        report = InsightReport.objects.for_institution(kingsway).get()
        assert answer.status_code == 302
        assert answer.url.endswith(f"/reports/{report.pk}/")
        detail = client.get(answer.url).content.decode()
        assert "What you can do now" in detail
        assert "Not yet: You prepared" in detail
        client.force_login(kp.publisher2)
        url = reverse("staff:insights:approve", args=["kingsway", report.pk])
        assert client.post(url).status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("staff:insights:publish",
                                       args=["kingsway", report.pk])).status_code == 302
    assert reload(report).status == S.PUBLISHED


def test_wrong_role_is_403_on_the_list_and_404_on_a_report_as_for_another_institution(
        kingsway, midshire, kp, mp, client):
    """A member without the role learns nothing of whether a report exists: the 404 another
    institution's publisher gets; the list refuses them with 403."""
    report = generate(kp)
    with at(AUTUMN_DAY):
        for user, expected in ((kp.caseworker, 404), (mp.publisher, 404)):
            client.force_login(user)
            for name in ("detail", "pdf", "csv", "approve", "edit"):
                url = reverse(f"staff:insights:{name}", args=["kingsway", report.pk])
                assert client.get(url).status_code == expected, (user, name)
            api = api_as(user)
            assert api.get(api_path(report)).status_code == expected
            assert api.post(api_path(report, "approve/")).status_code == expected
        client.force_login(kp.caseworker)
        assert client.get(reverse("staff:insights:reports", args=["kingsway"])).status_code \
            == 403
        assert api_as(kp.caseworker).get(
            "/api/v1/kingsway/insights/reports/").status_code == 403
        with pytest.raises(PermissionDenied):
            services.report_approve(report=report, actor=kp.caseworker)
        # Midshire's own publisher, under Midshire's address, does not find Kingsway's report.
        assert api_as(mp.publisher).get(
            f"/api/v1/midshire/insights/reports/{report.pk}/").status_code == 404
    assert reload(report).status == S.DRAFT


def test_a_published_report_never_changes(kingsway, kp, client,
                                          django_capture_on_commit_callbacks):
    report = published(kp, django_capture_on_commit_callbacks)
    figures, sha = report.figures, report.letter.sha256
    with at(LATER_DAY):
        for call in (lambda: services.report_edit(report=report, actor=kp.publisher2,
                                                  summary="Changed"),
                     lambda: services.report_regenerate(report=report, actor=kp.publisher2),
                     lambda: services.report_discard(report=report, actor=kp.publisher2,
                                                     reason="Wrong")):
            with pytest.raises(InsightsError, match="a published report never changes"):
                call()
        answer = api_as(kp.publisher2).post(api_path(report, "edit/"), {"summary": "x"},
                                            format="json")
        assert answer.status_code == 409
        assert "never changes" in answer.json()["detail"]
        client.force_login(kp.publisher2)
        page = client.post(reverse("staff:insights:edit", args=["kingsway", report.pk]),
                           {"summary": "x"})
        assert page.status_code == 409
        assert "Publish a correction" in page.content.decode()
    report = reload(report)
    assert (report.status, report.summary, report.figures) == (S.PUBLISHED, "", figures)
    assert report.letter.sha256 == sha


def test_a_correction_is_a_new_version_with_its_note_that_supersedes_on_publication(
        kingsway, kp, django_capture_on_commit_callbacks):
    first = published(kp, django_capture_on_commit_callbacks)
    with at(LATER_DAY):
        with pytest.raises(ValidationError) as refused:
            services.report_correct(report=first, actor=kp.publisher2, change_note="  ")
        assert "change_note" in refused.value.message_dict
        answer = api_as(kp.publisher2).post(api_path(first, "correct/"), {}, format="json")
        assert answer.status_code == 400
        assert "change_note" in answer.json()["errors"]
        second = services.report_correct(report=first, actor=kp.publisher2,
                                         change_note="Two late reports are now counted.")
        # One correction at a time.
        with pytest.raises(InsightsError, match="being prepared"):
            services.report_correct(report=first, actor=kp.publisher, change_note="Again")
    assert (second.version, second.status, second.supersedes, second.change_note) == (
        2, S.DRAFT, first, "Two late reports are now counted.")
    assert reload(first).status == S.PUBLISHED  # until the correction is published
    with at(LATER_DAY):
        services.report_approve(report=second, actor=kp.publisher)
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(report=second, actor=kp.publisher)
    first, second = reload(first), reload(second)
    assert (first.status, second.status) == (S.SUPERSEDED, S.PUBLISHED)
    assert first.superseded_at is not None
    assert AuditEvent.objects.for_institution(kingsway).filter(
        action="insights.report_superseded", object_id=str(first.pk)).exists()
    with pytest.raises(InsightsError, match="A later version"):
        services.report_correct(report=first, actor=kp.publisher, change_note="x")


def test_an_approved_version_may_be_sent_back_and_a_draft_discarded(kingsway, kp):
    report = approve(generate(kp), kp)
    with at(AUTUMN_DAY):
        with pytest.raises(ValidationError):
            services.report_send_back(report=report, actor=kp.publisher, reason="")
        report = services.report_send_back(report=report, actor=kp.publisher,
                                           reason="The summary names a hall too small.")
        assert (report.status, report.approved_by) == (S.DRAFT, None)
        report = services.report_discard(report=report, actor=kp.publisher2,
                                         reason="Regenerated later")
        assert report.status == S.DISCARDED
        with pytest.raises(InsightsError):
            services.report_approve(report=report, actor=kp.admin)
        # The period may be generated again: the discarded draft keeps its number to itself.
        again = services.report_generate(institution=kingsway, actor=kp.publisher2,
                                         period=kp.series())
    assert again.version == 1
    assert again.status == S.DRAFT


def test_an_annual_report_adds_the_formal_case_outcomes(kingsway, kp):
    with at(AUTUMN_DAY):
        report = services.report_generate(institution=kingsway, actor=kp.publisher,
                                          period="year-2025")
    keys = {t["key"] for t in report.figures["tables"]}
    assert report.kind == "annual"
    assert report.period_label == "2025/26"
    assert {"case_outcomes", "appeals"} <= keys
    assert report.title == "Annual insight report 2025/26"


def test_the_institution_admin_edits_the_reports_text_in_the_letter_templates(
        kingsway, kp, client):
    """The PDF is a kind of letter: its text around the figures is the institution's to edit,
    previewed from made-up figures, and a template that does not render is refused."""
    client.force_login(kp.admin)
    url = reverse("staff:letters:template_edit", args=["kingsway", "insights_report"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Reports and disclosures by category" in page.content.decode()  # the preview
    pdf = client.post(url, {"subject": "{{ title }}", "body": "<p>{{ summary }}</p>",
                            "preview_as": "public", "action": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    broken = client.post(url, {"subject": "{{ title }}", "body": "{% for t in tables %}",
                               "preview_as": "public", "action": "save"})
    assert "does not render" in broken.content.decode()
