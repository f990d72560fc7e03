"""The retention schedule is an institution setting (issue 14 item 5): defaults a UK
university commonly sets, edited on the institution's admin page through the audited
service."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from retention.models import RetentionSettings
from tests.core.test_admin import INSTITUTIONS, errors_of, institution_form, management

pytestmark = pytest.mark.django_db


def test_an_institution_without_a_schedule_has_the_defaults(kingsway):
    schedule = RetentionSettings.of(kingsway)
    assert schedule.pk is None
    assert (schedule.case_years, schedule.closed_report_years,
            schedule.anonymous_report_years, schedule.reminder_days) == (6, 6, 1, 30)


def test_institution_admin_sets_the_schedule_on_the_institution_page_audited(
        client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    prefix = "retentionsettings"
    response = client.post(f"{INSTITUTIONS}{kingsway.pk}/change/", {
        **institution_form(kingsway, **management("closureday")),
        **management(prefix, total=1),
        **{f"{prefix}-0-{k}": v for k, v in {
            "institution": str(kingsway.pk), "case_years": "7", "closed_report_years": "6",
            "anonymous_report_years": "2", "reminder_days": "45",
            "data_protection_email": "dpo@kingsway.test"}.items()},
    })
    assert response.status_code == 302, errors_of(response)
    saved = RetentionSettings.objects.for_institution(kingsway).get()
    assert (saved.case_years, saved.anonymous_report_years, saved.reminder_days) == (7, 2, 45)
    event = AuditEvent.objects.for_institution(kingsway).get(
        action="retention.settings_changed")
    assert event.actor == kingsway_admin
