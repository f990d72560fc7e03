"""The letters app serves any app: a kind declared by its owner (here a notice about a report of
Report + Support) is issued, rendered by the outbox relay to a tagged PDF stored encrypted with
its SHA-256, corrected as a new version, checked against the silence clause (000 §9), opened
with an audited read, and kept to its institution - all without the cases app."""

import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from audit.models import AccessEvent, AuditEvent
from core.crypto import decrypt_bytes
from letters import registry
from letters.models import Letter, LetterTemplate
from letters.registry import Kind, Recipient
from letters.services import (
    letter_correct,
    letter_delivery_record,
    letter_issue,
    letter_open,
    letter_template_check,
    letter_template_update,
)
from reporting.services.setup import reporting_defaults_apply

from ..reporting.test_staff_support import at, named_report

pytestmark = pytest.mark.django_db

KEY = "support_notice"


def _recipients(report, options):
    return [Recipient(key="reporter", name=report.contact_name, role="reporter",
                      email=report.contact_email)]


def _context(report, kind, recipient, options):
    return {"reference": report.reference, "date": "Monday 7 December 2026",
            "recipient": recipient.as_sent(), "note": options.get("note", ""),
            "institution": {"name": report.institution.display_letter_name, "address": ""}}


def _samples(institution, kind, role):
    yield {"reference": "R-1", "date": "today", "recipient": {"name": "Sam"}, "note": "",
           "institution": {"name": institution.name, "address": ""}}
    yield {"reference": "R-1", "date": "today", "recipient": {"name": "Sam"}, "note": "x",
           "institution": {"name": institution.name, "address": ""}}


def _no_one(actor, report):
    raise PermissionDenied("Not in this test.")


NOTICE = Kind(
    key=KEY, label="Support notice", subject="About what you told us",
    body="<p>Dear {{ recipient.name }},</p><p>We have your report {{ reference }}.</p>"
         "{% if note %}<p>{{ note }}</p>{% endif %}",
    recipients=_recipients, context=_context, samples=_samples, roles=("reporter",),
    silenced={"reporter": "reporters"}, require_sender=_no_one, app="tests")


@pytest.fixture(autouse=True)
def notice_kind(monkeypatch):
    monkeypatch.setitem(registry._KINDS, KEY, NOTICE)


@pytest.fixture
def report(kingsway):
    reporting_defaults_apply(institution=kingsway)
    return named_report(kingsway)


def issued(report, capture, **options) -> Letter:
    with at("2026-12-07"), capture(execute=True):
        [letter] = letter_issue(about=report, kind=KEY, actor=None, options=options)
    letter.refresh_from_db()
    return letter


def test_a_letter_about_a_report_is_rendered_stored_and_opened(
        kingsway, report, caseworker, django_capture_on_commit_callbacks):
    letter = issued(report, django_capture_on_commit_callbacks, note="We will call you.")

    assert letter.about == report
    assert letter.case is None
    assert (letter.status, letter.version, letter.recipient["role"]) == (
        Letter.Status.ISSUED, 1, "reporter")
    assert LetterTemplate.objects.for_institution(kingsway).get(kind=KEY).body == NOTICE.body
    with letter.pdf.open("rb") as handle:
        stored = handle.read()
    assert not stored.startswith(b"%PDF")  # encrypted at rest
    pdf = letter_open(letter=letter, actor=caseworker)
    assert pdf == decrypt_bytes(stored)
    assert hashlib.sha256(pdf).hexdigest() == letter.sha256
    reader = PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(reader.pages[0].extract_text().split())
    assert text.startswith("Kingsway School of Economics ")
    assert "We will call you." in text
    assert AccessEvent.objects.for_institution(kingsway).filter(
        object_type="letters.letter", object_id=str(letter.pk), actor=caseworker).exists()
    assert AuditEvent.objects.for_institution(kingsway).filter(
        action="letter.issued", object_type="reporting.report",
        object_id=str(report.pk)).exists()
    assert not Letter.objects.for_institution(kingsway.pk + 1000).filter(pk=letter.pk).exists()


def test_a_correction_is_a_new_version_and_the_original_stays(
        report, caseworker, django_capture_on_commit_callbacks):
    original = issued(report, django_capture_on_commit_callbacks, note="Tuesday")
    sha = original.sha256

    with at("2026-12-08"), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            letter_correct(letter=original, actor=caseworker, reason="  ")
        [corrected] = letter_correct(letter=original, actor=caseworker,
                                     reason="The day was wrong", options={"note": "Wednesday"})
        with pytest.raises(ValidationError, match="already been corrected"):
            letter_correct(letter=original, actor=caseworker, reason="Again")

    corrected.refresh_from_db()
    original.refresh_from_db()
    assert (corrected.version, corrected.corrects, corrected.context["note"]) == (
        2, original, "Wednesday")
    assert corrected.context["correction"]["reason"] == "The day was wrong"
    assert (original.sha256, original.context["note"]) == (sha, "Tuesday")
    assert corrected.sha256 != sha


def test_the_silence_clause_is_checked_for_the_kinds_protected_recipients(
        kingsway, kingsway_admin, report, django_capture_on_commit_callbacks):
    """The kind protects reporters: a template binding them is refused when saved, naming the
    clause, even behind a branch; one changed behind the editor's back is refused at issue."""
    with pytest.raises(ValidationError) as refused:
        letter_template_check(institution=kingsway, kind=KEY,
                              body="{% if note %}<p>Please do not discuss this.</p>{% endif %}")
    assert refused.value.message_dict["body"] == [
        "Letters to reporters must never bind them to silence (000 §9): remove "
        "'do not discuss'."]

    issued(report, django_capture_on_commit_callbacks)  # creates the institution's template
    template = LetterTemplate.objects.for_institution(kingsway).get(kind=KEY)
    with pytest.raises(ValidationError):
        letter_template_update(template=template, actor=kingsway_admin, subject="Hello",
                               body="<p>You must not tell anyone.</p>")
    LetterTemplate.objects.for_institution(kingsway).filter(pk=template.pk).update(
        body="<p>You must not tell anyone.</p>")
    with pytest.raises(ValidationError, match="000 §9"):
        issued(report, django_capture_on_commit_callbacks)
    assert Letter.objects.for_institution(kingsway).count() == 1


def test_who_records_sending_is_the_owning_apps_rule(
        report, caseworker, django_capture_on_commit_callbacks):
    letter = issued(report, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied, match="Not in this test"):
        letter_delivery_record(letter=letter, actor=caseworker, channel="email",
                               sent_on=letter.issued_on)
