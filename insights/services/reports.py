"""The insight reports' workflow (000 §3): a draft is generated when its period ends (the daily
task) or on demand, approved by a second person, and published on the public "Information &
Insights" page with its PDF (issued through the letters module) and its CSV. A published version
never changes: a correction is a new version that says what changed and, once published,
supersedes it. Who may do each step is insights/policies.py's.

Each service locks the report (:func:`lock`), asks its policy, changes it, records one audit
event and writes any email to the outbox in the same transaction. Lock order: the report, then
the other version of its period it changes (the one it supersedes), then the letter, then the
audit chain head.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import members_with_role
from audit.services import audit_record
from core.errors import field_errors
from letters.services import letter_issue
from outbox.mail import outbox_mail

from ..errors import InsightsError
from ..figures import to_json
from ..letter_kinds import REPORT_LETTER
from ..models import InsightReport
from ..policies import enforce
from .generate import (
    PeriodChoice,
    drafts_due,
    period_choice,
    published_figures,
    published_threshold,
)

__all__ = [
    "REPORT_LETTER", "SUMMARY_MAX_CHARS", "report_approve", "report_correct", "report_discard",
    "report_edit", "report_generate", "report_generate_due", "report_publish",
    "report_regenerate", "report_send_back",
]

S = InsightReport.Status
SUMMARY_MAX_CHARS = 6000
NOTE_MAX_CHARS = 2000


def lock(report: InsightReport) -> InsightReport:
    return (InsightReport.objects.for_institution(report.institution_id)
            .select_for_update(of=("self",))
            .select_related("institution").get(pk=report.pk))


def record_event(report: InsightReport, actor, action: str, **changes) -> None:
    audit_record(institution=report.institution, actor=actor, action=action, obj=report,
                 changes={"series": report.series, "version": report.version, **changes})


def tell_publishers(institution, key: str, subject: str, body: str) -> None:
    """A mail to every insights publisher of the institution (its admins if it has none)."""
    people = list(members_with_role(institution=institution, role=Role.INSIGHTS_PUBLISHER)) or \
        list(members_with_role(institution=institution, role=Role.INSTITUTION_ADMIN))
    outbox_mail(key=key, to=sorted({m.user.email for m in people}),
                subject=f"[{institution.name}] {subject}",
                body=f"{institution.name}\n\n{body}\n\nSign in to see it: Staff, "
                     "Insight reports.", institution=institution)


def _title(choice: PeriodChoice) -> str:
    if choice.kind == InsightReport.Kind.ANNUAL:
        return f"Annual insight report {choice.period.label}"
    return f"Insight report: {choice.period.label}"


def _text(value: str, field: str, limit: int, *, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_errors(**{field: required})
    if len(value) > limit:
        raise field_errors(**{field: f"Keep it to {limit} characters (it has {len(value)})."})
    return value


def _add_preparer(report: InsightReport, actor) -> None:
    if actor is not None and actor.pk not in report.preparers:
        report.preparers = [*report.preparers, actor.pk]


def _create(institution, choice: PeriodChoice, actor, *, version: int,
            supersedes: InsightReport | None = None, change_note: str = "",
            summary: str = "") -> InsightReport:
    data = published_figures(institution=institution, choice=choice)
    try:
        with transaction.atomic():
            report = InsightReport.objects.create(
                institution=institution, **choice.fields(), version=version,
                title=_title(choice), summary=summary, change_note=change_note,
                supersedes=supersedes, figures=to_json(data),
                threshold=published_threshold(data),
                generated_by=actor, preparers=[actor.pk] if actor is not None else [])
    except IntegrityError:
        raise InsightsError(f"A version of the report on {choice.period.label} is already "
                            "being prepared.") from None
    return report


def _existing(institution, series: str) -> tuple[InsightReport | None, InsightReport | None]:
    """The version of the period being prepared and the published one, if any."""
    rows = list(InsightReport.objects.for_institution(institution)
                .filter(series=series, status__in=(*InsightReport.OPEN, S.PUBLISHED)))
    return (next((r for r in rows if r.is_open), None),
            next((r for r in rows if r.status == S.PUBLISHED), None))


@transaction.atomic
def report_generate(*, institution, actor, period: str,
                    today: dt.date | None = None) -> InsightReport:
    """Generate a draft report on a term or an academic year that is over (``period``:
    "term-<id>" or "year-<start year>"), from the records and the external imports attached to
    it, suppressed with the institution's threshold. The publishers are told it waits for
    approval. A period already reported on is corrected instead."""
    enforce("generate", institution=institution, actor=actor)
    today = today or timezone.localdate()
    choice = period_choice(institution=institution, series=period, today=today)
    open_version, published = _existing(institution, choice.series)
    if open_version is not None:
        raise InsightsError(f"Version {open_version.version} of the report on "
                            f"{choice.period.label} is already being prepared.")
    if published is not None:
        raise InsightsError(f"The report on {choice.period.label} is published: publish a "
                            "correction of it instead (a new version that says what changed).")
    report = _create(institution, choice, actor, version=1)
    record_event(report, actor, "insights.report_generated", kind=report.kind,
                 threshold=report.threshold, on_demand=True)
    _tell_draft(report)
    return report


def report_generate_due(*, institution, today: dt.date) -> list[InsightReport]:
    """The daily task's work: a draft for every term and academic year of the institution
    that ended recently and has no report yet. Safe to run again: a period with a report in
    any state is left alone."""
    made = []
    for choice in drafts_due(institution=institution, today=today):
        try:
            with transaction.atomic():
                report = _create(institution, choice, None, version=1)
                record_event(report, None, "insights.report_generated", kind=report.kind,
                             threshold=report.threshold, on_demand=False)
                _tell_draft(report)
        except InsightsError:
            continue  # generated by a run at the same moment
        made.append(report)
    return made


def _tell_draft(report: InsightReport) -> None:
    what = f"version {report.version} of " if report.version > 1 else ""
    tell_publishers(report.institution, f"insights:{report.pk}:draft",
                    f"Insight report ready for approval: {report.period_label}",
                    f"A draft of {what}'{report.title}' is ready. Read it, then approve it "
                    "(someone other than whoever prepared it) so that it can be published.")


@transaction.atomic
def report_regenerate(*, report: InsightReport, actor) -> InsightReport:
    """Generate a draft's figures again: the records and imports as they are now, suppressed
    with the institution's threshold as it is now."""
    report = lock(report)
    enforce("regenerate", institution=report.institution, actor=actor, report=report)
    choice = _choice_of(report)
    data = published_figures(institution=report.institution, choice=choice)
    before = report.threshold
    report.figures = to_json(data)
    report.threshold = published_threshold(data)
    report.generated_at = timezone.now()
    report.generated_by = actor
    _add_preparer(report, actor)
    report.save(update_fields=["figures", "threshold", "generated_at", "generated_by",
                               "preparers", "updated_at"])
    record_event(report, actor, "insights.report_regenerated", threshold_from=before,
                 threshold_to=report.threshold)
    return report


