"""Letters: never binding a reporting party to silence (000 §9), issued letters that never
change (a correction is a new version), idempotent generation, and the dates they state."""

import os
import socket
import urllib.request

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Letter, LetterKind, LetterTemplate, Stage
from cases.services.letter_defaults import DEFAULTS
from cases.services.letters import letter_correct
from core.crypto import decrypt_bytes
from institutions.services.reminders import deadlines_sweep
from letters.services import letter_html, letter_render, letter_template_check
from letters.silence import binds_to_silence
from letters.tasks import letter_render_task

from .rules_support import at, d, letters, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db


def stored(letter: Letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()


def files_of(letter: Letter) -> list[str]:
    """The stored files named for this letter (its name, or a copy stored beside it)."""
    folder, name = os.path.split(letter.pdf.name)
    stem = name.removesuffix(".pdf")
    return [f for f in letter.pdf.storage.listdir(folder)[1] if f.startswith(stem)]


def decided(kingsway, ks, capture):
    with on("2026-12-18", capture):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    return reload(case)


def set_template(inst, kind, body):
    LetterTemplate.objects.for_institution(inst).filter(kind=kind).update(body=body)


@pytest.mark.parametrize("sentence", [
    "You must not discuss this case with anyone.",
    "Please do not discuss the outcome with other students.",
    "You may not share this letter.",
    "You are required to keep the outcome strictly confidential.",
    "We ask that you refrain from discussing the matter.",
    "Please sign the enclosed non-disclosure agreement.",
    "You agree not to disclose the outcome.",
])
def test_letters_never_bind_reporting_party_to_silence(kingsway, ks, sentence):
    """000 §9: the institution never uses non-disclosure agreements in misconduct cases; the
    template editor refuses a template that would bind a reporting party to silence."""
    with pytest.raises(ValidationError) as refused:
        letter_template_check(institution=kingsway, kind=LetterKind.FORMAL_DECISION,
                              body=f"<p>Dear {{{{ recipient.name }}}},</p><p>{sentence}</p>")
    assert "000 §9" in str(refused.value)


def test_silence_hidden_behind_a_branch_is_found(kingsway):
    body = ('{% if outcome.result == "dismissed" %}<p>You must not discuss this.</p>'
            '{% endif %}<p>Dear {{ recipient.name }}</p>')
    with pytest.raises(ValidationError):
        letter_template_check(institution=kingsway, kind=LetterKind.FORMAL_DECISION, body=body)


def test_silence_in_the_subject_is_refused(kingsway):
    with pytest.raises(ValidationError):
        letter_template_check(institution=kingsway, kind=LetterKind.FORMAL_DECISION,
                              subject="Decision: do not discuss", body="<p>Decision</p>")


def test_institutions_own_promises_and_respondent_instructions_are_not_silence(kingsway):
    """A promise the institution makes ("we will not share your details") binds the reader
    to nothing; the respondent's letter may tell them not to contact the reporting party."""
    assert binds_to_silence("We will not share your details with the student.") is None
    letter_template_check(institution=kingsway, kind=LetterKind.FORMAL_DECISION, body=(
        "<p>We will never share your address.</p>{% if is_respondent %}<p>You must not "
        "discuss the case with the witnesses.</p>{% endif %}"))


@pytest.mark.parametrize("kind", list(DEFAULTS))
def test_default_templates_pass_the_silence_check(kingsway, kind):
    subject, body = DEFAULTS[kind]
    letter_template_check(institution=kingsway, kind=kind, subject=subject, body=body)


def test_letter_issue_refuses_silence_and_the_decision_is_not_taken(
        kingsway, ks, django_capture_on_commit_callbacks):
    """A template changed behind the editor's back is caught at issue: no letter binding the
    reporting party goes out, and the decision it would carry is not recorded either."""
    set_template(kingsway, LetterKind.FORMAL_DECISION,
                 "<p>Dear {{ recipient.name }}. You must not discuss this outcome.</p>")
    with on("2026-12-18", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        with pytest.raises(ValidationError, match="silence"):
            uphold(case, ks)
    assert reload(case).stage == Stage.INVESTIGATION
    assert letters(case) == []


def test_issued_letter_never_changes_correction_is_new_version(
        kingsway, ks, django_capture_on_commit_callbacks):
    """An issued letter is never rewritten: re-rendering leaves it alone, and a correction is
    version 2, pointing at version 1, stating the same deadline even after the window has
    closed, and saying what it corrects."""
    case = decided(kingsway, ks, django_capture_on_commit_callbacks)
    original = next(x for x in letters(case, LetterKind.FORMAL_DECISION)
                    if x.recipient_key == "respondent")
    sha, content = original.sha256, stored(original)
    assert original.status == Letter.Status.ISSUED
    assert len(sha) == 64

    deadlines_sweep(institution=kingsway, today=d("2027-01-08"))  # the window closes
    with on("2027-01-08", django_capture_on_commit_callbacks):
        with pytest.raises(PermissionDenied):
            letter_correct(letter=original, actor=ks.investigator, reason="Typo")
        with pytest.raises(ValidationError):
            letter_correct(letter=original, actor=ks.secretary, reason=" ")
        [corrected] = letter_correct(letter=original, actor=ks.secretary,
                                     reason="The penalty was misnamed")
        with pytest.raises(ValidationError, match="already been corrected"):
            letter_correct(letter=original, actor=ks.secretary, reason="Again")

    corrected.refresh_from_db()
    original.refresh_from_db()
    assert (corrected.version, corrected.corrects_id) == (2, original.pk)
    assert corrected.recipient_key == "respondent"
    assert corrected.status == Letter.Status.ISSUED
    assert corrected.context["appeal_deadline"] == "Wednesday 6 January 2027"
    assert corrected.context["correction"] == {
        "version": 1, "date": "Friday 18 December 2026", "reason": "The penalty was misnamed"}
    assert "This letter corrects our letter of Friday 18 December 2026: The penalty was " \
           "misnamed." in " ".join(letter_html(corrected).split())
    assert (original.version, original.sha256, stored(original)) == (1, sha, content)
    assert original.corrections.get() == corrected


def test_correcting_a_reporting_partys_letter_goes_to_that_party(
        kingsway, ks, django_capture_on_commit_callbacks):
    case = decided(kingsway, ks, django_capture_on_commit_callbacks)
    to_party = next(x for x in letters(case, LetterKind.FORMAL_DECISION)
                    if x.recipient["role"] == "reporting_party")
    with on("2026-12-21", django_capture_on_commit_callbacks):
        [corrected] = letter_correct(letter=to_party, actor=ks.secretary, reason="Name spelt")
    assert corrected.recipient_key == to_party.recipient_key
    assert corrected.recipient["role"] == "reporting_party"
    assert corrected.context["is_reporting_party"] is True
    assert len(letters(case, LetterKind.FORMAL_DECISION)) == 3


def test_letter_generation_is_idempotent(kingsway, ks, django_capture_on_commit_callbacks):
    """Running the render task again (a retry, a duplicate delivery) stores no second file and
    changes nothing."""
    case = decided(kingsway, ks, django_capture_on_commit_callbacks)
    letter = letters(case, LetterKind.FORMAL_DECISION)[0]
    sha, name, content = letter.sha256, letter.pdf.name, stored(letter)

    assert letter_render_task(institution_id=kingsway.pk, letter_id=letter.pk) == "issued"
    letter_render_task.delay(institution_id=kingsway.pk, letter_id=letter.pk)

    letter.refresh_from_db()
    assert (letter.sha256, letter.pdf.name, stored(letter)) == (sha, name, content)
    assert files_of(letter) == [os.path.basename(name)]


def test_letter_render_replaces_the_file_of_a_run_that_failed(
        kingsway, ks, django_capture_on_commit_callbacks):
    """A run that stored the PDF and then failed before recording it leaves a file behind;
    the retry replaces it instead of storing a second copy."""
    case = decided(kingsway, ks, django_capture_on_commit_callbacks)
    letter = letters(case, LetterKind.FORMAL_DECISION)[0]
    name = letter.pdf.name
    Letter.objects.for_institution(kingsway).filter(pk=letter.pk).update(
        status=Letter.Status.FAILED, pdf="", sha256="", error="worker lost")

    with at("2026-12-18"):
        letter_render_task(institution_id=kingsway.pk, letter_id=letter.pk)
    letter.refresh_from_db()
    assert (letter.status, letter.pdf.name, letter.error) == (Letter.Status.ISSUED, name, "")
    assert files_of(letter) == [os.path.basename(name)]


def test_letter_pdf_states_right_dates(kingsway, ks, django_capture_on_commit_callbacks,
                                       monkeypatch):
    """The decision letter states the appeal deadline of the worked example (Wednesday
    6 January 2027); the PDF is stored encrypted, and WeasyPrint fetches nothing from
    outside even when a template points at another server."""
    set_template(kingsway, LetterKind.FORMAL_DECISION, DEFAULTS[LetterKind.FORMAL_DECISION][1]
                 + '<img src="https://tracker.example/pixel.png">'
                 + '<link rel="stylesheet" href="http://fonts.example/font.css">')
    reached = []

    def refuse_connect(self, address, *args, **kwargs):
        reached.append(address)
        raise OSError("no network in tests")

    def refuse_open(self, url, *args, **kwargs):
        reached.append(getattr(url, "full_url", url))
        raise OSError("no network in tests")

    case = decided(kingsway, ks, django_capture_on_commit_callbacks)
    letter = next(x for x in letters(case, LetterKind.FORMAL_DECISION)
                  if x.recipient_key == "respondent")
    assert letter.context["appeal_deadline"] == "Wednesday 6 January 2027"
    assert letter.context["outcome"]["decided_on"] == "Friday 18 December 2026"
    html = letter_html(letter)
    assert "Wednesday 6 January 2027" in html
    assert "Friday 18 December 2026" in html
    assert letter.issued_on == d("2026-12-18")

    encrypted = stored(letter)
    assert not encrypted.startswith(b"%PDF")  # encrypted at rest
    pdf = decrypt_bytes(encrypted)
    assert pdf.startswith(b"%PDF")

    Letter.objects.for_institution(kingsway).filter(pk=letter.pk).update(
        status=Letter.Status.PENDING)
    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse_open)
    with at("2026-12-18"):
        letter_render(letter=letter)
    assert reached == []
