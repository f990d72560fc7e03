"""Coming back with a receipt: read replies, answer, add information and files, or give a
name. Guessing receipts is rate-limited per session and across the institution, without any
IP address; a wrong receipt tells nothing about which receipts exist."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core import ratelimit
from core.uploads import CheckedUpload
from institutions.procedure import Rule
from institutions.selectors import deadlines_for
from institutions.services.deadlines import deadline_complete

from ..models import Report, ReportEvidence, ReportMessage
from ..secrets import receipt_hmac, receipt_normalise
from .common import ReportError, lock, record, reporter_uploads, store_encrypted, today

SESSION_WINDOW = 15 * 60
INSTITUTION_WINDOW = 60 * 60


def report_for_receipt(*, institution, receipt: str, session_key: str,
                       worked: bool = False) -> Report | None:
    """The report this receipt opens, or None. Raises ratelimit.RateLimited after too many
    wrong receipts from this session, or, once the institution's budget of wrong receipts
    without proof of work (core.work) is used up, from a session that already gave a wrong
    one and brought no work.

    So a flood of wrong receipts cannot lock anyone out: a browser that did the work is never
    held by the institution's count, and a browser without JavaScript always has its first try
    looked up (during a flood, one try per 15 minutes instead of five). Letting each new
    session try once is safe because receipts carry 80 random bits: a year of a million
    guesses an hour finds a receipt with odds below one in a billion."""
    per_session = f"receipt-fail:s:{institution.pk}:{session_key}"
    per_institution = f"receipt-fail:i:{institution.pk}"
    failed = ratelimit.count(per_session, window=SESSION_WINDOW)
    if failed >= settings.REPORT_RECEIPT_FAILURES_PER_SESSION:
        ratelimit.check(per_session, limit=settings.REPORT_RECEIPT_FAILURES_PER_SESSION,
                        window=SESSION_WINDOW)
    if not worked and failed:
        ratelimit.check(per_institution,
                        limit=settings.REPORT_RECEIPT_FAILURES_PER_INSTITUTION,
                        window=INSTITUTION_WINDOW)
    normalised = receipt_normalise(receipt)
    report = None
    if normalised:
        report = Report.objects.for_institution(institution).filter(
            receipt_hmac=receipt_hmac(institution.pk, normalised)).first()
    if report is None:
        ratelimit.hit(per_session, window=SESSION_WINDOW)
        if not worked:
            ratelimit.hit(per_institution, window=INSTITUTION_WINDOW)
    return report


def reporter_thread(*, report: Report) -> list[ReportMessage]:
    """The messages the reporter sees (never internal notes); marks replies as read."""
    messages = list(report.messages.order_by("sent_on", "pk"))
    unread = [m.pk for m in messages if m.direction == ReportMessage.Direction.TO_REPORTER
              and not m.read_by_reporter]
    if unread:
        report.messages.filter(pk__in=unread).update(read_by_reporter=True)
    return messages


@transaction.atomic
def reporter_reply(*, report: Report, body: str) -> ReportMessage:
    report = lock(report)
    if report.status == Report.Status.CLOSED:
        raise ReportError("This report is closed. If something new has happened, you can "
                          "make a new report.")
    if not body.strip():
        raise ValidationError({"body": ["Write your message."]})
    message = ReportMessage.objects.create(
        institution=report.institution, report=report,
        direction=ReportMessage.Direction.FROM_REPORTER,
        channel=ReportMessage.Channel.RECEIPT_PAGE, body=body.strip()[:20000],
        sent_on=today())
    report.awaiting_staff = True
    if report.status == Report.Status.AWAITING_REPORTER:
        report.status = Report.Status.IN_SUPPORT
    report.save(update_fields=["awaiting_staff", "status"])
    record(report, "report.reporter_message", reporter=True, message=message.pk)
    return message


def reporter_add_files(*, report: Report, files) -> list[ReportEvidence]:
    """The reporter adds files from the follow-up page or API. The files are checked
    (core.uploads) before the transaction opens, so a refused one leaves nothing behind."""
    if report.status == Report.Status.CLOSED:
        raise ReportError("This report is closed.")
    files = list(files)
    if not files:
        raise ValidationError({"files": ["Choose a file to add."]})
    uploads = reporter_uploads(files, institution=report.institution, report=report)
    return _reporter_add_files(report=report, uploads=uploads)


@transaction.atomic
def _reporter_add_files(*, report: Report, uploads: list[CheckedUpload]
                        ) -> list[ReportEvidence]:
    report = lock(report)
    if report.status == Report.Status.CLOSED:
        raise ReportError("This report is closed.")
    existing = report.evidence.count()
    if existing + len(uploads) > settings.REPORT_MAX_FILES * 2:
        raise ValidationError({"files": ["This report already has as many files as it can "
                                         "take. Describe the rest in a message."]})
    added = []
    for upload in uploads:
        evidence = ReportEvidence(institution=report.institution, report=report,
                                  original_name=upload.name, content_type=upload.content_type,
                                  size=upload.size, added_on=today(), from_reporter=True)
        evidence.sha256 = store_encrypted(evidence.file, upload.name, upload.data)
        evidence.save()
        added.append(evidence)
    report.awaiting_staff = True
    report.save(update_fields=["awaiting_staff"])
    record(report, "report.reporter_files", reporter=True, files=len(added))
    return added


@transaction.atomic
def reporter_reveal_identity(*, report: Report, name: str, email: str = "", phone: str = "",
                             student_id: str = "", preferred_contact: str) -> Report:
    """An anonymous reporter decides to give their name so a caseworker can contact them."""
    report = lock(report)
    problems = {}
    if not report.is_anonymous:
        raise ReportError("We already have your contact details.")
    if not name.strip():
        problems["contact_name"] = "Tell us your name."
    if preferred_contact not in Report.ContactMethod.values:
        problems["preferred_contact"] = "Choose how you would like us to contact you."
    if not email.strip() and not phone.strip():
        problems["contact_email"] = "Give an email address or a phone number."
    if email.strip() and "@" not in email:
        problems["contact_email"] = "Enter an email address like name@example.org."
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    record(report, "report.identity_given", reporter=True)  # still dated only: it was anonymous
    report.is_anonymous = False
    report.contact_name, report.contact_email = name.strip(), email.strip()
    report.contact_phone, report.contact_student_id = phone.strip(), student_id.strip()
    report.preferred_contact = preferred_contact
    report.awaiting_staff = True
    report.save(update_fields=["is_anonymous", "contact_name", "contact_email",
                               "contact_phone", "contact_student_id", "preferred_contact",
                               "awaiting_staff"])
    return report


def first_contact_made(report: Report, actor) -> None:
    """Meet the first-contact deadline, if it is still open."""
    if report.first_contact_on:
        return
    report.first_contact_on = today()
    report.save(update_fields=["first_contact_on"])
    for deadline in deadlines_for(institution=report.institution, subject=report):
        if deadline.rule == Rule.SUPPORT_FIRST_CONTACT and deadline.is_open:
            deadline_complete(deadline=deadline, on=report.first_contact_on, actor=actor)