def _choice_of(report: InsightReport) -> PeriodChoice:
    from .generate import term_choice, year_choice

    if report.term is not None:
        return term_choice(report.term)
    if report.academic_year is None:
        raise InsightsError("This report names no term and no academic year.")
    return year_choice(report.institution, report.academic_year)


@transaction.atomic
def report_edit(*, report: InsightReport, actor, summary: str) -> InsightReport:
    """Write the draft's summary: what the figures show and what is being done (the trends,
    the places and groups where interventions are targeted). Name nobody; it is published as
    written once approved."""
    report = lock(report)
    enforce("edit", institution=report.institution, actor=actor, report=report)
    report.summary = _text(summary, "summary", SUMMARY_MAX_CHARS)
    _add_preparer(report, actor)
    report.save(update_fields=["summary", "preparers", "updated_at"])
    record_event(report, actor, "insights.report_edited", summary_chars=len(report.summary))
    return report


@transaction.atomic
def report_approve(*, report: InsightReport, actor) -> InsightReport:
    """Approve a draft for publication: by an insights publisher or the institution admin who
    did not prepare it (named on the report)."""
    report = lock(report)
    enforce("approve", institution=report.institution, actor=actor, report=report)
    report.status = S.APPROVED
    report.approved_by = actor
    report.approved_at = timezone.now()
    report.status_reason = ""
    report.save(update_fields=["status", "approved_by", "approved_at", "status_reason",
                               "updated_at"])
    record_event(report, actor, "insights.report_approved", status_from=S.DRAFT,
                 status_to=S.APPROVED)
    return report


