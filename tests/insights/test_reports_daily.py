"""The daily beat task (000 §3: a report every term): a draft for every term and academic year
of each institution that ended recently and has no report yet; running it again, or after a
publisher discarded the draft, generates nothing more."""

import pytest
from django.conf import settings

from insights.models import InsightReport
from insights.services import reports as services
from insights.tasks import insights_daily_task
from outbox.models import OutboxMessage

from .publication_support import at, kp, mp

__all__ = ["kp", "mp"]

pytestmark = pytest.mark.django_db


def drafts(inst) -> list[tuple[str, str, int]]:
    return sorted(InsightReport.objects.for_institution(inst).values_list(
        "kind", "period_label", "version"))


def test_the_task_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["insights-daily"]
    assert entry["task"] == "insights.tasks.insights_daily_task"


def test_a_draft_for_each_period_that_ended_yesterday_and_no_second_one(
        kingsway, midshire, kp, mp):
    # Kingsway's spring term 2026 runs to the day before the autumn term (27 September), and
    # so does its academic year 2025/26.
    with at("2026-09-27"):
        insights_daily_task()
    assert drafts(kingsway) == []
    with at("2026-09-28"):
        assert insights_daily_task() == 2  # both institutions
        insights_daily_task()
    assert drafts(kingsway) == [("annual", "2025/26", 1), ("termly", "Spring term 2026", 1)]
    assert drafts(midshire) == drafts(kingsway)  # the same calendar in these tests
    reports = InsightReport.objects.for_institution(kingsway)
    assert all(r.generated_by is None and r.preparers == [] for r in reports)
    assert OutboxMessage.objects.filter(key__endswith=":draft").count() == 4
    with at("2026-09-30"):
        insights_daily_task()
    assert len(drafts(kingsway)) == 2


def test_a_discarded_draft_is_not_generated_again(kingsway, kp):
    with at("2026-09-28"):
        insights_daily_task()
    termly = InsightReport.objects.for_institution(kingsway).get(kind="termly")
    with at("2026-09-29"):
        services.report_discard(report=termly, actor=kp.publisher, reason="Not needed")
        insights_daily_task()
    assert InsightReport.objects.for_institution(kingsway).filter(kind="termly").count() == 1


def test_a_period_that_ended_long_ago_is_left_to_the_publishers(kingsway, kp):
    with at("2026-10-20"):  # 23 days after the spring term's period ended
        insights_daily_task()
    assert drafts(kingsway) == []
    with at("2027-01-18"):  # the autumn term's period ended yesterday
        insights_daily_task()
    assert drafts(kingsway) == [("termly", "Autumn term 2026", 1)]


def test_a_system_draft_may_be_approved_by_any_publisher_who_did_not_change_it(kingsway, kp):
    with at("2026-09-28"):
        insights_daily_task()
        report = InsightReport.objects.for_institution(kingsway).get(kind="termly")
        approved = services.report_approve(report=report, actor=kp.publisher)
    assert approved.approved_by == kp.publisher
