"""The demo's insight reports (insights/demo.py), as `manage.py seed_demo` loads them: at both
institutions a published termly report with a correction, a published annual report, a draft
waiting for the insights publisher's approval and imported external figures, on the pages the
publisher and the public use."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from insights.models import ExternalImport, InsightReport
from insights.policies import policies, state_for
from institutions.models import Institution

pytestmark = pytest.mark.django_db(transaction=False)
S = InsightReport.Status


def test_demo_has_published_reports_a_correction_and_a_draft_for_the_publisher(client):
    with time_machine.travel(dt.datetime(2026, 12, 6, 9), tick=False):  # a Sunday
        call_command("seed_demo", verbosity=0)
        call_command("seed_demo", verbosity=0)  # idempotent
        for slug in ("kingsway", "midshire"):
            inst = Institution.objects.get(slug=slug)
            reports = InsightReport.objects.for_institution(inst)
            assert sorted(reports.values_list("kind", "version", "status")) == [
                ("annual", 1, S.PUBLISHED), ("termly", 1, S.DRAFT),
                ("termly", 1, S.SUPERSEDED), ("termly", 2, S.PUBLISHED)]
            assert ExternalImport.objects.for_institution(inst).count() == 2
            corrected = reports.get(version=2)
            assert corrected.change_note.startswith("Adds the figures of the student safety")
            assert any(t["key"].startswith("external-") for t in corrected.figures["tables"])

            publisher = User.objects.get(email=f"insights-publisher@{slug}.example")
            draft = reports.get(status=S.DRAFT)
            state = state_for(institution=inst, actor=publisher, report=draft)
            assert policies.refusal("approve", state) is None  # their work
            client.force_login(publisher)
            listing = client.get(reverse("staff:insights:reports", args=[slug]))
            assert listing.status_code == 200
            detail = client.get(reverse("staff:insights:detail", args=[slug, draft.pk]))
            assert "Approve for publication" in detail.content.decode()
            client.logout()
            public = client.get(f"/{slug}/insights/").content.decode()
            assert corrected.title in public
            assert "Adds the figures of the student safety survey" in public
            assert f"/{slug}/insights/{draft.pk}/" not in public
            assert client.get(f"/{slug}/insights/{corrected.pk}/").status_code == 200