@transaction.atomic
def report_send_back(*, report: InsightReport, actor, reason: str) -> InsightReport:
    """Send an approved version back to draft, with the reason: it needs approving again."""
    report = lock(report)
    enforce("send_back", institution=report.institution, actor=actor, report=report)
    report.status_reason = _text(reason, "reason", NOTE_MAX_CHARS,
                                 required="Say why it goes back to draft.")
    report.status = S.DRAFT
    report.approved_by = None
    report.approved_at = None
    report.save(update_fields=["status", "status_reason", "approved_by", "approved_at",
                               "updated_at"])
    record_event(report, actor, "insights.report_sent_back", status_from=S.APPROVED,
                 status_to=S.DRAFT, reason=report.status_reason)
    return report


@transaction.atomic
def report_publish(*, report: InsightReport, actor) -> InsightReport:
    """Publish an approved version on the public "Information & Insights" page, with its PDF
    (issued through the letters module, rendered by the worker) and its CSV. A correction
    supersedes the version it corrects: the page shows the latest and lists the earlier ones
    with their notes."""
    report = lock(report)
    enforce("publish", institution=report.institution, actor=actor, report=report)
    now = timezone.now()
    previous = (InsightReport.objects.for_institution(report.institution_id)
                .select_for_update(of=("self",))
                .filter(series=report.series, status=S.PUBLISHED).exclude(pk=report.pk).first())
    if previous is not None:
        previous.status = S.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        record_event(previous, actor, "insights.report_superseded", status_from=S.PUBLISHED,
                     status_to=S.SUPERSEDED, by_version=report.version)
    report.status = S.PUBLISHED
    report.published_at = now
    report.published_by = actor
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    [letter] = letter_issue(about=report, kind=REPORT_LETTER, actor=actor)
    report.letter = letter
    report.save(update_fields=["letter"])
    record_event(report, actor, "insights.report_published", status_from=S.APPROVED,
                 status_to=S.PUBLISHED, letter=letter.pk,
                 supersedes=previous.version if previous is not None else None)
    tell_publishers(report.institution, f"insights:{report.pk}:published",
                    f"Insight report published: {report.period_label}",
                    f"Version {report.version} of '{report.title}' is on the public "
                    "Information & Insights page.")
    return report


@transaction.atomic
def report_correct(*, report: InsightReport, actor, change_note: str) -> InsightReport:
    """Start a correction of a published report: a new draft version of the same period,
    generated again from the records and imports as they are now and suppressed with the
    threshold as it is now, with the note that says what changed (shown beside it when
    published). The published version stays as it is, and public, until the correction is
    approved and published."""
    report = lock(report)
    enforce("correct", institution=report.institution, actor=actor, report=report)
    note = _text(change_note, "change_note", NOTE_MAX_CHARS,
                 required="Say what the correction changes: readers are shown it.")
    last = (InsightReport.objects.for_institution(report.institution_id)
            .filter(series=report.series).exclude(status=S.DISCARDED)
            .aggregate(v=Max("version"))["v"] or report.version)
    new = _create(report.institution, _choice_of(report), actor, version=last + 1,
                  supersedes=report, change_note=note, summary=report.summary)
    record_event(new, actor, "insights.report_correction_started", corrects=report.version,
                 change_note=note, threshold=new.threshold)
    _tell_draft(new)
    return new


@transaction.atomic
def report_discard(*, report: InsightReport, actor, reason: str) -> InsightReport:
    """Discard a version that was never published, with the reason. The daily task does not
    generate its period again; a publisher may."""
    report = lock(report)
    enforce("discard", institution=report.institution, actor=actor, report=report)
    report.status_reason = _text(reason, "reason", NOTE_MAX_CHARS,
                                 required="Say why it is discarded.")
    previous = report.status
    report.status = S.DISCARDED
    report.save(update_fields=["status", "status_reason", "updated_at"])
    record_event(report, actor, "insights.report_discarded", status_from=previous,
                 status_to=S.DISCARDED, reason=report.status_reason)
    return report
